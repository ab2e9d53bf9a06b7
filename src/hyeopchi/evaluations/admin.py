"""Evaluations in the back office: round texts, calendar and panel settings are edited here (each
save audited); frameworks, draws, ratings and results change only through the services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.admin_tools import AuditedAdmin, ReadOnlyAdmin
from hyeopchi.evaluations.models import Appeal, Framework, Panel, ResultVersion, Round
from hyeopchi.organizations.back_office import on_page

# A round is created from its framework and rules files, with its panels, on one page.
NEW_ROUND = staticmethod(
    on_page("web:evaluation_new", _("A round is created from its framework and rules files, with its panels."))
)


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "status", "content_hash", "published_at"]
    list_filter = ["status"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["title", "office", "status", "draw_on", "final_on"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    created_on_site = NEW_ROUND
    fields = [
        "title",
        "title_en",
        "description",
        "draw_on",
        "scoring_from",
        "scoring_until",
        "provisional_on",
        "appeal_until",
        "final_on",
    ]


@admin.register(Panel)
class PanelAdmin(AuditedAdmin):
    list_display = ["title", "round", "kind", "per_target", "solver"]
    fields = ["title", "title_en", "per_target", "capacity", "coi_years", "residence_conflicts", "solver"]
    created_on_site = NEW_ROUND


@admin.register(ResultVersion)
class ResultVersionAdmin(ReadOnlyAdmin):
    list_display = ["round", "number", "final_number", "published", "output_hash", "created_at"]
    list_filter = ["published"]
    exclude = ["inputs", "payload"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["round", "target", "ground", "status", "created_at"]
    list_filter = ["status", "ground"]
