"""Template context every page needs: links to the same page in each language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language_links(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = [
        {"code": code, "name": name, "url": translate_url(path, code), "is_current": current.startswith(code)}
        for code, name in [("ko", "한국어"), ("en", "English")]
    ]
    return {"language_links": links}
