"""The task API: roll-up and the implementation review."""

from __future__ import annotations

import pytest

from hyeopchi.core.actor import Actor
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
