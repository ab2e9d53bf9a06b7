"""Query helpers every domain's reads share."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet

from hyeopchi.core.errors import DomainError

Rows = TypeVar("Rows", bound=QuerySet[Any, Any])
M = TypeVar("M", bound=Model)


def where_given(queryset: Rows, **lookups: Any) -> Rows:
    """``queryset`` filtered by each lookup whose value was given: a lookup whose value is None
    or an empty string filters nothing, as an empty filter field on a list page does."""
    given = {lookup: value for lookup, value in lookups.items() if value not in (None, "")}
    return queryset.filter(**given) if given else queryset


def first_or_raise(queryset: QuerySet[M, M], error: DomainError) -> M:
    """The first row of ``queryset``; ``error`` (usually a NotFoundError) when there is none."""
    found = queryset.first()
    if found is None:
        raise error
    return found


# Rows ANALYZE samples per index on SQLite: enough for the planner, bounded on a large database.
ANALYSIS_LIMIT = 1000


def refresh_statistics() -> str:
    """Give SQLite's query planner fresh table statistics (``ANALYZE``), as PostgreSQL's autovacuum
    does by itself: without them SQLite sorts a site's every meeting rather than walk the start-time
    index to the first page. Returns what was done, for the daily job's report."""
    if connection.vendor != "sqlite":
        return "statistics left to the database"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return "statistics refreshed"
