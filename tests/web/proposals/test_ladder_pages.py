"""The site's threshold ladder: a public page, and new thresholds set by its administrators."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals.models import Ladder
from tests.factories import SYSTEM, UserFactory
from tests.support.helpers import client_for, text_of
from tests.support.proposals import Baro

pytestmark = pytest.mark.django_db


def _administrator(baro: Baro):
    user = UserFactory(username="site-admin")
    assign_role(actor=SYSTEM, user=user, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    return client_for(user)


STEPS = {
    "name": "바로소통광주 2027",
    "valid_from": "2027-01-01",
    "basis": "운영 기준 개정",
    "steps_0_name": "토론방 개설",
    "steps_0_metric": "supports",
    "steps_0_threshold": "30",
    "steps_0_window_days": "30",
    "steps_0_effect": "debate",
    "steps_1_name": "공식 답변",
    "steps_1_metric": "participants",
    "steps_1_threshold": "70",
    "steps_1_effect": "review",
    "steps_1_answerer": "department",
    "steps_1_answer_days": "14",
}


def test_the_thresholds_in_force_are_public(baro: Baro):
    text = text_of(client_for(None).get("/gwangju/proposals/thresholds/"))

    assert "바로소통광주 2020" in text
    assert "시행 중" in text
    assert "토론방 개설 : 공감 50명 30일 이내" in " ".join(text.split())


def test_an_administrator_sets_new_thresholds_from_a_date(baro: Baro):
    response = _administrator(baro).post("/gwangju/proposals/thresholds/new/", STEPS)

    ladder = Ladder.objects.get(name="바로소통광주 2027")
    assert (response.status_code, response["Location"]) == (302, "/gwangju/proposals/thresholds/")
    assert ladder.valid_from == dt.date(2027, 1, 1)
    assert [
        (s.metric, s.threshold, s.window_days, s.effect, s.answerer, s.answer_days) for s in ladder.steps.all()
    ] == [("supports", 30, 30, "debate", "", None), ("participants", 70, None, "review", "department", 14)]


def test_falling_thresholds_are_refused_with_the_step_named(baro: Baro):
    response = _administrator(baro).post(
        "/gwangju/proposals/thresholds/new/", {**STEPS, "steps_1_metric": "supports", "steps_1_threshold": "10"}
    )

    assert response.status_code == 422
    assert "2단계" in text_of(response)
    assert not Ladder.objects.filter(name="바로소통광주 2027").exists()


def test_a_citizen_cannot_set_thresholds(baro: Baro):
    response = client_for(baro.author.user).get("/gwangju/proposals/thresholds/new/")

    assert response.status_code == 403
