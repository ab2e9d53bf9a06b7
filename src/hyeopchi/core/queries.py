"""Query helpers every domain's reads share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, Model, Q, QuerySet
from django.utils import timezone

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


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the site's time zone, as an aware time: a filter on
    ``field__lt=start_of(day + 1 day)`` compares the stored column itself (its index serves), where
    ``field__date__lte=day`` converts every row's time first."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def counts_by_year(queryset: QuerySet[Any, Any], field: str, *, until: dt.date) -> dict[int, int]:
    """How many rows of ``queryset`` have ``field`` (a time) in each calendar year up to and
    including ``until``, in the site's time zone; in one query of range counts, years without a
    row left out."""
    first: dt.datetime | None = queryset.filter(**{f"{field}__isnull": False}).aggregate(first=Min(field))["first"]
    if first is None:
        return {}
    years = range(timezone.localtime(first).year, until.year + 1)
    ends = {year: min(dt.date(year + 1, 1, 1), until + dt.timedelta(days=1)) for year in years}
    counts = queryset.aggregate(
        **{
            f"y{year}": Count(
                "pk", filter=Q(**{f"{field}__gte": start_of(dt.date(year, 1, 1)), f"{field}__lt": start_of(end)})
            )
            for year, end in ends.items()
        }
    )
    return {year: counts[f"y{year}"] for year in years if counts[f"y{year}"]}


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A cursor for a hot path's statements: on PostgreSQL, PostgreSQL plans each statement once
    per connection (a prepared statement) instead of at every execution, which for a statement of
    several parts costs more than running it. Elsewhere, the usual cursor.

    Django binds parameters on the client and prepares nothing (so that a transaction-pooling
    PgBouncer works); this cursor binds them on the server. Behind such a pooler older than
    PgBouncer 1.21, which cannot keep prepared statements, set ``HYEOPCHI_DB_PREPARE=0``.
    The cursor is Django's wrapper, so queries are counted and logged as usual.
    """
    if connection.vendor != "postgresql" or not settings.HYEOPCHI_DB_PREPARE:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw_connection = connection.connection
    # Django's cursors bind on the client and never prepare whatever this says; only ours do.
    raw_connection.prepare_threshold = 0
    raw: Any = psycopg.Cursor(raw_connection)  # Django's wrappers take any DB-API cursor
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    try:
        yield cursor
    finally:
        cursor.close()
