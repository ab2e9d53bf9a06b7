"""The back office creates through the services, so their checks and audit events apply."""

from __future__ import annotations

import pytest

from hyeopchi.core.models import AuditEvent
from hyeopchi.organizations.models import CompositionRule, Membership, Person
from tests.support.helpers import audit_length, client_for

pytestmark = pytest.mark.django_db


def test_admin_appointment_beyond_the_seat_limit_is_a_form_error(world):
    client = client_for(world.users["platform_admin"])
    person = Person.objects.create(name="추가위원")
    before = (Membership.objects.count(), audit_length())

    response = client.post(
        "/admin/organizations/membership/add/",
        {"post": world.employer.pk, "person": person.pk, "start_date": "2024-01-01"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["그 기간에 이 자리의 정원 1명이 모두 찼습니다."]
    assert (Membership.objects.count(), audit_length()) == before


def test_admin_appointment_goes_through_the_service(world):
    client = client_for(world.users["platform_admin"])
    person = Person.objects.create(name="정도장")

    response = client.post(
        "/admin/organizations/membership/add/",
        {"post": world.worker.pk, "person": person.pk, "start_date": "2024-01-01"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    event = AuditEvent.objects.latest("seq")
    assert (event.verb, event.target_pk, event.actor_label) == (
        "organizations.member_appointed",
        str(membership.pk),
        "user:platform_admin",
    )


def test_admin_refuses_a_rule_with_minimum_above_maximum(world):
    client = client_for(world.users["platform_admin"])

    response = client.post(
        "/admin/organizations/compositionrule/add/",
        {
            "body": world.working.pk,
            "kind": "total_between",
            "params": '{"min": 7, "max": 6}',
            "basis": "bylaw",
            "severity": "error",
            "citation": "",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"params": ["min: 최솟값은 최댓값보다 클 수 없습니다."]}
    assert CompositionRule.objects.count() == 0


def test_admin_edit_is_recorded_in_the_audit_chain(world):
    client = client_for(world.users["platform_admin"])

    response = client.post(
        f"/admin/organizations/organization/{world.working.pk}/change/",
        {
            "name": "실무위원회",
            "name_en": "Working Body",
            "description": "",
            "admin_code": "",
            "valid_from": "",
            "valid_to": "",
            "sort_order": "0",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.latest("seq")
    assert (event.verb, event.payload) == ("organizations.organization_changed_in_admin", '{"changed":["name_en"]}')
