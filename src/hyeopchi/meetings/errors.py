from enum import StrEnum


class MeetingErrorCode(StrEnum):
    NOT_FOUND = "meetings.not_found"
    NOT_ALLOWED = "meetings.not_allowed"
    INVALID_SERIES = "meetings.invalid_series"
    INVALID_RULE = "meetings.invalid_rule"
    INVALID_MEETING = "meetings.invalid_meeting"
    INVALID_AGENDA_ITEM = "meetings.invalid_agenda_item"
    INVALID_ATTENDANCE = "meetings.invalid_attendance"
    INVALID_VOTE = "meetings.invalid_vote"
    INVALID_RULES = "meetings.invalid_rules"
    ALREADY_FORWARDED = "meetings.already_forwarded"
    NO_TARGET_MEETING = "meetings.no_target_meeting"
    MINUTES_PUBLISHED = "meetings.minutes_published"
    DOCUMENT_REFUSED = "meetings.document_refused"
    INVALID_PROGRAM = "meetings.invalid_program"
    REGISTRATION_CLOSED = "meetings.registration_closed"
    NOT_ELIGIBLE = "meetings.not_eligible"
    ALREADY_REGISTERED = "meetings.already_registered"
    COHORT_FULL = "meetings.cohort_full"
    REGISTRATION_NOT_FOUND = "meetings.registration_not_found"
    SIGN_IN_REQUIRED = "meetings.sign_in_required"
