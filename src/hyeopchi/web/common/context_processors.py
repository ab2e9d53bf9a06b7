"""Template context every page needs: links to the same page in each language, and for a signed-in
person their unread notifications, whether they work the platform for a body, and the round whose
score sheets await them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from hyeopchi.core import notifications
from hyeopchi.core.actor import Actor
from hyeopchi.evaluations import selectors as evaluation_selectors
from hyeopchi.organizations import permissions


def language_links(request: HttpRequest) -> dict[str, Any]:
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    links = [
        {"code": code, "name": name, "url": translate_url(path, code), "is_current": current.startswith(code)}
        for code, name in [("ko", "한국어"), ("en", "English")]
    ]
    return {"language_links": links}


def account(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": notifications.unread_count(int(user.pk)),
        "is_staff_account": permissions.is_staff(Actor.for_user(user)),
        "assignments_round": evaluation_selectors.evaluator_round_slug(int(user.pk)),
    }
