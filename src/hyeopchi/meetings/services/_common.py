"""What the meetings services share: permission refusals, row locks, status transitions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hyeopchi.core.errors import PermissionDeniedError
from hyeopchi.meetings.errors import MeetingErrorCode as Code


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError(
        Code.NOT_ALLOWED, _("Only administrators and secretaries of the organizer can manage its meetings.")
    )
