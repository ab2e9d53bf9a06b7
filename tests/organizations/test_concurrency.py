"""Two secretaries appointing to the last free place at once, two administrators deciding one
verification request, one person asking twice: exactly one succeeds.

SQLite serialises writers itself and cannot show the race, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import DomainError
from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.organizations import services, verification_requests
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Membership, VerificationRequest
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, OrganizationFactory, PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("done")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_concurrent_appointments_to_the_last_place_let_one_through():
    post = PostFactory(max_holders=1)

    def appoint(person):
        return lambda: services.appoint_member(actor=SYSTEM, post=post, person=person, start_date=dt.date(2024, 1, 1))

    outcomes = _at_once(appoint(PersonFactory()), appoint(PersonFactory()))

    assert outcomes == ["done", "organizations.post_full"]
    assert Membership.objects.filter(post=post).count() == 1
    assert verify_chain().is_ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_two_administrators_deciding_one_request_at_once_let_one_through(gwangju_city):
    area = OrganizationFactory(
        name="동구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT, admin_code="29110"
    )
    request = verification_requests.ask(user=UserFactory(), kind="residence", area_code="29110", consented=True)
    offices = [UserFactory(), UserFactory()]
    for office in offices:
        assign_role(actor=SYSTEM, user=office, organization=gwangju_city, role=OrganizationRoleName.ADMINISTRATOR)

    outcomes = _at_once(
        lambda: verification_requests.decide(actor=Actor.for_user(offices[0]), request_id=request.pk, approve=True),
        lambda: verification_requests.decide(
            actor=Actor.for_user(offices[1]), request_id=request.pk, approve=False, reason="주소가 다릅니다."
        ),
    )

    assert outcomes == ["done", "organizations.request_decided"]
    decided = VerificationRequest.objects.get()
    assert VerifiedAttribute.objects.filter(value=area.admin_code).count() == (1 if decided.status == "approved" else 0)
    assert verify_chain().is_ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_one_person_asking_twice_at_once_leaves_one_request_waiting(gwangju_city):
    OrganizationFactory(name="동구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT, admin_code="29110")
    person = UserFactory()

    def ask():
        verification_requests.ask(user=person, kind="residence", area_code="29110", consented=True)

    assert _at_once(ask, ask) == ["done", "organizations.request_waiting"]
    assert VerificationRequest.objects.filter(status="pending").count() == 1
