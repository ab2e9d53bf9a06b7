"""Limit/offset paging shared by every list operation: at most 200 rows a page."""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: Annotated[int, Field(ge=1, le=200)] = 50
        offset: Annotated[int, Field(ge=0, le=10**9)] = 0

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any) -> Any:
        offset, limit = pagination.offset, pagination.limit
        return {"items": queryset[offset : offset + limit], "count": self._items_count(queryset)}
