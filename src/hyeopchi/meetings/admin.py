"""Meetings, programs and registrations in the back office (set-up and corrections)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.admin_tools import AuditedAdmin
from hyeopchi.meetings import services
from hyeopchi.meetings.models import AgendaItem, Cohort, Meeting, MeetingSeries, Program, Registration, SeriesInvitation
from hyeopchi.organizations.back_office import on_site_page


class SeriesInvitationInline(admin.TabularInline[SeriesInvitation, Any]):
    model = SeriesInvitation
    extra = 0
    autocomplete_fields = ["post"]
    can_delete = False


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(AuditedAdmin):
    list_display = ["title", "organizer", "rrule", "dtstart", "until"]
    search_fields = ["title", "organizer__name"]
    autocomplete_fields = ["organizer"]
    inlines = [SeriesInvitationInline]
    created_on_site = staticmethod(
        on_site_page("web:directory", _("Open the organizing body's page and choose “New meeting series”."))
    )


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["__str__", "organizer", "start", "status"]
    list_filter = ["status"]
    search_fields = ["title", "organizer__name"]
    autocomplete_fields = ["organizer"]
    readonly_fields = ["series", "recurrence_id", "number", "status", "sequence"]
    exclude = ["sequence"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Meeting:
        return services.create_meeting(
            actor=actor,
            **{
                name: data[name]
                for name in (
                    "organizer",
                    "title",
                    "start",
                    "end",
                    "title_en",
                    "place",
                    "online_url",
                    "description",
                    "is_public",
                )
                if name in data
            },
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin):
    list_display = ["title", "meeting", "kind", "decision"]
    list_filter = ["kind", "decision"]
    search_fields = ["title"]
    raw_id_fields = ["meeting", "parent", "forwarded_from"]
    readonly_fields = ["forwarded_from", "decision"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> AgendaItem:
        names = ("meeting", "title", "kind", "presenter", "parent", "description", "title_en")
        return services.add_agenda_item(actor=actor, **{name: data[name] for name in names if name in data})


class CohortInline(admin.TabularInline[Cohort, Any]):
    model = Cohort
    extra = 0
    can_delete = False


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["title", "organizer", "kind", "min_grade", "max_grade"]
    list_filter = ["kind"]
    search_fields = ["title"]
    autocomplete_fields = ["organizer"]
    inlines = [CohortInline]
    created_on_site = staticmethod(
        on_site_page("web:directory", _("Open the organizing body's page and choose “New program”."))
    )


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ["code", "cohort", "name", "status", "channel", "created_at"]
    list_filter = ["status", "channel"]
    search_fields = ["code", "name", "contact"]
    readonly_fields = ["cohort", "code", "status", "channel", "registered_by"]
    created_on_site = staticmethod(
        on_site_page(
            "web:programs",
            _("Open the program: staff enter applications made by phone on its page, into the reserved places."),
        )
    )
