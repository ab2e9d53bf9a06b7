"""Attendance per member, votes and particulars through the API."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.meetings import services
from tests.api.meetings.test_meetings import call
from tests.factories import SYSTEM
from tests.support.helpers import api_error, client_for

pytestmark = pytest.mark.django_db


def test_attendance_votes_and_closure_through_the_api(committee, committee_secretary):
    _body, meeting, chair, members, _secretary, people = committee
    client = client_for(committee_secretary)
    item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="보조금 심사", kind="decision")
    rows = [{"post_id": chair.pk, "status": "present"}]
    rows += [{"post_id": members.pk, "person_id": p.pk, "status": "present"} for p in people[:4]]

    attendance = call(client, "put", f"/api/v1/meetings/{meeting.pk}/attendance", rows)
    vote = call(
        client,
        "post",
        f"/api/v1/meetings/{meeting.pk}/agenda/{item.pk}/vote",
        {"yes": 3, "no": 1, "recusals": [{"person_id": people[3].pk, "ground": "excluded"}]},
    )
    closed = call(
        client,
        "put",
        f"/api/v1/meetings/{meeting.pk}/particulars",
        {"notice_date": "2024-03-07", "closed_ground": "5", "closed_reason": "심사 중", "closed_until": "2099-01-01"},
    )
    public = call(Client(), "get", f"/api/v1/meetings/{meeting.pk}")

    assert attendance == (204, None)
    assert {k: vote[1][k] for k in ("votes_yes", "votes_no", "vote_in_office", "vote_present", "decision")} == {
        "votes_yes": 3,
        "votes_no": 1,
        "vote_in_office": 6,
        "vote_present": 4,
        "decision": "adopted",
    }
    assert closed[0] == 200
    assert {k: public[1][k] for k in ("notice_date", "closed_ground", "closed_until")} == {
        "notice_date": "2024-03-07",
        "closed_ground": "5",
        "closed_until": "2099-01-01",
    }


def test_a_seat_of_several_members_without_a_person_is_refused(committee, committee_secretary):
    _body, meeting, _chair, members, *_ = committee

    response = call(
        client_for(committee_secretary),
        "put",
        f"/api/v1/meetings/{meeting.pk}/attendance",
        [{"post_id": members.pk, "status": "present"}],
        "en",
    )

    assert response == api_error(
        422,
        "meetings.invalid_attendance",
        "Some of the data is not valid.",
        {"person": ["위원 has several members: name which one."]},
    )
