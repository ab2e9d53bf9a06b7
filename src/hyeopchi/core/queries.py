"""Query helpers every domain's reads share."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

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
