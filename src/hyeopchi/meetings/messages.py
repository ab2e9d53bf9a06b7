"""Translated sentences for the recurrence module's error codes."""

from __future__ import annotations

from django.utils.translation import gettext as _


def rule_error_message(code: str) -> str:
    messages = {
        "rule_required": _("Enter a recurrence rule."),
        "rule_syntax": _("Write one RRULE such as FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH."),
        "rule_invalid": _("This recurrence rule is not valid RFC 5545."),
        "rule_too_frequent": _("Meetings recur daily at most."),
        "naive_start": _("Give the first occurrence with a time zone."),
    }
    return messages.get(code, _("This recurrence rule is not valid RFC 5545."))
