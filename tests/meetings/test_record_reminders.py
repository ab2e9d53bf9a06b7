"""The day after a meeting that is still only "scheduled", its organizer's staff are asked for its
record."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.models import Notification
from hyeopchi.meetings import services
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db


def test_the_secretary_is_asked_for_the_record_the_day_after(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    day_after = meeting.end.astimezone(dt.timezone(dt.timedelta(hours=9))).date() + dt.timedelta(days=1)

    reminded = services.remind_records_awaited(actor=SYSTEM, today=day_after)

    [notice] = Notification.objects.filter(user=gwangju.secretary, verb="meetings.record_awaited")
    assert reminded == 1
    assert notice.title.startswith(f"“{meeting.title}” 회의 결과를 입력해 주세요")


def test_a_held_meeting_asks_nothing(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    meeting.status = "held"
    meeting.save(update_fields=["status"])
    day_after = meeting.end.astimezone(dt.timezone(dt.timedelta(hours=9))).date() + dt.timedelta(days=1)

    assert services.remind_records_awaited(actor=SYSTEM, today=day_after) == 0
