"""Role × action → allowed, over the organization pages and their API operations.

A denied write asserts the error code, that no row changed and that the audit chain kept its
length.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hyeopchi.organizations.models import CompositionRule, Membership, Person
from tests.support.helpers import row_counts
from tests.support.permissions import ROLES, SITE_ADMINS, api_outcome, client_as, denial, page_outcome, refused

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, ...]:
    return row_counts(Membership, Person, CompositionRule, Membership.objects.filter(end_date__isnull=False))


def working_url(world: Any, suffix: str = "") -> str:
    return f"/gwangju/organizations/{world.working.pk}/{suffix}"


def appoint_web(client: Client, world: Any) -> tuple[int, str]:
    data = {"post": world.worker.pk, "new_person_name": "정도장", "start_date": "2021-01-01"}
    return page_outcome(client.post(working_url(world, "members/new/"), data))


def end_web(client: Client, world: Any) -> tuple[int, str]:
    membership = Membership.objects.get(person__name="최품질")
    path = working_url(world, f"members/{membership.pk}/end/")
    return page_outcome(client.post(path, {"end_date": "2024-01-01"}))


def rule_web(client: Client, world: Any) -> tuple[int, str]:
    data = {"kind": "total_between", "min": "6", "max": "6", "basis": "bylaw", "severity": "error"}
    return page_outcome(client.post(working_url(world, "rules/new/"), data))


def appoint_api(client: Client, world: Any) -> tuple[int, str]:
    data = {"post_id": world.worker.pk, "new_person_name": "정도장", "start_date": "2021-01-01"}
    return api_outcome(client.post("/api/v1/memberships", data, content_type="application/json"))


SECRETARIES = {"secretary", "org_admin", "platform_admin"}

WRITES: dict[str, tuple[Callable[[Client, Any], tuple[int, str]], int, set[str]]] = {
    # action: (call, status when allowed, roles allowed)
    "web.appoint_member": (appoint_web, 302, SECRETARIES),
    "web.end_membership": (end_web, 302, SECRETARIES),
    "web.add_composition_rule": (rule_web, 302, SITE_ADMINS),
    "api.appoint_member": (appoint_api, 201, SECRETARIES),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(WRITES))
def test_write_permissions(action, role, world):
    call, allowed_status, allowed_roles = WRITES[action]
    client = client_as(world, role)
    before = snapshot()

    status, code = call(client, world)

    if role in allowed_roles:
        assert (status, snapshot() != before) == (allowed_status, True)
    else:
        denied = denial(action, role, "organizations.not_allowed")
        assert ((status, code), snapshot()) == (denied, before)


FORMS = {
    "web.appoint_member_form": ("members/new/", SECRETARIES),
    "web.add_composition_rule_form": ("rules/new/", SITE_ADMINS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(FORMS))
def test_form_pages(action, role, world):
    suffix, allowed_roles = FORMS[action]
    client = client_as(world, role)

    outcome = page_outcome(client.get(working_url(world, suffix)))

    if role in allowed_roles:
        assert outcome == (200, "")
    else:
        assert outcome == refused(role, "organizations.not_allowed")


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
    texts = {role: client_as(world, role).get(working_url(world)).content.decode() for role in ROLES}

    assert {role for role, html in texts.items() if "members/new/" in html} == {
        "secretary",
        "org_admin",
        "platform_admin",
    }
    assert {role for role, html in texts.items() if "rules/new/" in html} == {"org_admin", "platform_admin"}
