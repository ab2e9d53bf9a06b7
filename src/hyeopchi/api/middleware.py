"""The API speaks the language the client asks for (Accept-Language), Korean by default."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ApiLanguageMiddleware:
    """Runs after LocaleMiddleware, which pins unprefixed paths to the default language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
