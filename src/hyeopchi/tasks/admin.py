"""Tasks in the back office: read and correct a task's texts; plans and progress reports go
through the site, and a progress report, a dated statement, is never edited (CONTEXT.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from hyeopchi.core.actor import Actor
from hyeopchi.core.admin_tools import AuditedAdmin, ReadOnlyAdmin
from hyeopchi.tasks import services
from hyeopchi.tasks.models import ProgressReport, Task


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["title", "kind", "owner", "status", "progress", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "owner__name"]
    fields = ["title", "title_en", "description"]
    add_fields = ["owner", "title", "title_en", "kind", "description", "department", "parent", "start_date", "end_date"]
    autocomplete_fields = ["owner", "department", "parent"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Task:
        return services.create_task(actor=actor, **{name: data[name] for name in TaskAdmin.add_fields if name in data})


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "reported_on", "progress", "status"]
