"""Template context every page needs: links to the same page in each language, and for a signed-in
person their unread notifications, whether they work the platform for a body, and the round whose
score sheets await them; an evaluation round's site."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from hyeopchi.core import notifications
from hyeopchi.core.actor import Actor
from hyeopchi.evaluations import selectors as evaluation_selectors
from hyeopchi.evaluations.models import Round
from hyeopchi.organizations import permissions
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.middleware import SITE_COOKIE


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


def evaluation_site(request: HttpRequest) -> dict[str, Any]:
    """An evaluation round's pages show the navigation of the site whose office runs the round, or
    else of the site the reader came from when the round concerns it."""
    match = getattr(request, "resolver_match", None)
    if match is None or not (match.url_name or "").startswith("evaluation") or "slug" not in match.kwargs:
        return {}
    round_ = Round.objects.select_related("office__site").filter(slug=match.kwargs["slug"]).first()
    if round_ is None:
        return {}
    if round_.office.site is not None:
        return {"local_site": round_.office.site}
    remembered = request.COOKIES.get(SITE_COOKIE)
    site = Organization.objects.sites().filter(site_slug=remembered).first() if remembered else None
    if site is not None and evaluation_selectors.concerns_site(round_, site):
        return {"local_site": site}
    return {}
