"""Tasks in the back office: read and correct texts; plans and reports go through the site."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hyeopchi.core.admin_tools import AuditedAdmin
from hyeopchi.tasks.models import ProgressReport, Task


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["title", "kind", "owner", "status", "progress", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "owner__name"]
    fields = ["title", "title_en", "description"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedAdmin):
    list_display = ["task", "reported_on", "progress", "status"]
    fields = ["narrative", "narrative_en"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
