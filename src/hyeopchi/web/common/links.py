"""The public site's addresses for what notifications are about."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from hyeopchi.core.notifications import LinkBuilder, register_link


def _page(name: str) -> LinkBuilder:
    def build(site: str, pk: int) -> str:
        try:
            with override("ko"):  # the address without a language prefix, for everyone
                return reverse(name, kwargs={"site": site, "pk": pk})
        except NoReverseMatch:
            return ""

    return build


def _site_page(name: str) -> LinkBuilder:
    def build(site: str, pk: int) -> str:
        try:
            with override("ko"):
                return reverse(name, kwargs={"site": site})
        except NoReverseMatch:
            return ""

    return build


def register_links() -> None:
    register_link("proposals.proposal", _page("web:proposal"))
    register_link("tasks.task", _page("web:task"))
    register_link("meetings.meeting", _page("web:meeting"))
    register_link("organizations.verificationrequest", _site_page("web:eligibility"))
