"""Asking a site's office to verify where one lives, works or studies: one request waits at a time,
an administrator of the area's site approves (recording the attributes) or declines with a reason,
and what the person wrote for the office is erased once decided."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.models import AuditEvent, Notification, VerifiedAttribute
from hyeopchi.organizations import eligibility, verification_requests
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import VerificationRequest
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, SiteFactory, UserFactory
from tests.support.eligibility import DONG_GU

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def office(office_user):
    return office_user


@pytest.fixture
def person():
    return UserFactory(username="newcomer")


def ask(person, **changes):
    values = {
        "user": person,
        "kind": "residence",
        "area_code": DONG_GU,
        "consented": True,
        "statement": "광주 동구 충장로 1",
        "now": NOW,
    }
    return verification_requests.ask(**(values | changes))


def test_a_request_waits_for_the_office_and_tells_its_administrators(area, office, person):
    request = ask(person, birth_date=dt.date(2001, 5, 2))

    assert [(r.pk, r.kind, r.area.admin_code, r.status) for r in verification_requests.waiting_for(area.site)] == [
        (request.pk, "residence", DONG_GU, "pending")
    ]
    assert list(Notification.objects.values_list("user__username", "title")) == [
        ("gwangju-office", "담당 부서 확인 요청이 들어왔습니다: 동구 거주.")
    ]
    assert VerifiedAttribute.objects.count() == 0


def test_a_second_request_of_the_same_kind_waits_for_the_first(area, person):
    ask(person)

    with pytest.raises(ConflictError) as caught:
        ask(person)

    assert caught.value.code == "organizations.request_waiting"
    assert VerificationRequest.objects.count() == 1


def test_a_sixth_request_in_a_day_is_refused(area, person):
    for _ in range(5):
        verification_requests.withdraw(user=person, request_id=ask(person).pk, now=NOW)

    with pytest.raises(ConflictError) as caught:
        ask(person)

    assert caught.value.code == "organizations.request_limit"


def test_each_bad_field_is_named(area, person):
    with pytest.raises(ValidationFailedError) as caught:
        ask(
            person,
            kind="birth_date",
            area_code="99999",
            consented=False,
            statement="가" * 501,
            birth_date=dt.date(2030, 1, 1),
        )

    assert sorted(caught.value.fields) == ["area", "birth_date", "consent", "kind", "statement"]
    assert VerificationRequest.objects.count() == 0


def test_approving_records_the_residence_and_the_date_of_birth_and_erases_the_statement(area, office, person):
    request = ask(person, birth_date=dt.date(2001, 5, 2))

    decided = verification_requests.decide(
        actor=Actor.for_user(office), request_id=request.pk, approve=True, valid_until=dt.date(2027, 12, 31)
    )

    assert (decided.status, decided.statement, decided.decided_by_id) == ("approved", "", office.pk)
    assert eligibility.holds(person, "residence", [DONG_GU], on=dt.date(2027, 12, 31)) is True
    assert eligibility.age_on(person, dt.date(2026, 11, 23)) == 25
    assert set(VerifiedAttribute.objects.values_list("kind", "source")) == {
        ("residence", "staff"),
        ("birth_date", "staff"),
    }
    assert (
        Notification.objects.filter(user=person).values_list("title", flat=True).get()
        == "담당 부서가 확인했습니다: 동구 거주."
    )


def test_declining_needs_a_reason_and_the_person_reads_it(area, office, person):
    request = ask(person)
    with pytest.raises(ValidationFailedError):
        verification_requests.decide(actor=Actor.for_user(office), request_id=request.pk, approve=False)

    verification_requests.decide(
        actor=Actor.for_user(office), request_id=request.pk, approve=False, reason="주민등록상 주소가 다릅니다."
    )

    assert VerifiedAttribute.objects.count() == 0
    assert Notification.objects.filter(user=person).values_list("title", flat=True).get() == (
        "담당 부서가 확인하지 못했습니다: 동구 거주. 주민등록상 주소가 다릅니다."
    )


def test_a_request_decided_once_cannot_be_decided_again(area, office, person):
    request = ask(person)
    verification_requests.decide(actor=Actor.for_user(office), request_id=request.pk, approve=True)

    with pytest.raises(InvalidTransitionError):
        verification_requests.decide(actor=Actor.for_user(office), request_id=request.pk, approve=False, reason="x")

    assert VerificationRequest.objects.get().status == "approved"


def test_an_administrator_of_another_site_cannot_decide(area, person):
    other = UserFactory(username="elsewhere")
    assign_role(actor=SYSTEM, user=other, organization=SiteFactory(), role=OrganizationRoleName.ADMINISTRATOR)
    request = ask(person)

    with pytest.raises(PermissionDeniedError):
        verification_requests.decide(actor=Actor.for_user(other), request_id=request.pk, approve=True)

    assert VerificationRequest.objects.get().status == "pending"


def test_only_its_author_withdraws_a_request(area, person):
    request = ask(person)
    with pytest.raises(NotFoundError):
        verification_requests.withdraw(user=UserFactory(), request_id=request.pk)

    verification_requests.withdraw(user=person, request_id=request.pk)

    assert VerificationRequest.objects.values_list("status", "statement").get() == ("withdrawn", "")


def test_requests_and_decisions_are_audited_without_what_the_person_wrote(area, office, person):
    request = ask(person)
    verification_requests.decide(actor=Actor.for_user(office), request_id=request.pk, approve=True, now=timezone.now())

    events = list(
        AuditEvent.objects.filter(verb__startswith="organizations.verification").values_list("verb", "payload")
    )
    assert events == [
        ("organizations.verification_requested", '{"kind":"residence"}'),
        ("organizations.verification_decided", '{"status":"approved"}'),
    ]
