"""iCalendar (RFC 5545) feeds of meetings: flat instances, one VEVENT per meeting.

Flat instances rather than RRULE + overrides: Outlook and Korean groupware handle them reliably,
and a moved or cancelled occurrence is simply its own event (reference/meetings.md §5).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from hyeopchi.meetings.enums import MeetingStatus
from hyeopchi.meetings.models import Meeting
from hyeopchi.meetings.recurrence import SEOUL

ICAL_STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting, host: str) -> str:
    return f"meeting-{meeting.pk}@{host}"


def build_calendar(meetings: Iterable[Meeting], *, name: str, host: str, page_url_of: dict[int, str]) -> bytes:
    """A VCALENDAR of ``meetings``; each DESCRIPTION carries the meeting page's address, since
    calendar clients ignore URL."""
    calendar = Calendar()
    calendar.add("prodid", "-//hyeopchi//meetings//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", "Asia/Seoul")
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting, host))
        event.add("dtstamp", meeting.updated_at)
        event.add("dtstart", meeting.start.astimezone(SEOUL))
        event.add("dtend", meeting.end.astimezone(SEOUL))
        event.add("summary", meeting.numbered_title)
        event.add("sequence", meeting.sequence)
        event.add("status", ICAL_STATUS[MeetingStatus(meeting.status)])
        if meeting.place:
            event.add("location", meeting.place)
        page = page_url_of[meeting.pk]
        lines = [_("Meeting page: %(url)s") % {"url": page}]
        if meeting.online_url:
            lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
        event.add("description", vText("\n".join(lines)))
        event.add("url", page)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
