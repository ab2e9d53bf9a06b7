"""Meetings end: one past its end without a record no longer reads 예정; staff see 결과 미입력."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.meetings import services
from hyeopchi.meetings.selectors import meetings_of_site
from tests.factories import SYSTEM
from tests.support.helpers import client_for, seoul

pytestmark = pytest.mark.django_db


def _past_section(html: str) -> str:
    start = html.index('id="past-heading"')
    return html[start : html.index("</section>", start)]


def test_the_public_sees_a_past_meeting_without_a_record_as_ended(gwangju):
    past = _past_section(Client().get("/gwangju/meetings/").content.decode())

    assert '<span class="status status-ended">종료</span>' in past
    assert "status-scheduled" not in past


def test_staff_see_a_past_meeting_without_a_record_as_awaiting_it(gwangju):
    past = _past_section(client_for(gwangju.secretary).get("/gwangju/meetings/").content.decode())

    assert '<span class="status status-awaiting_record">결과 미입력</span>' in past
    assert "status-scheduled" not in past


def test_a_held_meeting_reads_held(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    meeting.status = "held"
    meeting.save(update_fields=["status"])

    page = Client().get(f"/gwangju/meetings/{meeting.pk}/").content.decode()

    assert '<span class="status status-held">' in page


def test_the_list_filters_by_body_year_and_status(gwangju):
    council = gwangju.council.pk
    page = Client().get(f"/gwangju/meetings/?body={council}&year=2021&status=awaiting_record").content.decode()
    past = _past_section(page)

    assert "시·구 부단체장 상생회의" in past
    assert "시·구 상생회의 (" not in past.replace("부단체장 상생회의", "")
    assert "2022-" not in past


def test_past_meetings_come_twenty_a_page(gwangju):
    for day in range(1, 31):
        services.create_meeting(
            actor=SYSTEM,
            organizer=gwangju.council,
            title=f"현장 간담회 {day}",
            start=seoul(2019, 4, day),
            end=seoul(2019, 4, day, 16),
        )
    total = meetings_of_site(gwangju.city, upcoming=False).count()

    past = _past_section(Client().get("/gwangju/meetings/?page=2").content.decode())

    assert total == 40
    assert past.count('<th scope="row"><a href="/gwangju/meetings/') == 20
    assert f"지난 회의 {total}건" in past
