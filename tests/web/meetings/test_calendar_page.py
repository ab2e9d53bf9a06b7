"""The meeting calendar by month and by ISO week."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from hyeopchi.web.meetings.calendar_grid import period_for

pytestmark = pytest.mark.django_db


def test_a_month_runs_from_the_monday_before_its_first_day_to_the_sunday_after_its_last():
    period = period_for(MultiValueDict({"month": ["2021-04"]}))

    assert (period.first, period.last, period.previous, period.next) == (
        dt.date(2021, 4, 1),
        dt.date(2021, 4, 30),
        "2021-03",
        "2021-05",
    )
    assert (period.weeks[0][0].date, period.weeks[-1][-1].date, len(period.days)) == (
        dt.date(2021, 3, 29),
        dt.date(2021, 5, 2),
        30,
    )


def test_a_week_is_an_iso_week_from_monday():
    period = period_for(MultiValueDict({"week": ["2021-W17"]}))

    assert (period.first, period.last, period.previous, period.next, period.switch) == (
        dt.date(2021, 4, 26),
        dt.date(2021, 5, 2),
        "2021-W16",
        "2021-W18",
        "2021-04",
    )


@pytest.mark.parametrize(
    "query", [{"month": ["2021-13"]}, {"month": ["0001-01"]}, {"week": ["2021-W99"]}, {"week": ["x"]}]
)
def test_a_bad_month_or_week_shows_the_current_one(query):
    period = period_for(MultiValueDict(query))

    assert period.first <= timezone.localdate() <= period.last


def cell_texts(html: str) -> list[list[str]]:
    return [re.sub(r"<[^>]+>|\s+", " ", cell).split() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_the_month_shows_each_meeting_on_its_day(gwangju):
    response = Client().get("/gwangju/meetings/calendar/?month=2021-04")

    cells = [" ".join(words) for words in cell_texts(response.content.decode()) if words]
    assert response.status_code == 200
    assert "23 10:00 제2차 시·구 부단체장 상생회의" in cells
    assert cells.count("23 10:00 제2차 시·구 부단체장 상생회의") == 1


def test_the_week_lists_the_days_with_their_meetings(gwangju):
    response = Client().get("/gwangju/meetings/calendar/?week=2021-W16")

    rows = re.findall(r'<th scope="row"[^>]*>([^<]*)</th>\s*<td>(.*?)</td>', response.content.decode(), re.S)
    days = {day: re.sub(r"<[^>]+>|\s+", " ", cell).split() for day, cell in rows}
    assert list(days) == [
        "4/19 (월요일)",
        "4/20 (화요일)",
        "4/21 (수요일)",
        "4/22 (목요일)",
        "4/23 (금요일)",
        "4/24 (토요일)",
        "4/25 (일요일)",
    ]
    assert " ".join(days["4/23 (금요일)"]) == "10:00 제2차 시·구 부단체장 상생회의 · 시·구 부단체장 상생회의"
