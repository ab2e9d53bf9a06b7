"""Every write to series, meetings, agendas, attendance, votes, minutes, documents, programs and
registrations, by sub-domain: series, meetings (and agenda, attendance), minutes (and documents),
decisions (votes, recusals, particulars), programs (and registrations).

The public names are re-exported here, so callers import ``services`` and need not know the
sub-module.
"""

from hyeopchi.meetings.services.decisions import (
    RecusalEntry,
    VoteEntry,
    close_agenda_item,
    record_particulars,
    record_vote,
    set_meeting_rules,
)
from hyeopchi.meetings.services.meetings import (
    AttendanceEntry,
    add_agenda_item,
    adopt_as_task,
    create_meeting,
    decide_agenda_item,
    forward_agenda_items,
    move_meeting,
    record_attendance,
    remind_records_awaited,
    set_meeting_status,
)
from hyeopchi.meetings.services.minutes import add_document, publish_minutes, save_minutes
from hyeopchi.meetings.services.programs import (
    CODE_ALPHABET,
    CohortSpec,
    Guardian,
    answer_as_guardian,
    cancel_registration,
    cancel_unanswered_guardian_requests,
    create_program,
    guardian_token,
    purge_expired_registrations,
    register,
    registration_for_guardian,
)
from hyeopchi.meetings.services.series import Invitation, create_series, generate_occurrences, generate_occurrences_for

__all__ = [
    "AttendanceEntry",
    "RecusalEntry",
    "VoteEntry",
    "close_agenda_item",
    "record_particulars",
    "record_vote",
    "set_meeting_rules",
    "CODE_ALPHABET",
    "CohortSpec",
    "Guardian",
    "Invitation",
    "add_agenda_item",
    "answer_as_guardian",
    "add_document",
    "adopt_as_task",
    "cancel_registration",
    "cancel_unanswered_guardian_requests",
    "create_meeting",
    "create_program",
    "create_series",
    "decide_agenda_item",
    "forward_agenda_items",
    "generate_occurrences",
    "guardian_token",
    "purge_expired_registrations",
    "registration_for_guardian",
    "generate_occurrences_for",
    "move_meeting",
    "publish_minutes",
    "record_attendance",
    "remind_records_awaited",
    "register",
    "save_minutes",
    "set_meeting_status",
]
