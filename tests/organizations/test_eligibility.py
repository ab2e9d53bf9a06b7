"""Verified attributes: set by a site's administrators (one at a time or from a file, all or
nothing) or by an identity-verification service, and read by what admits people by them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from hyeopchi.core.accounts import account_named, delete_account, personal_data
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import PermissionDeniedError, ValidationFailedError
from hyeopchi.core.identity import SignedTestVerifier, VerificationFailed
from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.core.tabular import read_table
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.organizations import eligibility
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, SiteFactory, UserFactory
from tests.support.eligibility import DONG_GU

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(office_user):
    return Actor.for_user(office_user)


def test_an_administrator_records_a_residence_valid_until_a_date(area, administrator):
    person = UserFactory(username="resident")

    eligibility.set_attribute(
        actor=administrator,
        entry=eligibility.AttributeEntry(person, "residence", DONG_GU, valid_until=dt.date(2027, 2, 28)),
    )

    assert eligibility.holds(person, "residence", [DONG_GU], on=dt.date(2027, 2, 28)) is True
    assert eligibility.holds(person, "residence", [DONG_GU], on=dt.date(2027, 3, 1)) is False


def test_an_administrator_of_another_site_cannot_vouch_for_this_one(area):
    other = UserFactory(username="elsewhere")
    assign_role(actor=SYSTEM, user=other, organization=SiteFactory(), role=OrganizationRoleName.ADMINISTRATOR)

    with pytest.raises(PermissionDeniedError):
        eligibility.set_attribute(
            actor=Actor.for_user(other), entry=eligibility.AttributeEntry(UserFactory(), "residence", DONG_GU)
        )


def test_an_unknown_area_code_is_refused(area, administrator):
    with pytest.raises(ValidationFailedError) as refused:
        eligibility.set_attribute(
            actor=administrator, entry=eligibility.AttributeEntry(UserFactory(), "residence", "99999")
        )

    assert refused.value.field_messages() == {"value": ["플랫폼에 지역 코드가 “99999”인 기관이 없습니다."]}


def test_age_is_counted_in_full_years(administrator):
    person = UserFactory(username="young")
    eligibility.set_attribute(actor=administrator, entry=eligibility.AttributeEntry(person, "birth_date", "2007-03-15"))

    assert eligibility.age_on(person, dt.date(2026, 3, 14)) == 18
    assert eligibility.age_on(person, dt.date(2026, 3, 15)) == 19


def test_a_file_with_one_bad_row_records_nothing(area, administrator):
    UserFactory(username="first")
    UserFactory(username="second")
    data = f"계정,항목,값\nfirst,거주,{DONG_GU}\nsecond,거주,12345\n".encode()

    with pytest.raises(ImportRefusedError) as refused:
        eligibility.import_attributes(actor=administrator, table=read_table(data, "a.csv"), find_account=account_named)

    assert [str(problem) for problem in refused.value.problems] == [
        "3행 ‘값’: 플랫폼에 지역 코드가 “12345”인 기관이 없습니다."
    ]
    assert VerifiedAttribute.objects.count() == 0


def test_a_file_records_every_row(area, administrator):
    UserFactory(username="first")
    UserFactory(username="second")
    data = f"계정,항목,값,유효 기한\nfirst,거주,{DONG_GU},2027-12-31\nsecond,생년월일,1990-05-01,\n".encode()

    saved = eligibility.import_attributes(
        actor=administrator, table=read_table(data, "a.csv"), find_account=account_named
    )

    assert sorted((a.user.username, a.kind, a.value, a.source) for a in saved) == [
        ("first", "residence", DONG_GU, "import"),
        ("second", "birth_date", "1990-05-01", "import"),
    ]


@override_settings(HYEOPCHI_TEST_IDENTITY={"birth_date": "1990-05-01", "residence_code": DONG_GU})
def test_the_identity_service_answer_records_birth_and_residence(area):
    person = UserFactory(username="verified")
    verifier = SignedTestVerifier()
    address = verifier.begin(user_id=person.pk, return_url="https://example.kr/back/")

    saved = eligibility.record_verification(
        user=person, verifier=verifier, answer={"answer": address.split("answer=", 1)[1]}
    )

    assert sorted((a.kind, a.value, a.source) for a in saved) == [
        ("birth_date", "1990-05-01", "test-double"),
        ("residence", DONG_GU, "test-double"),
    ]


def test_an_answer_about_another_account_is_refused(area):
    verifier = SignedTestVerifier()
    address = verifier.begin(user_id=UserFactory().pk, return_url="https://example.kr/back/")

    with pytest.raises(VerificationFailed):
        eligibility.record_verification(
            user=UserFactory(), verifier=verifier, answer={"answer": address.split("answer=", 1)[1]}
        )
    assert VerifiedAttribute.objects.count() == 0


def test_a_forged_answer_is_refused(area):
    with pytest.raises(VerificationFailed):
        eligibility.record_verification(user=UserFactory(), verifier=SignedTestVerifier(), answer={"answer": "x:y:z"})


def test_attributes_are_in_the_download_and_go_with_the_account(area, administrator):
    person = UserFactory(username="leaving")
    eligibility.set_attribute(actor=administrator, entry=eligibility.AttributeEntry(person, "residence", DONG_GU))
    own = Actor.for_user(person)

    downloaded = personal_data(own, person)["account"]["verified_attributes"]
    delete_account(own, person)

    assert [(a["attribute"], a["value"]) for a in downloaded] == [("residence", DONG_GU)]
    assert VerifiedAttribute.objects.filter(user=person).count() == 0
