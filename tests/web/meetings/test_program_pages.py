from __future__ import annotations

import pytest
from django.test import Client, override_settings

from hyeopchi.config import settings as production
from hyeopchi.core import ratelimit
from hyeopchi.meetings import services
from hyeopchi.meetings.models import Registration
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, UserFactory
from tests.support import programs
from tests.support.helpers import client_for, seoul, text_of
from tests.support.permissions import page_outcome
from tests.support.programs import CONSENTED_FORM

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading_class(gwangju_city):
    site = gwangju_city
    program = programs.reading_class(
        site,
        2,
        library="사직도서관",
        title="오늘은 미세먼지 좋은, 푸른 하늘을 그리다",
        min_grade=3,
        max_grade=5,
        contact_phone="062-613-7700",
    )
    staff = UserFactory(username="librarian")
    assign_role(actor=SYSTEM, user=staff, organization=program.organizer, role=OrganizationRoleName.SECRETARY)
    return program, staff


def register(client, program, n, grade="4"):
    return client.post(
        f"/gwangju/programs/{program.pk}/",
        {
            "cohort": program.cohorts.get().pk,
            "name": f"어린이{n}",
            "contact": f"010-5555-{n:04d}",
            "grade": grade,
            **CONSENTED_FORM,
        },
    )


def test_register_fill_waitlist_and_promote_through_the_pages(reading_class):
    program, _staff = reading_class
    client = Client()

    first = register(client, program, 1)
    register(client, program, 2)
    third = register(client, program, 3)
    first_page = client.get(first["Location"])
    waiting_page = client.get(third["Location"])
    code = first["Location"].rstrip("/").rsplit("/", 1)[-1]
    cancel = client.post(first["Location"], {"code": code, "contact": "010 5555 0001"})

    assert first.status_code == 302
    assert "신청이 확정되었습니다." in text_of(first_page)
    assert "상태 확정" in text_of(first_page)
    assert "대기 (대기 1번)" in text_of(waiting_page)
    assert cancel.status_code == 302
    assert "상태 확정" in text_of(client.get(third["Location"]))
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
        "confirmed",
    ]


def test_ineligible_or_incomplete_registration_shows_korean_messages(reading_class):
    program, _staff = reading_class

    response = register(Client(), program, 1, grade="6")
    missing = Client().post(f"/gwangju/programs/{program.pk}/", {"cohort": program.cohorts.get().pk})

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "grade": ["첫날(2099-01-18) 기준 3학년부터 5학년까지 신청할 수 있습니다."]
    }
    assert set(missing.context["form"].errors) == {"name", "contact", "consent"}
    assert Registration.objects.count() == 0


def test_cancelling_needs_the_matching_contact(reading_class):
    program, _staff = reading_class
    first = register(Client(), program, 1)
    code = first["Location"].rstrip("/").rsplit("/", 1)[-1]

    response = Client().post(first["Location"], {"code": code, "contact": "010-0000-0000"})

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["이 신청번호와 전화번호(이메일)로 된 신청이 없습니다."]
    assert Registration.objects.get().status == "confirmed"


def test_registrations_list_is_for_staff_only(reading_class):
    program, staff = reading_class
    register(Client(), program, 1)
    path = f"/gwangju/programs/{program.pk}/registrations/"

    assert Client().get(path).status_code == 302
    assert client_for(UserFactory(username="someone")).get(path).status_code == 403
    page = client_for(staff).get(path)
    assert "어린이1" in text_of(page)
    assert "01055550001" in text_of(page)


@override_settings(RATE_LIMITS=production.RATE_LIMITS)
def test_the_eleventh_registration_from_one_address_gets_a_page_saying_when_to_retry(reading_class, monkeypatch):
    program, _staff = reading_class
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_030.0)  # 30 s into a window
    client = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [register(client, program, n).status_code for n in range(10)]

    refused = register(client, program, 10)

    assert statuses == [302] * 10
    assert page_outcome(refused) == (429, "core.rate_limited")
    assert "너무 많이 시도했습니다. 10분 뒤에 다시 시도하세요." in text_of(refused)
    assert refused["Retry-After"] == "570"


def test_a_sign_in_program_shows_a_sign_in_link_instead_of_the_form(gwangju_city):
    program = programs.reading_class(gwangju_city, 5, requires_sign_in=True)

    page = Client().get(f"/gwangju/programs/{program.pk}/")

    assert "이 프로그램은 계정으로 로그인해야 신청할 수 있습니다. 로그인하고 신청하기" in text_of(page)
    assert 'name="contact"' not in page.content.decode()


def test_an_anonymous_registration_for_a_sign_in_program_goes_to_sign_in(gwangju_city):
    program = programs.reading_class(gwangju_city, 5, requires_sign_in=True)

    response = register(Client(), program, 1, grade="5")

    assert page_outcome(response) == (302, "/accounts/login/")
    assert Registration.objects.count() == 0


def test_a_class_that_has_begun_shows_registration_closed_instead_of_the_form(gwangju_city):
    january_2021 = [services.CohortSpec("1기", seoul(2021, 1, 18, 10), seoul(2021, 1, 21, 12), 7)]
    program = programs.reading_class(gwangju_city, cohorts=january_2021)

    response = Client().get(f"/gwangju/programs/{program.pk}/")
    posted = Client().post(
        f"/gwangju/programs/{program.pk}/",
        {"cohort": program.cohorts.get().pk, "name": "늦은이", "contact": "010-1", "grade": "5", **CONSENTED_FORM},
    )

    assert "모든 기수가 시작해 신청이 마감되었습니다." in text_of(response)
    assert "id_name" not in response.content.decode()
    assert posted.status_code == 422
    assert Registration.objects.count() == 0
