"""Role × action → allowed, over the meeting and program pages.

A denied write asserts the error code, that no row changed and that the audit chain kept its
length.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.support.helpers import row_counts
from tests.support.permissions import ROLES, api_outcome, api_refused, client_as, page_outcome, refused

pytestmark = pytest.mark.django_db


def meeting_snapshot() -> tuple[int, ...]:
    from hyeopchi.meetings.models import AgendaItem, Document, Meeting, MeetingSeries, Minutes

    return row_counts(
        AgendaItem,
        Meeting.objects.filter(status="held"),
        Meeting.objects.filter(sequence__gt=0),
        Minutes,
        MeetingSeries,
        Document,
        AgendaItem.objects.exclude(decision=""),
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
    item = meeting_services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="안건", kind="decision")
    return world, meeting, later, item


def _meeting_post(
    suffix: str | Callable[[Any], str], data_of: Callable[[Any], dict]
) -> Callable[[Client, Any], tuple[int, str]]:
    def call(client: Client, context: Any) -> tuple[int, str]:
        meeting = context[1]
        path = suffix(context) if callable(suffix) else suffix
        return page_outcome(client.post(f"/gwangju/meetings/{meeting.pk}/{path}", data_of(context)))

    return call


def _pdf(_context: Any) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"title": "자료", "kind": "material", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 test")}


def _create_series(client: Client, context: Any) -> tuple[int, str]:
    world = context[0]
    response = client.post(
        f"/gwangju/organizations/{world.working.pk}/series/new/",
        {
            "title": "정례회의",
            "repeat": "monthly_on_date",
            "interval": "1",
            "dtstart": "2024-05-01T14:00",
            "duration_minutes": "60",
            "first_number": "1",
        },
    )
    return page_outcome(response)


MEETING_WRITES: dict[str, Callable[[Client, Any], tuple[int, str]]] = {
    "web.add_agenda_item": _meeting_post("agenda/new/", lambda c: {"title": "새 안건", "kind": "report"}),
    "web.decide_agenda_item": _meeting_post(lambda c: f"agenda/{c[3].pk}/decision/", lambda c: {"decision": "adopted"}),
    "web.forward_items": _meeting_post("forward/", lambda c: {"items": [c[3].pk], "target": c[2].pk}),
    "web.change_status": _meeting_post("status/", lambda c: {"status": "held"}),
    "web.move_meeting": _meeting_post("move/", lambda c: {"start": "2024-03-12T14:00", "end": "2024-03-12T16:00"}),
    "web.edit_minutes": _meeting_post("minutes/", lambda c: {"text": "회의록"}),
    "web.add_document": _meeting_post("documents/new/", _pdf),
    "web.create_series": _create_series,
    "web.create_meeting": lambda client, context: page_outcome(
        client.post(
            f"/gwangju/organizations/{context[0].working.pk}/meetings/new/",
            {"title": "간담회", "start": "2024-05-02T14:00", "end": "2024-05-02T16:00"},
        )
    ),
}


MEETING_MANAGERS = {"secretary", "org_admin", "platform_admin"}
NOT_ALLOWED = "meetings.not_allowed"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MEETING_WRITES))
def test_meeting_write_permissions(action, role, meeting_world):
    world = meeting_world[0]
    client = client_as(world, role)
    before = meeting_snapshot()

    status, code = MEETING_WRITES[action](client, meeting_world)

    if role in MEETING_MANAGERS:
        assert (status, meeting_snapshot() != before) == (302, True)
    else:
        assert ((status, code), meeting_snapshot()) == (refused(role, NOT_ALLOWED), before)


@pytest.mark.parametrize("role", ROLES)
def test_meeting_pages_and_feeds_are_public(role, meeting_world):
    world, meeting, _later, _item = meeting_world
    client = client_as(world, role)
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
        cohorts=[meeting_services.CohortSpec("1기", seoul(2099, 5, 1), seoul(2099, 5, 2), 10)],
    )
    return world, program


@pytest.mark.parametrize("role", ROLES)
def test_program_pages(role, program_world):
    world, program = program_world
    client = client_as(world, role)
    public = ["/gwangju/programs/", f"/gwangju/programs/{program.pk}/"]

    registrations = page_outcome(client.get(f"/gwangju/programs/{program.pk}/registrations/"))

    assert {p: client.get(p).status_code for p in public} == dict.fromkeys(public, 200)
    expected = (200, "") if role in MEETING_MANAGERS else refused(role, NOT_ALLOWED)
    assert registrations == expected


def _api(method: str, suffix: str, payload: dict) -> Callable[[Client, Any], tuple[int, str]]:
    def call(client: Client, context: Any) -> tuple[int, str]:
        meeting = context[1]
        response = getattr(client, method)(
            f"/api/v1/meetings/{meeting.pk}/{suffix}", data=json.dumps(payload), content_type="application/json"
        )
        return api_outcome(response)

    return call


MEETING_API_WRITES: dict[str, tuple[Callable[[Client, Any], tuple[int, str]], int]] = {
    # action: (call, status when allowed)
    "api.add_agenda_item": (_api("post", "agenda", {"title": "새 안건", "kind": "report"}), 201),
    "api.change_status": (_api("post", "status", {"status": "held"}), 200),
    "api.save_minutes": (_api("put", "minutes", {"text": "회의록"}), 200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MEETING_API_WRITES))
def test_meeting_api_write_permissions(action, role, meeting_world):
    world = meeting_world[0]
    call, allowed_status = MEETING_API_WRITES[action]
    before = meeting_snapshot()

    status, code = call(client_as(world, role), meeting_world)

    if role in MEETING_MANAGERS:
        assert ((status, code), meeting_snapshot() != before) == ((allowed_status, ""), True)
    else:
        assert ((status, code), meeting_snapshot()) == (api_refused(role, NOT_ALLOWED), before)


def registration_snapshot() -> tuple[int, ...]:
    from hyeopchi.meetings.models import Registration

    return row_counts(Registration, Registration.objects.filter(status="cancelled"))


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_register_for_a_public_program(role, program_world):
    world, program = program_world
    cohort = program.cohorts.get()
    before = registration_snapshot()

    response = client_as(world, role).post(
        "/api/v1/registrations",
        data=json.dumps({"cohort_id": cohort.pk, "name": "김신청", "contact": "010-1234-5678", "consent": True}),
        content_type="application/json",
    )

    assert response.status_code == 201
    assert registration_snapshot() != before


@pytest.mark.parametrize("role", ROLES)
def test_a_registration_is_cancelled_only_with_its_code_and_contact(role, program_world):
    from hyeopchi.meetings import services as meeting_services
    from tests.factories import SYSTEM

    world, program = program_world
    registration = meeting_services.register(
        actor=SYSTEM, cohort=program.cohorts.get(), name="김신청", contact="010-1234-5678", consent=True
    )
    before = registration_snapshot()

    response = client_as(world, role).post(
        "/api/v1/registrations/cancel",
        data=json.dumps({"code": registration.code, "contact": "010-9999-9999"}),
        content_type="application/json",
    )

    assert (response.status_code, response.json()["error"]["code"]) == (404, "meetings.registration_not_found")
    assert registration_snapshot() == before
