"""A site's dashboards (each panel's chart with its table beside it, and the table as CSV or XLSX)
and its open-data catalogue (a page, and DCAT in JSON-LD)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.reports import catalogue, charts, dashboards, popolo
from hyeopchi.web.common.views import domain_errors_as_pages, page_language, spreadsheet_response

EARLIEST = dt.date(2000, 1, 1)


class PeriodForm(forms.Form):
    as_of = forms.DateField(label=_("Figures as of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    first = forms.DateField(label=_("Meetings from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        as_of, first = cleaned.get("as_of"), cleaned.get("first")
        if isinstance(as_of, dt.date) and not EARLIEST <= as_of <= today:
            self.add_error("as_of", _("Choose a day from 2000-01-01 to today."))
        if isinstance(first, dt.date) and isinstance(as_of, dt.date) and first > as_of:
            self.add_error("first", _("The first day comes on or before the day the figures are as of."))
        if isinstance(first, dt.date) and first < EARLIEST:
            self.add_error("first", _("Choose a day from 2000-01-01 to today."))
        return cleaned


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date | None]:
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["as_of"] or today, form.cleaned_data["first"]
    return form, today, None


@domain_errors_as_pages
def dashboard(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    form, as_of, first = _period(request)
    panels = dashboards.site_dashboard(site_org, as_of=as_of, first=first)
    shown = [(p, mark_safe(charts.to_svg(p.chart, ident=f"chart-{p.key}"))) for p in panels]  # noqa: S308 (escaped by charts)
    query = request.GET.urlencode()
    return render(
        request,
        "web/reports/dashboard.html",
        {"local_site": site_org, "form": form, "panels": shown, "as_of": as_of, "query": query},
    )


@domain_errors_as_pages
def dashboard_export(request: HttpRequest, site: str, key: str, fmt: str) -> HttpResponseBase:
    if fmt not in {"csv", "xlsx", "json"}:
        raise Http404
    site_org = organization_selectors.site_get(site)
    _form, as_of, first = _period(request)
    found = dashboards.panel(site_org, key, as_of=as_of, first=first)
    if found is None:
        raise Http404
    name = f"{site_org.site_slug}-{key}-{as_of.isoformat()}"
    return spreadsheet_response([str(h) for h in found.header], found.rows, fmt, name, title=key)


def _url_of(request: HttpRequest, site: str) -> Callable[[catalogue.Distribution], str]:
    def url_of(distribution: catalogue.Distribution) -> str:
        return request.build_absolute_uri(
            reverse(f"web:{distribution.route}", kwargs={"site": site, **distribution.args})
        )

    return url_of


@domain_errors_as_pages
def open_data(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    datasets = catalogue.site_datasets(site_org, language=page_language(request))
    url_of = _url_of(request, site)
    listed = [(d, [(x.fmt.upper(), url_of(x)) for x in d.distributions]) for d in datasets]
    name, licence_url = catalogue.licence()
    context = {"local_site": site_org, "datasets": listed, "licence_name": name, "licence_url": licence_url}
    return render(request, "web/reports/open_data.html", context)


@domain_errors_as_pages
def open_data_catalogue(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    datasets = catalogue.site_datasets(site_org, language=page_language(request))
    home = request.build_absolute_uri(reverse("web:open_data", kwargs={"site": site}))
    document = catalogue.dcat(site_org, datasets, home=home, url_of=_url_of(request, site))
    return JsonResponse(document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False})


@domain_errors_as_pages
def open_data_popolo(request: HttpRequest, site: str) -> JsonResponse:
    """The site's organizations, posts and memberships as Popolo JSON (members pseudonymous)."""
    return JsonResponse(popolo.popolo(organization_selectors.site_get(site)), json_dumps_params={"ensure_ascii": False})
