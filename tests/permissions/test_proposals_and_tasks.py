"""Role × action → allowed, over the proposal and task pages and their API operations.

A denied write asserts the error code, that no row changed and that the audit chain kept its
length.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hyeopchi.core.actor import Actor
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.models import Answer, Comment, Proposal, Report, StepReached, Support
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.models import ProgressReport, Task
from tests.factories import SYSTEM, UserFactory
from tests.support.helpers import row_counts
from tests.support.permissions import (
    ROLES,
    SIGNED_IN,
    SITE_ADMINS,
    STAFF,
    api_outcome,
    client_as,
    denial,
    page_outcome,
    refused,
)

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, ...]:
    return row_counts(
        Support,
        Comment,
        Report,
        Answer,
        Answer.objects.filter(answered_at__isnull=False),
        StepReached,
        Task,
        ProgressReport,
        Proposal.objects.exclude(visibility="visible"),
    )


@pytest.fixture
def pworld(world):
    author = Actor.for_user(UserFactory(username="proposer"))
    proposal = proposal_services.create_proposal(
        actor=author, addressee=world.working, title="실무위원회 회의 공개 제안", body="회의를 시민에게 공개해 주세요."
    )
    answer = proposal_services.request_answer(
        actor=SYSTEM, proposal=proposal, organization=world.working, due_on=dt.date(2030, 1, 1)
    )
    task = task_services.create_task(actor=SYSTEM, owner=world.working, title="회의 공개 과제")
    return world, proposal, answer, task


Call = Callable[[Client, Any], tuple[int, str]]


def _post(path_of: Callable[[Any], str], data_of: Callable[[Any], dict] = lambda c: {}) -> Call:
    """A page's form: its status, and the code its 403 page shows or where it redirects to."""

    def call(client: Client, context: Any) -> tuple[int, str]:
        return page_outcome(client.post(path_of(context), data_of(context)))

    return call


def _api(path_of: Callable[[Any], str], data_of: Callable[[Any], dict] = lambda c: {}) -> Call:
    """An API operation: its status and the envelope's error code ("" on success)."""

    def call(client: Client, context: Any) -> tuple[int, str]:
        response = client.post(path_of(context), content_type="application/json", data=json.dumps(data_of(context)))
        return api_outcome(response)

    return call


def p(context: Any, suffix: str = "") -> str:
    return f"/gwangju/proposals/{context[1].pk}/{suffix}"


def t(context: Any, suffix: str = "") -> str:
    return f"/gwangju/tasks/{context[3].pk}/{suffix}"


# action: (call, allowed roles, status when allowed, status for anonymous)
WRITES: dict[str, tuple[Call, set[str], int, int]] = {
    "web.support": (_post(lambda c: p(c, "support/do/")), SIGNED_IN, 302, 302),
    "web.comment": (_post(lambda c: p(c, "comments/"), lambda c: {"body": "찬성합니다"}), SIGNED_IN, 302, 302),
    "web.report": (_post(lambda c: p(c, "report/"), lambda c: {"reason": "spam"}), SIGNED_IN, 302, 302),
    "web.answer": (
        _post(lambda c: p(c, f"answers/{c[2].pk}/"), lambda c: {"outcome": "replied", "text": "검토하겠습니다."}),
        STAFF,
        302,
        302,
    ),
    "web.request_answer": (_post(lambda c: p(c, "ask/"), lambda c: {"organization": c[0].working.pk}), STAFF, 302, 302),
    "web.moderate": (_post(lambda c: p(c, "moderate/"), lambda c: {"action": "hide"}), SITE_ADMINS, 302, 302),
    "web.report_progress": (
        _post(
            lambda c: t(c, "report/"),
            lambda c: {"reported_on": "2024-01-02", "status": "in_progress", "progress": "10", "narrative": "착수"},
        ),
        STAFF,
        302,
        302,
    ),
    "web.add_subtask": (
        _post(lambda c: t(c, "subtasks/new/"), lambda c: {"title": "하위", "kind": "other"}),
        STAFF,
        302,
        302,
    ),
    "api.support": (_api(lambda c: f"/api/v1/proposals/{c[1].pk}/support"), SIGNED_IN, 200, 401),
    "api.comment": (
        _api(lambda c: f"/api/v1/proposals/{c[1].pk}/comments", lambda c: {"body": "찬성"}),
        SIGNED_IN,
        201,
        401,
    ),
    "api.answer": (
        _api(lambda c: f"/api/v1/answers/{c[2].pk}", lambda c: {"outcome": "replied", "text": "검토하겠습니다."}),
        STAFF,
        200,
        401,
    ),
    "api.report_progress": (
        _api(
            lambda c: f"/api/v1/tasks/{c[3].pk}/reports",
            lambda c: {"reported_on": "2024-01-02", "status": "in_progress", "progress": 10, "narrative": "착수"},
        ),
        STAFF,
        201,
        401,
    ),
}


def denied_code(action: str) -> str:
    """The code an action refuses a signed-in person without the role with."""
    return "tasks.not_allowed" if action in TASK_ACTIONS else "proposals.not_allowed"


TASK_ACTIONS = {"web.report_progress", "web.add_subtask", "api.report_progress"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITES))
def test_proposal_and_task_write_permissions(action, role, pworld):
    world = pworld[0]
    call, allowed, allowed_status, anonymous_status = WRITES[action]
    client = client_as(world, role)
    before = snapshot()

    status, code = call(client, pworld)

    if role in allowed:
        assert (status, snapshot() != before) == (allowed_status, True)
    else:
        assert ((status, code), snapshot()) == (denial(action, role, denied_code(action)), before)


@pytest.mark.parametrize("role", ROLES)
def test_proposal_and_task_pages(role, pworld):
    world, proposal, answer, task = pworld
    client = client_as(world, role)
    public = [
        "/gwangju/proposals/",
        f"/gwangju/proposals/{proposal.pk}/",
        "/gwangju/tasks/",
        f"/gwangju/tasks/{task.pk}/",
        f"/gwangju/organizations/{world.working.pk}/review/",
        f"/gwangju/organizations/{world.working.pk}/review.csv",
        "/en/gwangju/proposals/",
        "/api/v1/proposals",
        f"/api/v1/proposals/{proposal.pk}",
        "/api/v1/tasks",
        f"/api/v1/tasks/{task.pk}",
    ]
    assert {path: client.get(path).status_code for path in public} == dict.fromkeys(public, 200)

    def expected(allowed: set[str], code: str = "proposals.not_allowed") -> tuple[int, str]:
        return (200, "") if role in allowed else refused(role, code)

    gated = {
        "/gwangju/proposals/new/": expected(SIGNED_IN),
        "/gwangju/workspace/": expected(SIGNED_IN, "tasks.not_allowed"),
        "/gwangju/moderation/": expected(SITE_ADMINS),
        f"/gwangju/proposals/{proposal.pk}/answers/{answer.pk}/": expected(STAFF),
        f"/gwangju/tasks/{task.pk}/report/": expected(STAFF, "tasks.not_allowed"),
    }
    assert {path: page_outcome(client.get(path)) for path in gated} == gated
