"""The proposal API: the ladder through JSON, ladders set by administrators, CSRF."""

from __future__ import annotations

import pytest

from hyeopchi.proposals import services
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks.models import Task
from tests.factories import SYSTEM
from tests.support.helpers import client_for, send_json
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_a_proposal_is_written_supported_and_answered_through_the_api(baro: Baro):
    author = client_for(baro.author.user)
    created = send_json(
        author,
        "/api/v1/proposals",
        {"addressee_id": baro.city.pk, "title": "공공 와이파이 확대", "body": "공원에 와이파이가 필요합니다."},
    )
    assert created.status_code == 201
    proposal = created.json()
    assert (proposal["status"], proposal["site"], proposal["next_metric"], proposal["next_threshold"]) == (
        "submitted",
        "gwangju",
        "supports",
        50,
    )
    supporter = client_for(people(1, "api")[0].user)
    first = send_json(supporter, f"/api/v1/proposals/{proposal['id']}/support")
    assert first.json() == {
        "id": proposal["id"],
        "status": "submitted",
        "steps_reached": 0,
        "support_count": 1,
        "participant_count": 0,
    }
    second = send_json(supporter, f"/api/v1/proposals/{proposal['id']}/support")
    assert (second.status_code, second.json()["error"]["code"]) == (409, "proposals.already_supported")
    assert second.json()["error"]["message"] == "이미 공감한 제안입니다."
    withdrawn = send_json(supporter, f"/api/v1/proposals/{proposal['id']}/support", method="delete")
    assert withdrawn.json()["support_count"] == 0
    bad = send_json(author, "/api/v1/proposals", {"addressee_id": baro.city.pk, "title": "짧", "body": ""})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"title", "body"}
    missing = send_json(supporter, "/api/v1/proposals/999999/support")
    assert missing.status_code == 404

    owed = services.request_answer(
        actor=SYSTEM, proposal=Proposal.objects.get(pk=proposal["id"]), organization=baro.city, due_on=None
    )
    denied = send_json(supporter, f"/api/v1/answers/{owed.pk}", {"outcome": "accepted", "text": "수용"})
    assert denied.status_code == 403
    staff = client_for(baro.city_staff)
    answered = send_json(staff, f"/api/v1/answers/{owed.pk}", {"outcome": "accepted", "text": "수용합니다."})
    assert answered.json()["outcome"] == "accepted"
    task = Task.objects.get(origin_proposal_id=proposal["id"])
    assert (task.owner, task.kind) == (baro.city, "accepted_proposal")


def test_site_administrators_set_a_new_ladder_through_the_api(baro: Baro):
    from hyeopchi.organizations.enums import OrganizationRoleName
    from hyeopchi.organizations.services import assign_role
    from tests.factories import UserFactory

    admin = UserFactory(username="gwangju-admin-api")
    assign_role(actor=SYSTEM, user=admin, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    ladder = {
        "site": "gwangju",
        "name": "민주주의 서울식 기준",
        "valid_from": "2030-01-01",
        "steps": [
            {
                "name": "부서 답변",
                "metric": "supports",
                "threshold": 50,
                "window_days": 30,
                "effect": "answer",
                "answerer": "department",
                "answer_days": 14,
            },
            {"name": "공론장", "metric": "supports", "threshold": 100, "window_days": 30, "effect": "debate"},
            {
                "name": "시장 답변",
                "metric": "participants",
                "threshold": 1000,
                "window_days": 30,
                "effect": "review",
                "answerer": "head",
                "answer_organization_id": baro.city.pk,
            },
        ],
    }
    assert send_json(client_for(baro.author.user), "/api/v1/ladders", ladder).status_code == 403
    made = send_json(client_for(admin), "/api/v1/ladders", ladder)
    assert made.status_code == 201
    assert [(s["threshold"], s["effect"]) for s in made.json()["steps"]] == [
        (50, "answer"),
        (100, "debate"),
        (1000, "review"),
    ]
    bad = send_json(
        client_for(admin),
        "/api/v1/ladders",
        {
            **ladder,
            "valid_from": "2031-01-01",
            "steps": [
                {"name": "a", "metric": "supports", "threshold": 100, "effect": "debate"},
                {"name": "b", "metric": "supports", "threshold": 10, "effect": "review"},
            ],
        },
    )
    assert bad.json()["error"]["fields"] == {
        "steps": ["2단계: 기준 수가 앞 단계보다 낮습니다.", "2단계: 답변 주체를 정하세요."]
    }
    history = client_for(None).get("/api/v1/ladders?site=gwangju").json()
    assert [(h["valid_from"], len(h["steps"])) for h in history] == [("2030-01-01", 3), ("2020-03-30", 2)]


def test_a_write_without_the_csrf_token_is_refused_in_the_callers_language(baro: Baro):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(baro.author.user)
    proposal = baro.propose("도서관 휴관일 조정", "월요일 휴관을 바꿔 주세요.")
    response = client.post(f"/api/v1/proposals/{proposal.pk}/support", HTTP_ACCEPT_LANGUAGE="ko")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "core.csrf_failed")
    assert (
        response.json()["error"]["message"]
        == "로그인한 상태의 쓰기 요청에는 CSRF 토큰(X-CSRFToken 헤더)을 함께 보내세요."
    )
    proposal.refresh_from_db()
    assert proposal.support_count == 0
