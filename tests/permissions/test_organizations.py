"""Role × action → allowed, over the meeting and program pages.

A denied write asserts that no row changed and the audit chain kept its length.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hyeopchi.organizations.models import CompositionRule, Membership, Person
from tests.support.helpers import audit_length
from tests.support.permissions import ROLES, client_as

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, ...]:
    return (
        Membership.objects.count(),
        Person.objects.count(),
        CompositionRule.objects.count(),
        audit_length(),
        Membership.objects.filter(end_date__isnull=False).count(),
    )


def working_url(world: Any, suffix: str = "") -> str:
    return f"/gwangju/organizations/{world.working.pk}/{suffix}"


def appoint_web(client: Client, world: Any) -> int:
    return client.post(
        working_url(world, "members/new/"),
        {
            "post": world.worker.pk,
            "new_person_name": "정도장",
            "start_date": "2021-01-01",
        },
    ).status_code


def end_web(client: Client, world: Any) -> int:
    membership = Membership.objects.get(person__name="최품질")
    return client.post(
        working_url(world, f"members/{membership.pk}/end/"), {"end_date": "2024-01-01"}
    ).status_code


def rule_web(client: Client, world: Any) -> int:
    return client.post(
        working_url(world, "rules/new/"),
        {
            "kind": "total_between",
            "min": "6",
            "max": "6",
            "basis": "bylaw",
            "severity": "error",
        },
    ).status_code


def appoint_api(client: Client, world: Any) -> int:
    return client.post(
        "/api/v1/memberships",
        content_type="application/json",
        data=json.dumps(
            {
                "post_id": world.worker.pk,
                "new_person_name": "정도장",
                "start_date": "2021-01-01",
            }
        ),
    ).status_code


WRITES: dict[str, tuple[Callable[[Client, Any], int], int, set[str], dict[str, int]]] = {
    # action: (call, status when allowed, roles allowed, status when denied by role)
    "web.appoint_member": (
        appoint_web,
        302,
        {"secretary", "org_admin", "platform_admin"},
        {"anonymous": 302},
    ),
    "web.end_membership": (
        end_web,
        302,
        {"secretary", "org_admin", "platform_admin"},
        {"anonymous": 302},
    ),
    "web.add_composition_rule": (
        rule_web,
        302,
        {"org_admin", "platform_admin"},
        {"anonymous": 302},
    ),
    "api.appoint_member": (
        appoint_api,
        201,
        {"secretary", "org_admin", "platform_admin"},
        {"anonymous": 401},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITES))
def test_write_permissions(action, role, world):
    call, allowed_status, allowed_roles, denied_statuses = WRITES[action]
    client = client_as(world, role)
    before = snapshot()

    status = call(client, world)

    if role in allowed_roles:
        assert status == allowed_status
        assert snapshot() != before
    else:
        assert status == denied_statuses.get(role, 403)
        assert snapshot() == before


@pytest.mark.parametrize("role", ["anonymous", "citizen", "member"])
def test_the_api_refuses_an_appointment_with_its_code(role, world):
    client = client_as(world, role)
    before = snapshot()

    response = client.post(
        "/api/v1/memberships",
        content_type="application/json",
        data=json.dumps(
            {"post_id": world.worker.pk, "new_person_name": "정도장", "start_date": "2021-01-01"}
        ),
    )

    expected = (
        (401, "core.not_authenticated")
        if role == "anonymous"
        else (403, "organizations.not_allowed")
    )
    assert (response.status_code, response.json()["error"]["code"]) == expected
    assert snapshot() == before


FORMS = {
    "web.appoint_member_form": ("members/new/", {"secretary", "org_admin", "platform_admin"}),
    "web.add_composition_rule_form": ("rules/new/", {"org_admin", "platform_admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(FORMS))
def test_form_pages(action, role, world):
    suffix, allowed_roles = FORMS[action]
    client = client_as(world, role)

    response = client.get(working_url(world, suffix))

    if role in allowed_roles:
        assert response.status_code == 200
    elif role == "anonymous":
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            "/accounts/login/",
        )
    else:
        assert response.status_code == 403


PUBLIC_READS = [
    "/",
    "/gwangju/",
    "/gwangju/organizations/",
    "/en/gwangju/organizations/",
    "/api/v1/organizations",
    "/api/v1/posts",
    "/api/v1/memberships",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("role", ROLES)
def test_public_reads_are_open_to_every_role(role, world):
    client = client_as(world, role)
    paths = [
        *PUBLIC_READS,
        working_url(world),
        f"/api/v1/organizations/{world.working.pk}",
        f"/api/v1/posts/{world.worker.pk}",
        f"/api/v1/memberships/{Membership.objects.earliest('pk').pk}",
        f"/api/v1/organizations/{world.working.pk}/composition",
    ]

    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 200)


@pytest.mark.parametrize("role", ROLES)
def test_admin_back_office_is_for_platform_administrators(role, world):
    client = client_as(world, role)

    response = client.get("/admin/organizations/organization/")

    assert response.status_code == (200 if role == "platform_admin" else 302)


def test_workspace_links_show_only_to_those_who_may_use_them(world):
    texts = {
        role: client_as(world, role).get(working_url(world)).content.decode() for role in ROLES
    }

    assert {role for role, html in texts.items() if "members/new/" in html} == {
        "secretary",
        "org_admin",
        "platform_admin",
    }
    assert {role for role, html in texts.items() if "rules/new/" in html} == {
        "org_admin",
        "platform_admin",
    }
