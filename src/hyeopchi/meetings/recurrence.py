"""Recurrence of meeting series: RFC 5545 RRULE with EXDATE and RDATE, in Seoul wall-clock time.

Pure Python over ``dateutil`` (no Django), so it can be tested and benchmarked alone. DTSTART is
the first real occurrence; exceptions are data (lists of local datetimes), never edits of the rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rruleset, rrulestr

SEOUL = ZoneInfo("Asia/Seoul")
ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
# A series is expanded a bounded window at a time; this caps a runaway rule (e.g. FREQ=DAILY
# over decades) at a size a page or a job can still handle.
MAX_OCCURRENCES = 2000
_RULE_TEXT = re.compile(r"^(RRULE:)?[A-Z]+=[^\s;]+(;[A-Z]+=[^\s;]+)*$")


class RecurrenceError(ValueError):
    """A rule that cannot be used; ``code`` names why (see ``hyeopchi.meetings.errors``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


def normalize_rule(text: str) -> str:
    """The rule without its ``RRULE:`` prefix, upper-cased; raises RecurrenceError if unusable."""
    rule = (text or "").strip().upper()
    if not rule:
        raise RecurrenceError("rule_required")
    if not _RULE_TEXT.match(rule):
        # One RRULE property only: DTSTART, EXDATE and RDATE are fields of the series.
        raise RecurrenceError("rule_syntax")
    rule = rule.removeprefix("RRULE:")
    parse_rule(rule, dt.datetime(2000, 1, 3, 9, tzinfo=SEOUL))
    return rule


def parse_rule(rule: str, dtstart: dt.datetime) -> rrule:
    if dtstart.tzinfo is None:
        raise RecurrenceError("naive_start")
    try:
        parsed = rrulestr(rule, dtstart=dtstart.astimezone(SEOUL))
    except (ValueError, TypeError, KeyError) as error:
        raise RecurrenceError("rule_invalid", str(error)) from error
    if not isinstance(parsed, rrule):
        raise RecurrenceError("rule_syntax")
    if parsed._freq not in ALLOWED_FREQUENCIES:
        raise RecurrenceError("rule_too_frequent")
    return parsed


def to_local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(SEOUL)


def occurrences(
    rule: str,
    dtstart: dt.datetime,
    *,
    start: dt.datetime,
    end: dt.datetime,
    exdates: Iterable[dt.datetime] = (),
    rdates: Iterable[dt.datetime] = (),
) -> list[dt.datetime]:
    """Occurrence starts in ``[start, end]``, Seoul time, sorted, each once.

    ``dtstart`` counts as an occurrence only if the rule produces it (dateutil never emits a
    DTSTART that does not match); RDATEs add starts, EXDATEs remove them.
    """
    rules = rruleset()
    rules.rrule(parse_rule(rule, dtstart))
    for moment in exdates:
        rules.exdate(to_local(moment))
    for moment in rdates:
        rules.rdate(to_local(moment))
    found: list[dt.datetime] = []
    for moment in rules.xafter(to_local(start), inc=True):
        if moment > end:
            break
        found.append(moment)
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def parse_local_datetimes(values: Sequence[str]) -> list[dt.datetime]:
    """ISO datetimes as stored on a series; naive ones are Seoul wall-clock time."""
    moments = []
    for value in values:
        moment = dt.datetime.fromisoformat(value)
        moments.append(moment.replace(tzinfo=SEOUL) if moment.tzinfo is None else moment)
    return moments


def months_match(months: Sequence[int], moment: dt.datetime) -> bool:
    """Whether a seat invited only in ``months`` (empty: every month) is invited on ``moment``."""
    return not months or to_local(moment).month in months


# The patterns a person picks instead of typing a rule (see ``Pattern``).
WEEKLY_ON_WEEKDAY = "weekly"
MONTHLY_ON_DATE = "monthly_on_date"
MONTHLY_ON_WEEKDAY = "monthly_on_weekday"
MONTHLY_ON_LAST_WEEKDAY = "monthly_on_last_weekday"
PATTERNS = (WEEKLY_ON_WEEKDAY, MONTHLY_ON_DATE, MONTHLY_ON_WEEKDAY, MONTHLY_ON_LAST_WEEKDAY)
MAX_INTERVAL = 12
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_MONTHLY_BYDAY = re.compile(r"^(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass(frozen=True)
class Pattern:
    """A recurrence as a calendar's picker states it, anchored on the first meeting.

    ``kind`` is one of PATTERNS; ``interval`` counts weeks or months (2 with a monthly kind is
    "every other month"). The weekday, the day of the month and which week of the month come from
    the first meeting, as Google Calendar and Outlook offer them. The last day is the series'
    ``until``, not part of the rule.
    """

    kind: str
    interval: int = 1

    def rule(self, dtstart: dt.datetime) -> str:
        """The RRULE (without prefix) that produces ``dtstart`` and the occurrences after it."""
        if self.kind not in PATTERNS:
            raise RecurrenceError("pattern_unknown")
        if not 1 <= self.interval <= MAX_INTERVAL:
            raise RecurrenceError("interval_out_of_range")
        local = to_local(dtstart)
        weekday = _WEEKDAYS[local.weekday()]
        parts = {WEEKLY_ON_WEEKDAY: ["FREQ=WEEKLY"], MONTHLY_ON_DATE: ["FREQ=MONTHLY", f"BYMONTHDAY={local.day}"]}.get(
            self.kind, ["FREQ=MONTHLY"]
        )
        if self.kind == WEEKLY_ON_WEEKDAY:
            parts.append(f"BYDAY={weekday}")
        elif self.kind == MONTHLY_ON_WEEKDAY:
            if local.day > 28:
                # A fifth weekday does not occur every month; the picker offers "last" instead.
                raise RecurrenceError("no_fifth_weekday")
            parts.append(f"BYDAY={week_of_month(local)}{weekday}")
        elif self.kind == MONTHLY_ON_LAST_WEEKDAY:
            if not is_last_weekday_of_month(local):
                raise RecurrenceError("not_last_weekday")
            parts.append(f"BYDAY=-1{weekday}")
        if self.interval > 1:
            parts.insert(1, f"INTERVAL={self.interval}")
        return ";".join(parts)


def week_of_month(moment: dt.datetime | dt.date) -> int:
    """Which occurrence of its weekday in the month a day is (1 for the first Tuesday)."""
    return (moment.day - 1) // 7 + 1


def is_last_weekday_of_month(moment: dt.datetime | dt.date) -> bool:
    return (moment + dt.timedelta(days=7)).month != moment.month


@dataclass(frozen=True)
class RuleShape:
    """What a stored rule says, for saying it in words; None fields are absent from the rule."""

    frequency: str
    interval: int
    weekday: int | None = None
    week: int | None = None  # 1–5, or -1 for the last
    monthday: int | None = None
    until: dt.date | None = None


def shape_of(rule: str) -> RuleShape | None:
    """The shape of a rule the picker could have made, or None for anything else (shown as typed)."""
    try:
        parts = dict(part.split("=", 1) for part in normalize_rule(rule).split(";"))
    except (RecurrenceError, ValueError):
        return None
    frequency = parts.pop("FREQ")
    interval = int(parts.pop("INTERVAL", "1"))
    until = parts.pop("UNTIL", None)
    until_day = dt.date(int(until[:4]), int(until[4:6]), int(until[6:8])) if until else None
    byday = parts.pop("BYDAY", None)
    monthday = parts.pop("BYMONTHDAY", None)
    if parts or interval < 1:
        return None
    if frequency == "WEEKLY" and byday in _WEEKDAYS and monthday is None:
        return RuleShape("weekly", interval, weekday=_WEEKDAYS.index(byday), until=until_day)
    if frequency != "MONTHLY":
        return None
    if byday is None and monthday is not None and monthday.isdigit() and 1 <= int(monthday) <= 31:
        return RuleShape("monthly", interval, monthday=int(monthday), until=until_day)
    match = _MONTHLY_BYDAY.match(byday or "")
    if match and monthday is None:
        week, day = match.groups()
        return RuleShape("monthly", interval, weekday=_WEEKDAYS.index(day), week=int(week), until=until_day)
    return None
