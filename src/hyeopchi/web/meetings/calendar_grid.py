"""The month and week grids of the meeting calendar: which days a page shows, and the meetings on
each, from a ``month=2026-11`` or ``week=2026-W48`` address (ISO weeks start on Monday)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from hyeopchi.meetings.recurrence import SEOUL

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass
class Day:
    date: dt.date
    in_period: bool
    meetings: list[Any] = field(default_factory=list)


@dataclass
class Period:
    kind: str  # "month" or "week"
    first: dt.date
    last: dt.date
    weeks: list[list[Day]]
    previous: str
    next: str
    today: dt.date
    switch: str  # the same time as a week (from a month) or as a month (from a week)

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_period]


def _month(text: str, today: dt.date) -> dt.date:
    try:
        year, month = (int(part) for part in text.split("-", 1))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _week(text: str, today: dt.date) -> dt.date:
    try:
        monday = dt.date.fromisocalendar(int(text[:4]), int(text.split("W", 1)[1]), 1)
        if FIRST_YEAR <= monday.year <= LAST_YEAR:
            return monday
    except (ValueError, IndexError):
        pass
    return today - dt.timedelta(days=today.weekday())


def _week_key(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_for(params: Any) -> Period:
    """The month (default) or the week a request asks for; a bad value gives the current one."""
    today = timezone.localdate()
    if "week" in params:
        monday = _week(str(params.get("week", "")), today)
        days = [Day(monday + dt.timedelta(days=n), True) for n in range(7)]
        return Period(
            "week",
            monday,
            monday + dt.timedelta(days=6),
            [days],
            _week_key(monday - dt.timedelta(days=7)),
            _week_key(monday + dt.timedelta(days=7)),
            today,
            f"{monday:%Y-%m}",
        )
    first = _month(str(params.get("month", "")), today)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    weeks = [
        [Day(day, day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    before = (first - dt.timedelta(days=1)).replace(day=1)
    after = last + dt.timedelta(days=1)
    shown = today if first <= today <= last else first
    return Period("month", first, last, weeks, f"{before:%Y-%m}", f"{after:%Y-%m}", today, _week_key(shown))


def place_meetings(period: Period, meetings: list[Any]) -> Period:
    by_day: dict[dt.date, list[Any]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.start.astimezone(SEOUL).date(), []).append(meeting)
    for week in period.weeks:
        for day in week:
            day.meetings = by_day.get(day.date, []) if day.in_period else []
    return period
