"""A series' rule said in words, in Korean and in English, as its page and the picker's preview say it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hyeopchi.meetings.messages import describe_rule


@pytest.mark.parametrize(
    ("rule", "until", "korean", "english"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", None, "매주 화요일", "Every Tuesday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", None, "2주마다 금요일", "Every 2 weeks on Friday"),
        ("FREQ=MONTHLY;BYDAY=4TU", None, "매월 넷째 화요일", "Monthly on the fourth Tuesday"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU", None, "격월 넷째 화요일", "Every other month on the fourth Tuesday"),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=-1WE", None, "3개월마다 마지막 수요일", "Every 3 months on the last Wednesday"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=23",
            dt.date(2022, 6, 30),
            "매월 23일, 2022-06-30까지",
            "Monthly on day 23, until 2022-06-30",
        ),
        (
            "FREQ=YEARLY;BYMONTH=2,4;BYDAY=3WE",
            None,
            "FREQ=YEARLY;BYMONTH=2,4;BYDAY=3WE",
            "FREQ=YEARLY;BYMONTH=2,4;BYDAY=3WE",
        ),
    ],
)
def test_a_rule_in_words(rule, until, korean, english):
    with translation.override("ko"):
        said_in_korean = describe_rule(rule, until)
    with translation.override("en"):
        said_in_english = describe_rule(rule, until)

    assert (said_in_korean, said_in_english) == (korean, english)
