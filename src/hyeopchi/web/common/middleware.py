"""Response headers every page carries."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


SITE_COOKIE = "hyeopchi_site"


class SiteMemoryMiddleware:
    """Remembers in a cookie the last site whose pages a person read, so that pages outside any
    site (an evaluation round reached from a site's home) keep that site's navigation. The cookie
    holds only the site's address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("site") if match is not None else None
        if slug and response.status_code == 200 and request.COOKIES.get(SITE_COOKIE) != slug:
            response.set_cookie(SITE_COOKIE, slug, samesite="Lax", httponly=True, secure=request.is_secure())
        return response
