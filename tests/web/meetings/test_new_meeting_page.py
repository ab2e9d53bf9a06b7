"""A one-off meeting (a forum, an extraordinary session) scheduled from the organizer's page."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.meetings.models import Meeting
from tests.support.helpers import client_for, seoul, text_of

pytestmark = pytest.mark.django_db


def new_meeting(client: Client, gwangju, **fields):
    form = {"title": "현장 소통 간담회", "start": "2027-02-10T14:00", "end": "2027-02-10T16:00", **fields}
    return client.post(f"/gwangju/organizations/{gwangju.council.pk}/meetings/new/", form)


def test_secretary_schedules_a_one_off_meeting(gwangju):
    response = new_meeting(
        client_for(gwangju.secretary), gwangju, place="광산구청 대회의실", number="3", is_public="on"
    )

    meeting = Meeting.objects.get(title="현장 소통 간담회")
    assert response.status_code == 302
    assert response["Location"] == f"/gwangju/meetings/{meeting.pk}/"
    assert (meeting.organizer, meeting.series, meeting.start, meeting.end) == (
        gwangju.council,
        None,
        seoul(2027, 2, 10, 14),
        seoul(2027, 2, 10, 16),
    )
    assert (meeting.place, meeting.number, meeting.is_public) == ("광산구청 대회의실", 3, True)


def test_a_meeting_cannot_end_before_it_starts(gwangju):
    response = new_meeting(client_for(gwangju.secretary), gwangju, end="2027-02-10T13:00")

    assert response.status_code == 422
    assert response.context["form"].errors == {"end": ["종료 시각은 시작 시각보다 앞설 수 없습니다."]}
    assert not Meeting.objects.filter(title="현장 소통 간담회").exists()


def test_only_who_manages_the_bodys_meetings_sees_the_form(gwangju, django_user_model):
    citizen = django_user_model.objects.create_user("citizen-x", password="x-pass-2026")

    refused = client_for(citizen).get(f"/gwangju/organizations/{gwangju.council.pk}/meetings/new/")
    page = text_of(client_for(gwangju.secretary).get(f"/gwangju/organizations/{gwangju.council.pk}/"))

    assert refused.status_code == 403
    assert "새 회의" in page
