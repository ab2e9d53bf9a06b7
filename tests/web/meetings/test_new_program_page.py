"""A program with its cohorts and rules, opened from the organizer's page."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.meetings.models import Program
from tests.support.helpers import client_for, seoul

pytestmark = pytest.mark.django_db

COHORTS = {
    "cohorts_0_label": "1기",
    "cohorts_0_start": "2027-03-06T10:00",
    "cohorts_0_end": "2027-03-06T12:00",
    "cohorts_0_capacity": "10",
    "cohorts_0_reserved": "2",
    "cohorts_0_has_waitlist": "on",
    "cohorts_1_label": "2기",
    "cohorts_1_start": "2027-03-13T10:00",
    "cohorts_1_end": "2027-03-13T12:00",
    "cohorts_1_capacity": "8",
}


def new_program(client: Client, gwangju, **fields):
    form = {"title": "어린이 인권 독서교실", "kind": "reading_class", **COHORTS, **fields}
    return client.post(f"/gwangju/organizations/{gwangju.council.pk}/programs/new/", form)


def test_secretary_opens_a_program_with_two_cohorts_and_its_rules(gwangju):
    gwangju.deputies[0].organization.admin_code = "29110"
    gwangju.deputies[0].organization.save()

    response = new_program(
        client_for(gwangju.secretary),
        gwangju,
        min_grade="3",
        max_grade="6",
        residence_codes=["29110"],
        registration_opens="2027-02-15T09:00",
        registration_closes="2027-03-03T18:00",
        requires_sign_in="on",
    )

    program = Program.objects.get(title="어린이 인권 독서교실")
    cohorts = [(c.label, c.start, c.capacity, c.reserved, c.has_waitlist) for c in program.cohorts.order_by("start")]
    assert response.status_code == 302
    assert response["Location"] == f"/gwangju/programs/{program.pk}/"
    assert (program.min_grade, program.max_grade, program.residence_codes, program.requires_sign_in) == (
        3,
        6,
        ["29110"],
        True,
    )
    assert (program.registration_opens, program.registration_closes) == (seoul(2027, 2, 15, 9), seoul(2027, 3, 3, 18))
    assert cohorts == [("1기", seoul(2027, 3, 6, 10), 10, 2, True), ("2기", seoul(2027, 3, 13, 10), 8, 0, False)]


def test_a_program_needs_a_cohort(gwangju):
    response = new_program(client_for(gwangju.secretary), gwangju, cohorts_0_label="", cohorts_1_label="")

    assert response.status_code == 422
    assert response.context["form"].errors == {"cohorts_0_label": ["기수를 하나 이상 입력하세요."]}
    assert not Program.objects.exists()


def test_a_cohort_needs_its_dates_and_places(gwangju):
    response = new_program(client_for(gwangju.secretary), gwangju, cohorts_1_start="", cohorts_1_capacity="")

    assert response.context["form"].errors == {
        "cohorts_1_start": ["기수마다 이 값을 넣으세요."],
        "cohorts_1_capacity": ["기수마다 이 값을 넣으세요."],
    }


def test_the_services_refusal_shows_on_the_form(gwangju):
    response = new_program(
        client_for(gwangju.secretary), gwangju, min_grade="6", max_grade="3", cohorts_0_reserved="11"
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "__all__": ["기수마다 정원이 있어야 하고, 유보 정원은 정원보다 많을 수 없습니다."],
        "min_grade": ["가장 낮은 학년이 가장 높은 학년보다 클 수 없습니다."],
    }
