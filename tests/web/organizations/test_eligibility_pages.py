"""The pages of verified attributes: a site's administrators record them; a person sees theirs
and may confirm them with the identity-verification service."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import VerificationRequest
from tests.factories import OrganizationFactory, UserFactory
from tests.support.helpers import client_for, text_of
from tests.support.permissions import client_as

pytestmark = pytest.mark.django_db

DONG_GU = "29110"


@pytest.fixture
def area(world):
    return OrganizationFactory(
        name="동구", parent=world.site, kind=OrganizationKind.BASIC_GOVERNMENT, admin_code=DONG_GU
    )


def test_an_administrator_records_a_residence_on_the_page(world, area):
    UserFactory(username="resident")

    response = client_as(world, "org_admin").post(
        "/gwangju/eligibility/", {"via": "one", "account": "resident", "kind": "residence", "value": DONG_GU}
    )

    assert (response.status_code, response["Location"]) == (302, "/gwangju/eligibility/")
    assert list(VerifiedAttribute.objects.values_list("user__username", "kind", "value", "source")) == [
        ("resident", "residence", DONG_GU, "staff")
    ]


def test_an_unknown_account_is_named_on_the_form(world, area):
    response = client_as(world, "org_admin").post(
        "/gwangju/eligibility/", {"via": "one", "account": "nobody", "kind": "residence", "value": DONG_GU}
    )

    assert response.status_code == 422
    assert "“nobody”" in text_of(response)


def test_a_refused_file_names_the_bad_cell_and_records_nothing(world, area):
    UserFactory(username="resident")
    upload = SimpleUploadedFile("people.csv", "계정,항목,값\nresident,거주,12345\n".encode())

    response = client_as(world, "org_admin").post("/gwangju/eligibility/", {"via": "file", "file": upload})

    assert response.status_code == 422
    assert "2행 ‘값’: 플랫폼에 지역 코드가 “12345”인 기관이 없습니다." in text_of(response)
    assert VerifiedAttribute.objects.count() == 0


def test_a_secretary_cannot_open_the_page(world):
    assert client_as(world, "secretary").get("/gwangju/eligibility/").status_code == 403


@override_settings(
    HYEOPCHI_IDENTITY_VERIFIER="hyeopchi.core.identity.SignedTestVerifier",
    HYEOPCHI_TEST_IDENTITY={"birth_date": "1990-05-01", "residence_code": DONG_GU},
)
def test_a_person_verifies_their_identity_and_sees_the_result(world, area):
    person = UserFactory(username="verifying")
    client = client_for(person)

    sent = client.post("/accounts/eligibility/verify/")
    back = client.get(sent["Location"], follow=True)

    assert sent["Location"].startswith("http://testserver/accounts/eligibility/verified/?answer=")
    assert "본인확인을 마쳤습니다. 정보 2건을 기록했습니다." in text_of(back)
    assert "동구" in text_of(back)
    assert "1990-05-01" in text_of(back)


def test_without_a_service_the_page_offers_to_ask_the_office(world, area):
    text = text_of(client_for(UserFactory(username="plain")).get("/accounts/eligibility/"))

    assert "아직 확인된 정보가 없습니다." in text
    assert "담당 부서에 확인 요청하기" in text
    assert "동구 (29110)" in text


def test_a_newcomer_asks_the_office_and_the_office_approves_on_its_page(world, area):
    person = UserFactory(username="newcomer")
    mine = client_for(person)

    sent = mine.post(
        "/accounts/eligibility/ask/",
        {
            "kind": "residence",
            "area": DONG_GU,
            "birth_date": "2001-05-02",
            "statement": "동구 충장로 1",
            "consent": "on",
        },
    )
    office = client_as(world, "org_admin")
    waiting = text_of(office.get("/gwangju/eligibility/"))
    request_id = VerificationRequest.objects.get().pk
    decided = office.post("/gwangju/eligibility/", {"via": "decide", "request": request_id, "decision": "approve"})

    assert (sent.status_code, sent["Location"]) == (302, "/accounts/eligibility/")
    assert "확인을 기다리는 요청 1건" in waiting
    assert "항목 거주 · 동구" in waiting
    assert "동구 충장로 1" in waiting
    assert decided.status_code == 302
    assert sorted(VerifiedAttribute.objects.filter(user=person).values_list("kind", "value")) == [
        ("birth_date", "2001-05-02"),
        ("residence", DONG_GU),
    ]
    assert "거주 · 생년월일 동구 확인됨" in text_of(mine.get("/accounts/eligibility/"))


def test_a_request_without_consent_is_refused_on_the_form(world, area):
    response = client_for(UserFactory()).post("/accounts/eligibility/ask/", {"kind": "residence", "area": DONG_GU})

    assert response.status_code == 422
    assert "동의해야 담당 부서가 기록을 확인할 수 있습니다." in text_of(response)
    assert VerificationRequest.objects.count() == 0


def test_a_decline_without_a_reason_is_refused_with_a_message(world, area):
    client_for(UserFactory()).post(
        "/accounts/eligibility/ask/", {"kind": "residence", "area": DONG_GU, "consent": "on"}
    )
    office = client_as(world, "org_admin")

    response = office.post(
        "/gwangju/eligibility/",
        {"via": "decide", "request": VerificationRequest.objects.get().pk, "decision": "decline"},
        follow=True,
    )

    assert "요청한 분이 다시 요청할 수 있도록 이유를 적어 주세요." in text_of(response)
    assert VerificationRequest.objects.get().status == "pending"


def test_a_nul_byte_in_a_decline_reason_is_dropped(world, area):
    client_for(UserFactory()).post(
        "/accounts/eligibility/ask/", {"kind": "residence", "area": DONG_GU, "consent": "on"}
    )

    client_as(world, "org_admin").post(
        "/gwangju/eligibility/",
        {
            "via": "decide",
            "request": VerificationRequest.objects.get().pk,
            "decision": "decline",
            "reason": "주소가\x00 다릅니다.",
        },
    )

    assert VerificationRequest.objects.values_list("status", "reason").get() == ("rejected", "주소가 다릅니다.")


def test_a_citizen_cannot_decide_a_request(world, area):
    client_for(UserFactory()).post(
        "/accounts/eligibility/ask/", {"kind": "residence", "area": DONG_GU, "consent": "on"}
    )

    response = client_as(world, "citizen").post(
        "/gwangju/eligibility/",
        {"via": "decide", "request": VerificationRequest.objects.get().pk, "decision": "approve"},
    )

    assert response.status_code == 403
    assert VerificationRequest.objects.get().status == "pending"


def test_a_decision_on_a_request_named_by_other_digits_is_not_found(world, area):
    office = client_as(world, "org_admin")

    response = office.post(
        "/gwangju/eligibility/", {"via": "decide", "request": "²", "decision": "approve"}, follow=True
    )

    assert response.status_code == 200
    assert "그런 요청이 없습니다." in text_of(response)
