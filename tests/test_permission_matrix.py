"""Role × action → allowed, over every page and API operation that exists.

A denied write asserts that no row changed and the audit chain kept its length.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hyeopchi.organizations.models import CompositionRule, Membership, Person
from tests.support.helpers import audit_length, client_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "member", "secretary", "org_admin", "platform_admin"]


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
    client = client_for(None if role == "anonymous" else world.users[role])
    before = snapshot()

    status = call(client, world)

    if role in allowed_roles:
        assert status == allowed_status
        assert snapshot() != before
    else:
        assert status == denied_statuses.get(role, 403)
        assert snapshot() == before


FORMS = {
    "web.appoint_member_form": ("members/new/", {"secretary", "org_admin", "platform_admin"}),
    "web.add_composition_rule_form": ("rules/new/", {"org_admin", "platform_admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(FORMS))
def test_form_pages(action, role, world):
    suffix, allowed_roles = FORMS[action]
    client = client_for(None if role == "anonymous" else world.users[role])

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
    client = client_for(None if role == "anonymous" else world.users[role])
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
    client = client_for(None if role == "anonymous" else world.users[role])

    response = client.get("/admin/organizations/organization/")

    assert response.status_code == (200 if role == "platform_admin" else 302)


def test_workspace_links_show_only_to_those_who_may_use_them(world):
    texts = {
        role: client_for(None if role == "anonymous" else world.users[role])
        .get(working_url(world))
        .content.decode()
        for role in ROLES
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


# -- meetings -----------------------------------------------------------------------------------


def meeting_snapshot() -> tuple[int, ...]:
    from hyeopchi.meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Minutes

    return (
        AgendaItem.objects.count(),
        Meeting.objects.filter(status="held").count(),
        Meeting.objects.filter(sequence__gt=0).count(),
        Minutes.objects.count(),
        MeetingSeries.objects.count(),
        Document.objects.count(),
        AgendaItem.objects.exclude(decision="").count(),
        audit_length(),
    )


@pytest.fixture
def meeting_world(world):
    from hyeopchi.meetings import services as meeting_services
    from tests.factories import SYSTEM
    from tests.support.helpers import seoul

    meeting = meeting_services.create_meeting(
        actor=SYSTEM,
        organizer=world.working,
        title="실무위원회 회의",
        start=seoul(2024, 3, 5),
        end=seoul(2024, 3, 5, 16),
    )
    later = meeting_services.create_meeting(
        actor=SYSTEM,
        organizer=world.working,
        title="실무위원회 회의",
        start=seoul(2024, 4, 5),
        end=seoul(2024, 4, 5, 16),
    )
    item = meeting_services.add_agenda_item(
        actor=SYSTEM, meeting=meeting, title="안건", kind="decision"
    )
    return world, meeting, later, item


def _meeting_post(
    suffix: str | Callable[[Any], str], data_of: Callable[[Any], dict]
) -> Callable[[Client, Any], int]:
    def call(client: Client, context: Any) -> int:
        meeting = context[1]
        path = suffix(context) if callable(suffix) else suffix
        return client.post(f"/gwangju/meetings/{meeting.pk}/{path}", data_of(context)).status_code

    return call


def _pdf(_context: Any) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "title": "자료",
        "kind": "material",
        "file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 test"),
    }


def _create_series(client: Client, context: Any) -> int:
    world = context[0]
    return client.post(
        f"/gwangju/organizations/{world.working.pk}/series/new/",
        {
            "title": "정례회의",
            "rrule": "FREQ=MONTHLY",
            "dtstart": "2024-05-01T14:00",
            "duration_minutes": "60",
            "first_number": "1",
        },
    ).status_code


MEETING_WRITES: dict[str, Callable[[Client, Any], int]] = {
    "web.add_agenda_item": _meeting_post(
        "agenda/new/", lambda c: {"title": "새 안건", "kind": "report"}
    ),
    "web.decide_agenda_item": _meeting_post(
        lambda c: f"agenda/{c[3].pk}/decision/", lambda c: {"decision": "adopted"}
    ),
    "web.forward_items": _meeting_post(
        "forward/", lambda c: {"items": [c[3].pk], "target": c[2].pk}
    ),
    "web.change_status": _meeting_post("status/", lambda c: {"status": "held"}),
    "web.move_meeting": _meeting_post(
        "move/", lambda c: {"start": "2024-03-12T14:00", "end": "2024-03-12T16:00"}
    ),
    "web.edit_minutes": _meeting_post("minutes/", lambda c: {"text": "회의록"}),
    "web.add_document": _meeting_post("documents/new/", _pdf),
    "web.create_series": _create_series,
}
MEETING_MANAGERS = {"secretary", "org_admin", "platform_admin"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MEETING_WRITES))
def test_meeting_write_permissions(action, role, meeting_world):
    world = meeting_world[0]
    client = client_for(None if role == "anonymous" else world.users[role])
    before = meeting_snapshot()

    status = MEETING_WRITES[action](client, meeting_world)

    if role in MEETING_MANAGERS:
        assert status == 302
        assert meeting_snapshot() != before
    else:
        assert status == (302 if role == "anonymous" else 403)
        assert meeting_snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_meeting_pages_and_feeds_are_public(role, meeting_world):
    world, meeting, _later, _item = meeting_world
    client = client_for(None if role == "anonymous" else world.users[role])
    paths = [
        "/gwangju/meetings/",
        f"/gwangju/meetings/{meeting.pk}/",
        "/gwangju/meetings.ics",
        f"/gwangju/organizations/{world.working.pk}/meetings.ics",
    ]

    assert {p: client.get(p).status_code for p in paths} == dict.fromkeys(paths, 200)


@pytest.fixture
def program_world(world):
    from hyeopchi.meetings import services as meeting_services
    from tests.factories import SYSTEM
    from tests.support.helpers import seoul

    program = meeting_services.create_program(
        actor=SYSTEM,
        organizer=world.working,
        title="노사 교육",
        kind="education",
        cohorts=[meeting_services.CohortSpec("1기", seoul(2024, 5, 1), seoul(2024, 5, 2), 10)],
    )
    return world, program


@pytest.mark.parametrize("role", ROLES)
def test_program_pages(role, program_world):
    world, program = program_world
    client = client_for(None if role == "anonymous" else world.users[role])
    public = ["/gwangju/programs/", f"/gwangju/programs/{program.pk}/"]

    registrations = client.get(f"/gwangju/programs/{program.pk}/registrations/").status_code

    assert {p: client.get(p).status_code for p in public} == dict.fromkeys(public, 200)
    expected = 200 if role in MEETING_MANAGERS else (302 if role == "anonymous" else 403)
    assert registrations == expected
