"""Recurrence of meeting series: RFC 5545 RRULE with EXDATE and RDATE, in Seoul wall-clock time.

Pure Python over ``dateutil`` (no Django), so it can be tested and benchmarked alone. DTSTART is
the first real occurrence; exceptions are data (lists of local datetimes), never edits of the rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
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
