"""What every /api/ response shares: the client's language, and errors in the JSON envelope."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

API_PREFIX = "/api/"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _fallback_error(status: int) -> tuple[str, str]:
    """Code and message for an error that Django or the router produced outside the API's handlers."""
    if status == 404:
        return "core.not_found", _("Nothing was found at this address.")
    if status == 405:
        return "core.method_not_allowed", _("This address does not accept that method.")
    if status == 403:
        return "core.permission_denied", _("You do not have permission to do this.")
    return "core.http_error", _("The request could not be completed.")


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "fields": {}}},
        status=status,
        headers={"Content-Language": translation.get_language()},
    )


class ApiMiddleware:
    """Runs after LocaleMiddleware, which pins unprefixed paths to the default language.

    The API follows ``Accept-Language`` instead (Korean by default), and any error response that
    is not already JSON (an unknown path, a method the operation does not accept) is rewritten
    into ``{"error": {"code", "message", "fields"}}``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # Operations open to everyone skip django-ninja's CSRF check, yet a browser sends the
        # session cookie to them too: a signed-in write anywhere in the API needs the token.
        signed_in_write = request.method not in SAFE_METHODS and request.user.is_authenticated
        try:
            refused = signed_in_write and check_csrf(request) is not None
        except MultiPartParserError:
            # The check reads a form body for its token; one that cannot be read is the client's.
            return _error(400, "core.bad_request", _("The request body could not be read."))
        if refused:
            return _error(
                403, "core.csrf_failed", _("Send the CSRF token (X-CSRFToken header) with a signed-in write.")
            )
        response = self.get_response(request)
        is_json = response.get("Content-Type", "").startswith("application/json")
        if response.status_code >= 400 and not is_json:
            code, message = _fallback_error(response.status_code)
            replacement = _error(response.status_code, code, message)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            response = replacement
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
