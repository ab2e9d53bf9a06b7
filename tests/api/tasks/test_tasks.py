"""The task API: roll-up, milestones, following, asking for a report and the implementation review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.enums import AnswerOutcome
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.models import Milestone, TaskFollow
from tests.support.helpers import client_for, send_json
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_tasks_roll_up_through_the_api_and_the_review_lists_them(baro: Baro):
    staff = client_for(baro.city_staff)
    parent = send_json(staff, "/api/v1/tasks", {"owner_id": baro.city.pk, "title": "스마트 도서관"}).json()
    a = send_json(
        staff, "/api/v1/tasks", {"owner_id": baro.city.pk, "title": "무인 대출기", "parent_id": parent["id"]}
    ).json()
    b = send_json(
        staff, "/api/v1/tasks", {"owner_id": baro.city.pk, "title": "야간 개관", "parent_id": parent["id"]}
    ).json()
    refused = send_json(
        staff,
        f"/api/v1/tasks/{parent['id']}/rollup",
        {"mode": "weighted", "weights": {str(a["id"]): "0.5", str(b["id"]): "0.6"}},
        method="put",
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "tasks.invalid_rollup")
    ok = send_json(
        staff,
        f"/api/v1/tasks/{parent['id']}/rollup",
        {"mode": "weighted", "weights": {str(a["id"]): "0.25", str(b["id"]): "0.75"}},
        method="put",
    )
    assert ok.json()["rollup"] == "weighted"
    for child, progress in ((a, 100), (b, 40)):
        made = send_json(
            staff,
            f"/api/v1/tasks/{child['id']}/reports",
            {"reported_on": "2024-05-01", "progress": progress, "narrative": "진행", "status": "in_progress"},
        )
        assert made.status_code == 201
    assert staff.get(f"/api/v1/tasks/{parent['id']}").json()["progress"] == "55.00"
    citizen = client_for(people(1, "t")[0].user)
    assert (
        send_json(
            citizen, f"/api/v1/tasks/{a['id']}/reports", {"reported_on": "2024-05-02", "narrative": "x"}
        ).status_code
        == 403
    )

    rec = baro.recommend("시민 참여 예산 확대 권고", "확대", 3, 2, actor=Actor.for_user(baro.committee_staff))
    rows = client_for(None).get(f"/api/v1/organizations/{baro.rights_committee.pk}/review?round=3").json()
    assert [(r["proposal"]["id"], r["answer"]["outcome"], r["task"]) for r in rows] == [(rec.pk, "", None)]


def _task(baro: Baro) -> Any:
    staff = client_for(baro.city_staff)
    return send_json(staff, "/api/v1/tasks", {"owner_id": baro.city.pk, "title": "스마트 도서관"}).json()


def test_a_milestone_is_added_listed_and_done_through_the_api(baro: Baro):
    staff = client_for(baro.city_staff)
    task = _task(baro)

    added = send_json(staff, f"/api/v1/tasks/{task['id']}/milestones", {"title": "설계 완료", "due_on": "2027-03-31"})
    done = send_json(staff, f"/api/v1/tasks/{task['id']}/milestones/{added.json()['id']}/done")

    assert added.status_code == 201
    assert (done.status_code, done.json()["done_on"]) == (200, timezone.localdate().isoformat())
    assert [
        (m["title"], m["due_on"], m["done_on"])
        for m in client_for(None).get(f"/api/v1/tasks/{task['id']}/milestones").json()
    ] == [("설계 완료", "2027-03-31", timezone.localdate().isoformat())]


def test_a_citizen_may_not_add_a_milestone(baro: Baro):
    task = _task(baro)
    citizen = client_for(people(1, "m")[0].user)

    refused = send_json(citizen, f"/api/v1/tasks/{task['id']}/milestones", {"title": "설계 완료"})

    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "tasks.not_allowed")
    assert Milestone.objects.count() == 0


def test_a_milestone_of_another_task_is_not_found(baro: Baro):
    staff = client_for(baro.city_staff)
    first, second = _task(baro), _task(baro)
    added = send_json(staff, f"/api/v1/tasks/{first['id']}/milestones", {"title": "설계 완료"}).json()

    answer = send_json(staff, f"/api/v1/tasks/{second['id']}/milestones/{added['id']}/done")

    assert (answer.status_code, answer.json()["error"]["message"]) == (404, "그런 주요 일정이 없습니다.")
    assert Milestone.objects.get().done_on is None


def test_a_citizen_follows_a_task_and_stops(baro: Baro):
    task = _task(baro)
    person = people(1, "f")[0].user
    citizen = client_for(person)

    followed = send_json(citizen, f"/api/v1/tasks/{task['id']}/follow")
    assert (followed.status_code, list(TaskFollow.objects.values_list("user", flat=True))) == (204, [person.pk])

    stopped = send_json(citizen, f"/api/v1/tasks/{task['id']}/follow", method="delete")
    assert (stopped.status_code, TaskFollow.objects.count()) == (204, 0)


def test_the_issuing_committees_staff_ask_for_a_report_through_the_api(baro: Baro):
    rec = baro.recommend("시민 참여 예산 확대 권고", "확대", 3, 2, actor=Actor.for_user(baro.committee_staff))
    answer = proposal_services.request_answer(
        actor=Actor.for_user(baro.city_staff),
        proposal=rec,
        organization=baro.city,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    _, task = task_services.answer_with_task(
        actor=Actor.for_user(baro.city_staff), answer=answer, outcome=AnswerOutcome.ACCEPTED, text="수용"
    )

    asked = send_json(client_for(baro.committee_staff), f"/api/v1/tasks/{task.pk}/report-requests")
    refused = send_json(client_for(baro.city_staff), f"/api/v1/tasks/{task.pk}/report-requests")

    assert (asked.status_code, asked.json()) == (200, {"told": 1})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "tasks.not_allowed")
