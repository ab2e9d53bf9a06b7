"""Role × action → allowed, over an evaluation round: the office runs it, its evaluators rate
their assignments, nobody else does either.

A denied write asserts the error code, that no row changed and that the audit chain kept its length.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hyeopchi.evaluations.models import Assignment, Framework, Rating, ResultVersion
from tests.factories import UserFactory
from tests.support.evaluations import example_specs, rate_everything
from tests.support.helpers import audit_length, client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "target_staff", "office", "platform_admin"]


def snapshot() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        Rating.objects.count(),
        ResultVersion.objects.count(),
        audit_length(),
    )


def client_as(setup: dict[str, Any], role: str) -> Client:
    users = {
        "anonymous": None,
        "citizen": UserFactory(username="citizen"),
        "evaluator": setup["evaluators"]["E1"].user,
        "target_staff": setup["staff"]["T1"].user,
        "office": setup["office"].user,
        "platform_admin": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    return client_for(users[role])


def _post(path: Callable[[dict[str, Any]], str], payload: Callable[[dict[str, Any]], dict]):
    def call(client: Client, setup: dict[str, Any]) -> tuple[int, str]:
        response = client.post(
            path(setup), data=json.dumps(payload(setup)), content_type="application/json"
        )
        return response.status_code, response.json().get("error", {}).get("code", "")

    return call


def _first_assignment_of_e1(setup: dict[str, Any]) -> dict[str, Any]:
    assignment = Assignment.objects.filter(evaluator=setup["evaluators"]["E1"]).earliest("pk")
    return {"target": assignment.target.code, "indicator": "I1", "value": "4"}


WRITES: dict[str, tuple[Callable[[Client, dict[str, Any]], tuple[int, str]], int, set[str]]] = {
    # action: (call, status when allowed, roles allowed)
    "api.create_framework": (
        _post(
            lambda s: "/api/v1/frameworks",
            lambda s: {
                "office_id": s["round"].office_id,
                "title": "새 지표체계",
                "spec": example_specs()[0],
            },
        ),
        201,
        {"office", "platform_admin"},
    ),
    "api.rate": (
        _post(lambda s: f"/api/v1/evaluations/{s['round'].slug}/ratings", _first_assignment_of_e1),
        201,
        {"evaluator"},
    ),
    "api.publish": (
        _post(lambda s: f"/api/v1/evaluations/{s['round'].slug}/publish", lambda s: {}),
        200,
        {"office", "platform_admin"},
    ),
}


# Publishing needs every rating in; without them even the office is refused, for another reason.
NEEDS_RATINGS = {"api.publish"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITES))
def test_evaluation_write_permissions(action, role, example_round):
    call, allowed_status, allowed_roles = WRITES[action]
    client = client_as(example_round, role)
    if action in NEEDS_RATINGS:
        rate_everything(example_round)
    before = snapshot()

    status, code = call(client, example_round)

    if role in allowed_roles:
        assert (status, code) == (allowed_status, "")
        assert snapshot() != before
    else:
        expected = (
            (401, "core.not_authenticated")
            if role == "anonymous"
            else (403, "evaluations.not_allowed")
        )
        assert (status, code) == expected
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_the_control_panel_is_the_offices(role, example_round):
    client = client_as(example_round, role)

    response = client.get(f"/evaluations/{example_round['round'].slug}/office/")

    if role in {"office", "platform_admin"}:
        assert response.status_code == 200
    elif role == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            "/accounts/login/",
        )
    else:
        assert response.status_code == 403
