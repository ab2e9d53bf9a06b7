"""Citizens apply to a citizen panel with their consent; the draw takes the panel from them; those
not drawn are forgotten by the daily job, their strata kept under pseudonyms in the draw's record."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, ValidationFailedError
from hyeopchi.core.models import AuditEvent, Consent
from hyeopchi.evaluations import services
from hyeopchi.evaluations.enums import PanelKind
from hyeopchi.evaluations.models import Evaluator, Panel
from tests.factories import SYSTEM, UserFactory
from tests.support.evaluations import evaluation_office, example_round_of
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db

PANELS = [{"key": "citizen", "kind": PanelKind.CITIZEN, "title": "국민평가단", "per_target": 1}]


@pytest.fixture
def panel() -> Panel:
    office, _staff = evaluation_office()
    round_ = example_round_of(office, "open", "공모 중인 평가", PANELS)
    return Panel.objects.get(round=round_, key="citizen")


def _apply(panel: Panel, n: int, gender: str = "female", age_band: str = "30-39") -> Evaluator:
    user = UserFactory(username=f"applicant{n}")
    return services.apply_to_panel(
        actor=Actor.for_user(user),
        panel=panel,
        name=f"신청자{n}",
        region="광산구",
        gender=gender,
        age_band=age_band,
        consent=True,
    )


def test_an_application_is_recorded_with_its_consent(panel):
    applicant = _apply(panel, 1)

    assert (applicant.pseudonym, applicant.selected, applicant.consent_version) == ("A0001", False, 1)
    assert Consent.objects.filter(user=applicant.user, notice="panel_application").count() == 1


def test_an_application_without_consent_is_refused(panel):
    with pytest.raises(ValidationFailedError) as refused:
        services.apply_to_panel(
            actor=Actor.for_user(UserFactory()),
            panel=panel,
            name="신청자",
            region="광산구",
            gender="female",
            age_band="30-39",
            consent=False,
        )

    assert list(refused.value.fields) == ["consent"]


def test_a_second_application_is_refused(panel):
    applicant = _apply(panel, 1)

    with pytest.raises(ConflictError):
        services.apply_to_panel(
            actor=Actor.for_user(applicant.user),
            panel=panel,
            name="신청자1",
            region="광산구",
            gender="female",
            age_band="30-39",
            consent=True,
        )


def test_after_the_draw_applications_close_and_those_not_drawn_are_forgotten(panel):
    for n in range(4):
        _apply(panel, n, gender=("female", "male")[n % 2])
    office = Actor.for_user(panel.round.office.roles.first().user)
    services.draw_citizens(actor=office, panel=panel, size=2, seed="공개 시드")

    with pytest.raises(InvalidTransitionError):
        _apply(panel, 9)
    forgotten = services.purge_applicants_not_drawn(actor=SYSTEM)

    kept = panel.evaluators.filter(selected=True)
    gone = panel.evaluators.filter(selected=False)
    assert (forgotten, kept.count()) == (2, 2)
    assert set(gone.values_list("name", "region", "gender", "age_band", "user")) == {("", "", "", "", None)}
    assert all(e.name for e in kept)
    drawn = AuditEvent.objects.get(verb="evaluations.citizens_drawn")
    assert json.loads(drawn.payload)["strata"]["A0001"] == ["광산구", "female", "30-39"]


def test_the_age_band_is_counted_in_full_years():
    assert [services.age_band_of(age) for age in (19, 29, 30, 45, 59, 60, 81)] == [
        "19-29",
        "19-29",
        "30-39",
        "40-49",
        "50-59",
        "60+",
        "60+",
    ]


def test_the_page_takes_an_application_and_the_round_offers_it(panel):
    round_page = text_of(Client().get("/evaluations/open/"))
    client = client_for(UserFactory(username="page-applicant"))

    response = client.post(
        "/evaluations/open/panels/citizen/apply/",
        {"name": "김시민", "region": "광산구", "gender": "male", "age_band": "40-49", "consent": "on"},
    )

    assert "국민평가단 신청하기" in round_page
    assert (response.status_code, response["Location"]) == (302, "/evaluations/open/")
    assert list(panel.evaluators.values_list("name", "gender", "age_band")) == [("김시민", "male", "40-49")]
