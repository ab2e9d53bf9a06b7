"""Working days of Korean public offices: not a Saturday or Sunday, nor a public holiday of
관공서의 공휴일에 관한 규정 (substitute holidays and election days included), as the ``holidays``
package lists them for South Korea."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


@cache
def _korean_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("KR", language="ko")


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on ``day`` (in Korean), if any."""
    name = _korean_holidays().get(day)
    return str(name) if name else None


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
