"""Which status a meeting may move to from each status."""

from hyeopchi.meetings.enums import MeetingStatus as S

MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    S.SCHEDULED: frozenset({S.HELD, S.POSTPONED, S.CANCELLED}),
    S.POSTPONED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.HELD: frozenset(),
    S.CANCELLED: frozenset({S.SCHEDULED}),
}
