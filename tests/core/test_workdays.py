"""Working days of Korean public offices."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.workdays import holiday_name, is_working_day, next_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2024, 3, 15), True),  # a Friday
        (dt.date(2024, 3, 16), False),  # a Saturday
        (dt.date(2024, 4, 10), False),  # 국회의원 선거일
        (dt.date(2024, 2, 12), False),  # 설날 대체공휴일
        (dt.date(2024, 10, 1), False),  # 국군의 날 (2024 임시공휴일)
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_the_next_working_day_after_a_long_weekend():
    # 추석 2024: 16–18 September (Mon–Wed), after a weekend.
    assert next_working_day(dt.date(2024, 9, 14)) == dt.date(2024, 9, 19)


def test_holidays_are_named_in_korean():
    assert holiday_name(dt.date(2024, 4, 10)) == "국회의원 선거일"
