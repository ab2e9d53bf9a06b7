"""An agenda item adopted as a task from the meeting page."""

from __future__ import annotations

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.tasks.models import Task
from tests.support.helpers import client_for
from tests.support.proposals import people

pytestmark = pytest.mark.django_db


def test_a_secretary_adopts_an_agenda_item_as_a_task_from_the_meeting_page(gwangju):
    meeting = gwangju.vice_heads.meetings.order_by("start").first()
    item = gwangju.shelter_item(meeting, actor=Actor.for_user(gwangju.secretary))
    client = client_for(gwangju.secretary)
    page = client.get(f"/gwangju/meetings/{meeting.pk}/").content.decode()
    assert f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/" in page
    response = client.post(
        f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/",
        {
            "title": "아동쉼터 통합 추가 설치",
            "owner": gwangju.city.pk,
            "kind": "meeting_decision",
            "end_date": "2021-12-31",
        },
    )
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/meetings/{meeting.pk}/")
    task = Task.objects.get()
    assert (task.title, task.owner, task.origin, str(task.end_date)) == (
        "아동쉼터 통합 추가 설치",
        gwangju.city,
        item,
        "2021-12-31",
    )
    again = client.post(
        f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/",
        {"title": "다시", "owner": gwangju.city.pk, "kind": "meeting_decision"},
    )
    assert again.status_code == 422
    assert "이미 이것으로 만든 과제가 있습니다." in again.content.decode()
    outsider = client_for(people(1, "x")[0].user)
    assert outsider.get(f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/").status_code == 403
