"""Verification requests through the API: a person asks, reads and withdraws their own; the site's
administrators list the waiting ones and decide."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.organizations import verification_requests
from hyeopchi.organizations.models import VerificationRequest
from tests.factories import UserFactory
from tests.support.eligibility import DONG_GU
from tests.support.helpers import INVALID_EN, INVALID_KO, api_error, api_post, client_for

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/verification-requests"
WAITING = "/api/v1/sites/gwangju/verification-requests"


@pytest.fixture
def office(office_user):
    return client_for(office_user)


@pytest.fixture
def person():
    return UserFactory(username="newcomer")


def asking(**changes):
    return {"kind": "residence", "area_code": DONG_GU, "statement": "광주 동구 충장로 1", "consent": True} | changes


def test_a_person_asks_and_reads_the_request_waiting(area, person):
    client = client_for(person)

    status, body = api_post(client, MINE, asking(birth_date="2001-05-02"))

    assert status == 201
    assert {k: v for k, v in body.items() if k not in {"id", "requested_at"}} == {
        "kind": "residence",
        "area_code": DONG_GU,
        "area_name": "동구",
        "site": "gwangju",
        "birth_date": "2001-05-02",
        "statement": "광주 동구 충장로 1",
        "status": "pending",
        "reason": "",
        "decided_at": None,
    }
    assert [item["id"] for item in client.get(MINE).json()] == [body["id"]]


def test_asking_without_consent_names_the_field_in_the_callers_language(area, person):
    client = client_for(person)

    korean = api_post(client, MINE, asking(consent=False))
    english = api_post(client, MINE, asking(consent=False), language="en")

    assert korean == api_error(
        422,
        "organizations.invalid_attribute",
        INVALID_KO,
        {"consent": ["동의해야 담당 부서가 기록을 확인할 수 있습니다."]},
    )
    assert english[1]["error"]["message"] == INVALID_EN
    assert english[1]["error"]["fields"] == {"consent": ["The office can check the record only with your consent."]}
    assert VerificationRequest.objects.count() == 0


def test_a_second_request_of_a_kind_is_refused_while_the_first_waits(area, person):
    client = client_for(person)
    api_post(client, MINE, asking())

    assert api_post(client, MINE, asking()) == api_error(
        409,
        "organizations.request_waiting",
        "같은 항목의 요청이 이미 담당 부서의 확인을 기다리고 있습니다. 다시 요청하려면 먼저 그 요청을 취소하세요.",
    )


def test_a_person_withdraws_and_what_they_wrote_is_erased(area, person):
    client = client_for(person)
    _, asked = api_post(client, MINE, asking())

    status, body = api_post(client, f"{MINE}/{asked['id']}/withdraw", {})

    assert (status, body["status"], body["statement"]) == (200, "withdrawn", "")


def test_nobody_withdraws_another_persons_request(area, person):
    _, asked = api_post(client_for(person), MINE, asking())

    answer = api_post(client_for(UserFactory()), f"{MINE}/{asked['id']}/withdraw", {})

    assert answer == api_error(404, "organizations.not_found", "그런 요청이 없습니다.")
    assert VerificationRequest.objects.get().status == "pending"


def test_the_office_lists_the_waiting_requests_with_the_account(area, office, person):
    api_post(client_for(person), MINE, asking())

    body = office.get(WAITING).json()

    assert [(item["account"], item["kind"], item["area_code"], item["statement"]) for item in body] == [
        ("newcomer", "residence", DONG_GU, "광주 동구 충장로 1")
    ]


def test_a_citizen_may_not_list_an_offices_requests(area, person):
    response = client_for(person).get(WAITING)

    assert (response.status_code, response.json()["error"]["code"]) == (403, "organizations.not_allowed")


def test_the_office_approves_and_the_residence_is_recorded(area, office, person):
    _, asked = api_post(client_for(person), MINE, asking())

    status, body = api_post(office, f"/api/v1/verification-requests/{asked['id']}/decision", {"approve": True})

    assert (status, body["status"], body["statement"]) == (200, "approved", "")
    assert list(VerifiedAttribute.objects.values_list("user__username", "kind", "value", "source")) == [
        ("newcomer", "residence", DONG_GU, "staff")
    ]


def test_declining_without_a_reason_is_refused(area, office, person):
    _, asked = api_post(client_for(person), MINE, asking())

    answer = api_post(office, f"/api/v1/verification-requests/{asked['id']}/decision", {"approve": False})

    assert answer == api_error(
        422,
        "organizations.invalid_attribute",
        INVALID_KO,
        {"reason": ["요청한 분이 다시 요청할 수 있도록 이유를 적어 주세요."]},
    )
    assert VerificationRequest.objects.get().status == "pending"


def test_a_decided_request_is_not_decided_again(area, office, person):
    _, asked = api_post(client_for(person), MINE, asking())
    path = f"/api/v1/verification-requests/{asked['id']}/decision"
    api_post(office, path, {"approve": False, "reason": "주민등록상 주소가 다릅니다."})

    assert api_post(office, path, {"approve": True}) == api_error(
        409, "organizations.request_decided", "이미 처리된 요청입니다: 반려됨."
    )
    assert VerifiedAttribute.objects.count() == 0


def test_the_requests_need_a_signed_in_caller(area):
    response = Client().get(MINE)

    assert (response.status_code, response.json()["error"]["code"]) == (401, "core.not_authenticated")


def test_a_request_is_read_in_a_constant_number_of_queries(area, person, django_assert_num_queries):
    for kind in ("residence", "workplace", "school"):
        verification_requests.ask(user=person, kind=kind, area_code=DONG_GU, consented=True)
    client = client_for(person)
    client.get(MINE)  # the session is read once

    with django_assert_num_queries(3):
        assert len(client.get(MINE).json()) == 3
