"""Frameworks and a round's rules through the API: the office writes them, nobody else."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hyeopchi.core.models import AuditEvent
from hyeopchi.evaluations.models import Framework
from tests.factories import UserFactory
from tests.support.evaluations import evaluation_office, example_specs
from tests.support.helpers import api_post, audit_length, client_for, send_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> dict[str, Any]:
    ministry, staff = evaluation_office()
    return {"office": ministry, "client": client_for(staff)}


def test_the_office_writes_publishes_and_copies_a_framework(office):
    spec, _rules = example_specs()
    client = office["client"]

    status, draft = api_post(
        client, "/api/v1/frameworks", {"office_id": office["office"].pk, "title": "혁신평가 지표", "spec": spec}
    )
    spec["title"] = "혁신평가 지표 (수정)"
    changed = send_json(client, f"/api/v1/frameworks/{draft['id']}", {"spec": spec}, "put")
    published = send_json(client, f"/api/v1/frameworks/{draft['id']}/publish")
    copied = send_json(client, f"/api/v1/frameworks/{draft['id']}/versions")

    assert (status, draft["status"], draft["version"]) == (201, "draft", 1)
    assert changed.status_code == 200
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert published.json()["content_hash"] == Framework.objects.get(pk=draft["id"]).content_hash
    assert len(published.json()["content_hash"]) == 64
    assert (copied.status_code, copied.json()["version"], copied.json()["previous_id"]) == (201, 2, draft["id"])
    assert copied.json()["office_id"] == office["office"].pk
    assert list(AuditEvent.objects.filter(verb__startswith="evaluations.framework").values_list("verb", flat=True)) == [
        "evaluations.framework_created",
        "evaluations.framework_changed",
        "evaluations.framework_published",
        "evaluations.framework_copied",
    ]


def test_a_published_framework_is_not_changed(office):
    spec, _rules = example_specs()
    client = office["client"]
    _status, draft = api_post(
        client, "/api/v1/frameworks", {"office_id": office["office"].pk, "title": "지표", "spec": spec}
    )
    send_json(client, f"/api/v1/frameworks/{draft['id']}/publish")
    before = audit_length()

    response = send_json(client, f"/api/v1/frameworks/{draft['id']}", {"spec": spec}, "put")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "evaluations.framework_published"
    assert audit_length() == before


def test_someone_outside_the_office_cannot_create_a_framework(office):
    spec, _rules = example_specs()
    outsider = client_for(UserFactory(username="outsider"))
    before = audit_length()

    status, body = api_post(
        outsider, "/api/v1/frameworks", {"office_id": office["office"].pk, "title": "지표", "spec": spec}
    )

    assert (status, body["error"]["code"]) == (403, "evaluations.not_allowed")
    assert Framework.objects.count() == 0
    assert audit_length() == before


def test_the_office_changes_a_rounds_rules_with_a_reason(example_round):
    round_ = example_round["round"]
    staff = example_round["office"].user
    _framework, rules = example_specs()
    rules["grading"]["min_total_first"] = 75

    response = send_json(
        client_for(staff),
        f"/api/v1/evaluations/{round_.slug}/rules",
        {"rules": rules, "reason": "이의신청으로 찾은 규칙 오류"},
        "put",
    )

    assert response.status_code == 200
    round_.refresh_from_db()
    assert round_.rules["grading"]["min_total_first"] == 75
    event = AuditEvent.objects.filter(verb="evaluations.rules_changed").get()
    assert json.loads(event.payload)["reason"] == "이의신청으로 찾은 규칙 오류"
