"""Query helpers every domain's reads share."""

from __future__ import annotations

from typing import Any, TypeVar

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
