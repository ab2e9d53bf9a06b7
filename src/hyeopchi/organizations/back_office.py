"""Back-office add buttons that lead to the site: rows made with others (a series with its seats,
a program with its cohorts, thresholds with their steps) are created on the site's pages, where
their service runs with its whole form."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from hyeopchi.core.admin_tools import Elsewhere
from hyeopchi.organizations.selectors import home_site


def on_site_page(view: str, explanation: str | Promise) -> Elsewhere:
    """The page ``view`` (which takes the site's address) of the person's own site."""

    def where(request: HttpRequest) -> tuple[str, str]:
        text = str(explanation)
        site = home_site(request.user)
        if site is None or not site.site_slug:
            return reverse("web:landing"), text
        return reverse(view, kwargs={"site": site.site_slug}), text

    return where


def on_page(view: str, explanation: str | Promise) -> Elsewhere:
    """A page outside any site (the evaluations)."""
    return lambda _request: (reverse(view), str(explanation))
