"""Who may run meetings: the organizer's administrators and secretaries (and platform admins)."""

from __future__ import annotations

from hyeopchi.core.actor import Actor
from hyeopchi.meetings.models import Meeting, Registration
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_manage_roster


def can_manage_meetings(actor: Actor, organizer: Organization) -> bool:
    """Schedule series and meetings, prepare agendas, record attendance, decisions and minutes."""
    return can_manage_roster(actor, organizer)


def can_manage_meeting(actor: Actor, meeting: Meeting) -> bool:
    return can_manage_meetings(actor, meeting.organizer)


def can_view_meeting(actor: Actor, meeting: Meeting) -> bool:
    return meeting.is_public or can_manage_meeting(actor, meeting)


def is_registrant(actor: Actor, registration: Registration) -> bool:
    """The person who made the registration while signed in: they may cancel it without its
    contact (others prove it with the code and the contact)."""
    return actor.user_pk is not None and registration.registered_by_id == actor.user_pk
