"""The site search through the API: the same entries, facets and pages as the search page.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hyeopchi.api.schemas import Date, QueryText
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.reports import search
from hyeopchi.reports.enums import SearchKind

router = Router(tags=["search"])

KINDS = "|".join(kind.value for kind in SearchKind)


class SearchFilters(Schema):
    q: QueryText = ""
    type: Annotated[str, Field(pattern=rf"^({KINDS})?$")] = ""
    body: Annotated[int, Field(ge=1, le=2**53)] | None = None
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    status: Annotated[str, Field(max_length=30, pattern=r"^[a-z_]*$")] = ""
    page: Annotated[int, Field(ge=1, le=100_000)] = 1


class HitOut(Schema):
    type: str = Field(
        ..., description="meeting, agenda_item, minutes, proposal, task, progress_report, budget_project or document"
    )
    title: str
    date: Date | None
    body_id: int | None
    body: str
    status: str
    snippet: str = Field(..., description="The text around the first term found; the terms are in `terms`.")
    target: dict[str, Any] = Field(
        ..., description="What the result is: the ids of its meeting, proposal, task or project."
    )


class FacetOut(Schema):
    value: str
    count: int


class SearchOut(Schema):
    query: str
    terms: list[str] = Field(..., description="The content words searched for (particles and endings aside).")
    total: int
    page: int
    pages: int
    items: list[HitOut]
    facets: dict[str, list[FacetOut]] = Field(
        ..., description="type, body, year and status: each value with its count."
    )


@router.get("/sites/{slug}/search", response=SearchOut)
def site_search(request: HttpRequest, slug: str, filters: Query[SearchFilters]) -> dict[str, Any]:
    """Search a site's public meetings, agenda items, minutes, proposals, tasks, progress reports,
    budget projects and documents' text; newest first, 20 a page."""
    site = organization_selectors.site_get(slug)
    chosen = search.Filters(kind=filters.type, body=filters.body, year=filters.year, status=filters.status)
    results = search.search(site, filters.q, chosen, page=filters.page)
    names = {pk: body.name for pk, body in results.bodies.items()}
    return {
        "query": results.query,
        "terms": results.terms,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "items": [
            {
                "type": hit.entry.kind,
                "title": hit.entry.title,
                "date": hit.entry.date,
                "body_id": hit.entry.body_id,
                "body": names.get(hit.entry.body_id, "") if hit.entry.body_id else "",
                "status": hit.entry.status,
                "snippet": "".join(text for text, _marked in hit.snippet),
                "target": {key: value for key, value in hit.entry.target.items() if key != "file"},
            }
            for hit in results.hits
        ],
        "facets": {
            ("type" if facet == "kind" else facet): [{"value": str(value), "count": count} for value, count in values]
            for facet, values in results.facets.items()
        },
    }
