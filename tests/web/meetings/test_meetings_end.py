"""Meetings end: one past its end without a record no longer reads 예정; staff see 결과 미입력."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.helpers import client_for

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
