"""Proposals in the back office: read and correct; workflow changes go through the site."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.admin_tools import AuditedAdmin
from hyeopchi.organizations.back_office import on_site_page
from hyeopchi.proposals.models import Answer, Ladder, LadderStep, Proposal


class LadderStepInline(admin.TabularInline[LadderStep, Any]):
    model = LadderStep
    extra = 0
    can_delete = False
    fields = (
        "order",
        "name",
        "metric",
        "threshold",
        "window_days",
        "effect",
        "answerer",
        "answer_organization",
        "answer_days",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ladder)
class LadderAdmin(AuditedAdmin):
    """A ladder in force is history: a change is a new ladder from a later date."""

    list_display = ["name", "site", "valid_from", "basis"]
    readonly_fields = ["site", "valid_from"]
    inlines = [LadderStepInline]
    created_on_site = staticmethod(
        on_site_page("web:ladder_new", _("New thresholds are set with their steps on this page."))
    )


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ["title", "kind", "status", "addressee", "support_count", "submitted_at"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title"]
    fields = ["title", "title_en", "body"]
    created_on_site = staticmethod(
        on_site_page(
            "web:proposal_new",
            _(
                "A proposal is written on the site, under its author's account; a committee's recommendation is "
                "made from a proposal's page."
            ),
        )
    )


@admin.register(Answer)
class AnswerAdmin(AuditedAdmin):
    list_display = ["proposal", "organization", "due_on", "answered_at", "outcome"]
    list_filter = ["outcome"]
    fields = ["text", "text_en"]
    created_on_site = staticmethod(
        on_site_page("web:proposals", _("Open the proposal and choose “Ask for an answer”."))
    )
