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
from tests.support.helpers import client_for, row_counts
from tests.support.permissions import api_outcome, denial, page_outcome, refused

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "target_staff", "office", "platform_admin"]
NOT_ALLOWED = "evaluations.not_allowed"


def snapshot() -> tuple[int, ...]:
    return row_counts(Framework, Rating, ResultVersion)


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
        response = client.post(path(setup), data=json.dumps(payload(setup)), content_type="application/json")
        return api_outcome(response)

    return call


def _office_post(action: str):
    def call(client: Client, setup: dict[str, Any]) -> tuple[int, str]:
        return page_outcome(client.post(f"/evaluations/{setup['round'].slug}/office/{action}/"))

    return call


def _first_assignment_of_e1(setup: dict[str, Any]) -> dict[str, Any]:
    assignment = Assignment.objects.filter(evaluator=setup["evaluators"]["E1"]).earliest("pk")
    return {"target": assignment.target.code, "indicator": "I1", "value": "4"}


WRITES: dict[str, tuple[Callable[[Client, dict[str, Any]], tuple[int, str]], int, set[str]]] = {
    # action: (call, status when allowed, roles allowed)
    "api.create_framework": (
        _post(
            lambda s: "/api/v1/frameworks",
            lambda s: {"office_id": s["round"].office_id, "title": "새 지표체계", "spec": example_specs()[0]},
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
    "web.publish": (_office_post("publish"), 302, {"office", "platform_admin"}),
}


# Publishing needs every rating in; without them even the office is refused, for another reason.
NEEDS_RATINGS = {"api.publish", "web.publish"}


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
        assert (status, snapshot() != before) == (allowed_status, True)
    else:
        assert ((status, code), snapshot()) == (denial(action, role, NOT_ALLOWED), before)


@pytest.mark.parametrize("role", ROLES)
def test_the_control_panel_is_the_offices(role, example_round):
    client = client_as(example_round, role)

    outcome = page_outcome(client.get(f"/evaluations/{example_round['round'].slug}/office/"))

    if role in {"office", "platform_admin"}:
        assert outcome == (200, "")
    else:
        assert outcome == refused(role, NOT_ALLOWED)
