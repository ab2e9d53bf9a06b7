"""The pages of verified attributes: a site's administrators record them; a person sees theirs
and may confirm them with the identity-verification service."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.organizations.enums import OrganizationKind
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


def test_without_a_service_the_page_says_whom_to_ask(world):
    text = text_of(client_for(UserFactory(username="plain")).get("/accounts/eligibility/"))

    assert "아직 확인된 정보가 없습니다." in text
    assert "사이트 담당 부서에 요청하세요" in text
