from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.admin_tools import ReadOnlyAdmin
from hyeopchi.core.audit import HASHED_FIELDS
from hyeopchi.core.models import AuditAnchor, AuditEvent

admin.site.site_header = _("Hyeopchi back office")
admin.site.site_title = _("Hyeopchi back office")
admin.site.index_title = _("Set-up data and corrections")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the chain is written by services alone."""

    list_display = ["seq", "occurred_at", "verb", "target_label", "actor_label"]
    list_filter = ["verb"]
    search_fields = ["target_label", "actor_label", "verb"]
    readonly_fields = [*HASHED_FIELDS, "actor_user", "hash"]


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    """Read-only: anchors are published by ``hyeopchi audit anchor`` and the daily job."""

    list_display = ["seq", "hash", "anchored_at", "anchored_by"]
    readonly_fields = ["seq", "hash", "anchored_at", "anchored_by"]
