from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hyeopchi.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the chain is written by services alone."""

    list_display = ["seq", "occurred_at", "verb", "target_label", "actor_label"]
    list_filter = ["verb"]
    search_fields = ["target_label", "actor_label", "verb"]
    readonly_fields = [
        "seq",
        "occurred_at",
        "actor_label",
        "actor_user",
        "verb",
        "target_type",
        "target_pk",
        "target_label",
        "payload",
        "previous_hash",
        "hash",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
