"""The site search page: one box over meetings, agenda items, minutes, proposals, tasks, progress
reports, budget projects and documents, with facets (type, body, year, status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.i18n import in_page_language
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.reports import search
from hyeopchi.reports.enums import SearchKind
from hyeopchi.reports.models import SearchEntry
from hyeopchi.web.common.views import domain_errors_as_pages


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=search.MAX_QUERY, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All")), *SearchKind.choices], required=False)
    body = forms.IntegerField(label=_("Body"), min_value=1, max_value=2**53, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
    status = forms.CharField(label=_("Status"), max_length=30, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


def link_of(site_slug: str, entry: SearchEntry) -> str:
    """The page (or file) a result leads to."""
    target: dict[str, Any] = entry.target
    if "meeting" in target:
        meeting = {"site": site_slug, "pk": target["meeting"]}
        if "document" in target:
            return reverse("web:document", kwargs={**meeting, "document_pk": target["document"]})
        page = reverse("web:meeting", kwargs=meeting)
        if "item" in target:
            return f"{page}#item-{target['item']}"
        return f"{page}#minutes-heading" if target.get("minutes") else page
    if "proposal" in target:
        return reverse("web:proposal", kwargs={"site": site_slug, "pk": target["proposal"]})
    if "task" in target:
        task = {"site": site_slug, "pk": target["task"]}
        if "evidence" in target:
            return reverse("web:evidence", kwargs={**task, "evidence_pk": target["evidence"]})
        page = reverse("web:task", kwargs=task)
        return f"{page}#report-{target['report']}" if "report" in target else page
    project = {"site": site_slug, "slug": target["process"], "heading": target["heading"], "number": target["number"]}
    if "file_pk" in target:
        return reverse("web:budget_project_file", kwargs={**project, "pk": target["file_pk"]})
    return reverse("web:budget_project", kwargs=project)


@domain_errors_as_pages
def site_search(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    form = SearchForm(request.GET or None)
    # A field the address cannot hold is left out; the others still count (said above the results).
    if form.is_bound:
        form.is_valid()
    chosen: dict[str, Any] = getattr(form, "cleaned_data", {})
    filters = search.Filters(
        kind=chosen.get("type") or "",
        body=chosen.get("body"),
        year=chosen.get("year"),
        status=chosen.get("status") or "",
    )
    query = chosen.get("q") or ""
    asked = bool(query or filters != search.Filters())
    results = search.search(site_org, query, filters, page=chosen.get("page") or 1) if asked else None
    labels = search.status_labels()
    kinds = dict(SearchKind.choices)

    def address(**change: Any) -> str:
        values = {
            "q": query,
            "type": filters.kind,
            "body": filters.body,
            "year": filters.year,
            "status": filters.status,
        }
        values.update(change)
        if "type" in change:
            values["status"] = ""  # statuses are per type
        return "?" + urlencode({key: value for key, value in values.items() if value not in ("", None)})

    facets: list[dict[str, Any]] = []
    hits: list[dict[str, Any]] = []
    if results is not None:
        names = {pk: body.display_name for pk, body in results.bodies.items()}
        shown: dict[str, tuple[Any, Callable[[Any], str], str]] = {
            "kind": (_("Type"), lambda value: kinds.get(value, value), "type"),
            "year": (_("Year"), str, "year"),
            "body": (_("Body"), lambda value: names.get(value, "—"), "body"),
            "status": (_("Status"), lambda value: labels.get((filters.kind, value), value), "status"),
        }
        for facet in ("kind", "year", "body", "status"):
            if facet == "status" and not filters.kind:
                continue  # a status means something within one type
            title, label_of, parameter = shown[facet]
            current = filters.value(facet)
            values = [
                {
                    "label": label_of(value),
                    "count": count,
                    "current": value == current,
                    "url": address(**{parameter: "" if value == current else value}),
                }
                for value, count in results.facets.get(facet, [])
            ]
            if values:
                facets.append(
                    {
                        "title": title,
                        "values": values,
                        "chosen": current not in ("", None),
                        "clear": address(**{parameter: ""}),
                    }
                )
        for hit in results.hits:
            entry = hit.entry
            hits.append(
                {
                    "entry": entry,
                    "title": in_page_language(entry.title, entry.target.get("title_en") or ""),
                    "kind": kinds.get(entry.kind, entry.kind),
                    "status": labels.get((entry.kind, entry.status), ""),
                    "body": names.get(entry.body_id, "") if entry.body_id else "",
                    "url": link_of(site_org.site_slug or site, entry),
                    "snippet": hit.snippet,
                }
            )
    # The shared page links: a paginator over the count alone (the search already cut the page).
    page = Paginator(range(results.total), search.PAGE_SIZE).get_page(results.page) if results else None
    return render(
        request,
        "web/reports/search.html",
        {
            "local_site": site_org,
            "form": form,
            "results": results,
            "facets": facets,
            "hits": hits,
            "page": page,
            "query": address()[1:],
            "title": _("Search"),
        },
    )
