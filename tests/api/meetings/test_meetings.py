from __future__ import annotations

import json

import pytest
from django.test import Client

from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings import services
from hyeopchi.meetings.models import AgendaItem, MeetingSeries, Registration
from tests.factories import SYSTEM
from tests.support.helpers import INVALID_KO, api_error, audit_length, client_for
from tests.support.programs import CONSENTED_API, reading_class

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, path: str, payload=None, language="ko"):
    response = getattr(client, method)(
        path,
        data=json.dumps(payload) if payload is not None else None,
        content_type="application/json",
        headers={"Accept-Language": language},
    )
    return response.status_code, (response.json() if response.content else None)


def test_list_and_get_meetings(gwangju):
    status, body = call(Client(), "get", f"/api/v1/meetings?series={gwangju.vice_heads.pk}&limit=2")
    first = gwangju.vice_heads.meetings.get(number=1)
    services.add_agenda_item(actor=SYSTEM, meeting=first, title="보고", kind="report")
    detail_status, detail = call(Client(), "get", f"/api/v1/meetings/{first.pk}")

    assert status == 200
    assert body["count"] == 6
    assert [(m["number"], m["start"]) for m in body["items"]] == [
        (1, "2021-02-23T10:00:00+09:00"),
        (2, "2021-04-23T10:00:00+09:00"),
    ]
    assert (detail_status, [i["title"] for i in detail["agenda"]]) == (200, ["보고"])


def test_secretary_runs_a_meeting_through_the_api(gwangju):
    client = client_for(gwangju.secretary)
    first = gwangju.vice_heads.meetings.get(number=1)
    target = meeting_selectors.next_meeting_of(gwangju.win_win, first.start)

    created = call(
        client,
        "post",
        f"/api/v1/meetings/{first.pk}/agenda",
        {"title": "학대피해 아동쉼터 추가설치", "kind": "decision"},
    )
    item_id = created[1]["id"]
    attendance = call(
        client,
        "put",
        f"/api/v1/meetings/{first.pk}/attendance",
        [{"post_id": d.pk, "status": "present"} for d in gwangju.deputies],
    )
    forwarded = call(
        client, "post", f"/api/v1/meetings/{first.pk}/forward", {"item_ids": [item_id], "target_meeting_id": target.pk}
    )
    twice = call(
        client,
        "post",
        f"/api/v1/meetings/{first.pk}/forward",
        {"item_ids": [item_id], "target_meeting_id": target.pk},
        "en",
    )
    held = call(client, "post", f"/api/v1/meetings/{first.pk}/status", {"status": "held"})
    minutes = call(client, "put", f"/api/v1/meetings/{first.pk}/minutes", {"text": "1건 이관", "publish": True})

    assert created[0] == 201
    assert attendance == (204, None)
    assert (forwarded[0], forwarded[1][0]["forwarded_from_id"]) == (200, item_id)
    assert twice == api_error(
        409, "meetings.already_forwarded", "“학대피해 아동쉼터 추가설치” has already been forwarded."
    )
    assert (held[0], held[1]["status"]) == (200, "held")
    assert minutes == (200, {"meeting_id": first.pk, "status": "published", "text": "1건 이관"})


def test_meeting_actions_are_refused_to_others_and_write_nothing(gwangju, django_user_model):
    first = gwangju.vice_heads.meetings.get(number=1)
    citizen = client_for(django_user_model.objects.create_user("citizen-x", password="pw-2026-x"))
    before = (AgendaItem.objects.count(), audit_length())

    anonymous = call(Client(), "post", f"/api/v1/meetings/{first.pk}/agenda", {"title": "x", "kind": "report"})
    denied = call(citizen, "post", f"/api/v1/meetings/{first.pk}/agenda", {"title": "x", "kind": "report"})
    bad_kind = call(
        client_for(gwangju.secretary), "post", f"/api/v1/meetings/{first.pk}/agenda", {"title": "x", "kind": "party"}
    )

    assert anonymous[0] == 401
    assert (denied[0], denied[1]["error"]["code"]) == (403, "meetings.not_allowed")
    assert (bad_kind[0], list(bad_kind[1]["error"]["fields"])) == (422, ["kind"])
    assert (AgendaItem.objects.count(), audit_length()) == before


@pytest.fixture
def cohort(gwangju_city):
    """A reading class with a single place."""
    return reading_class(gwangju_city, 1, title="작가와 함께하는 독서교실").cohorts.get()


def apply(cohort, name: str, contact: str, grade: int):
    payload = {"cohort_id": cohort.pk, "name": name, "contact": contact, "grade": grade, **CONSENTED_API}
    return call(Client(), "post", "/api/v1/registrations", payload)


def test_programs_are_listed_by_site(cohort):
    status, body = call(Client(), "get", "/api/v1/programs?site=gwangju")

    assert (status, [p["title"] for p in body["items"]]) == (200, ["작가와 함께하는 독서교실"])


def test_the_first_applicant_gets_the_place_and_the_next_waits(cohort):
    first = apply(cohort, "가", "010-1111-2222", 5)
    second = apply(cohort, "나", "010-3333-4444", 4)

    assert (first[0], first[1]["status"], second[1]["status"]) == (201, "confirmed", "waitlisted")


def test_a_child_outside_the_grades_is_refused_with_the_reason(cohort):
    young = apply(cohort, "다", "010-5555-6666", 2)

    assert young == api_error(
        422,
        "meetings.not_eligible",
        INVALID_KO,
        {"grade": ["첫날(2099-01-18) 기준 4학년부터 6학년까지 신청할 수 있습니다."]},
    )


def test_cancelling_with_code_and_contact_frees_the_place_for_the_next(cohort):
    first = apply(cohort, "가", "010-1111-2222", 5)
    second = apply(cohort, "나", "010-3333-4444", 4)

    cancelled = call(
        Client(), "post", "/api/v1/registrations/cancel", {"code": first[1]["code"], "contact": "01011112222"}
    )

    waiting = Registration.objects.get(code=second[1]["code"])
    assert (cancelled[1]["status"], waiting.status) == ("cancelled", "confirmed")


def test_series_move_and_documents_through_the_api(gwangju):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(gwangju.secretary)
    created = call(
        client,
        "post",
        "/api/v1/series",
        {
            "organizer_id": gwangju.council.pk,
            "title": "격월 회의",
            "rrule": "FREQ=MONTHLY;INTERVAL=2",
            "dtstart": "2026-01-20T14:00:00+09:00",
            "until": "2026-12-31",
            "exdates": ["2026-05-20T14:00:00+09:00"],
            "invitations": [{"post_id": gwangju.deputies[0].pk, "months": [1, 5, 9]}],
        },
    )
    bad_rule = call(
        client,
        "post",
        "/api/v1/series",
        {
            "organizer_id": gwangju.council.pk,
            "title": "x",
            "rrule": "FREQ=HOURLY",
            "dtstart": "2026-01-20T14:00:00+09:00",
        },
    )
    meeting = gwangju.vice_heads.meetings.get(number=2)
    moved = call(
        client,
        "post",
        f"/api/v1/meetings/{meeting.pk}/move",
        {"start": "2021-04-27T10:00:00+09:00", "end": "2021-04-27T12:00:00+09:00"},
    )
    upload = client.post(
        f"/api/v1/meetings/{meeting.pk}/documents",
        {"title": "회의자료", "file": SimpleUploadedFile("자료.pdf", b"%PDF-1.7 x")},
    )
    refused = client.post(
        f"/api/v1/meetings/{meeting.pk}/documents", {"title": "x", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )

    series = MeetingSeries.objects.get(title="격월 회의")
    assert created[0] == 201
    assert [m.start.date().isoformat() for m in series.meetings.order_by("start")] == [
        "2026-01-20",
        "2026-03-20",
        "2026-07-20",
        "2026-09-20",
        "2026-11-20",
    ]
    assert bad_rule == api_error(
        422, "meetings.invalid_rule", INVALID_KO, {"rrule": ["회의는 하루에 한 번까지만 반복할 수 있습니다."]}
    )
    assert (moved[0], moved[1]["start"]) == (200, "2021-04-27T10:00:00+09:00")
    assert (upload.status_code, upload.json()["media_type"]) == (201, "application/pdf")
    assert (refused.status_code, refused.json()["error"]["code"]) == (422, "meetings.document_refused")


def test_a_status_a_meeting_cannot_have_is_refused_by_name(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)

    status, body = call(
        client_for(gwangju.secretary), "post", f"/api/v1/meetings/{meeting.pk}/status", {"status": "party"}
    )

    assert (status, body["error"]["fields"]) == (422, {"status": ["회의가 가질 수 없는 상태입니다."]})


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_meeting_moved_to_a_year_nobody_plans_in_is_refused(gwangju, year):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    moved = {"start": f"{year}-12-31T10:00:00+09:00", "end": f"{year}-12-31T11:00:00+09:00"}

    status, body = call(client_for(gwangju.secretary), "post", f"/api/v1/meetings/{meeting.pk}/move", moved)

    assert (status, body["error"]["fields"]) == (
        422,
        {"start": ["1900년부터 2199년 사이의 날짜를 쓰세요."], "end": ["1900년부터 2199년 사이의 날짜를 쓰세요."]},
    )


def test_a_series_title_with_a_line_break_is_refused(gwangju):
    series = {
        "organizer_id": gwangju.council.pk,
        "title": "정례회의\r\n다음 줄",
        "rrule": "FREQ=MONTHLY",
        "dtstart": "2026-01-20T14:00:00+09:00",
    }

    status, body = call(client_for(gwangju.secretary), "post", "/api/v1/series", series)

    assert (status, list(body["error"]["fields"]), MeetingSeries.objects.count()) == (422, ["title"], 2)


def test_a_document_title_with_a_nul_character_is_refused(gwangju):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = gwangju.vice_heads.meetings.get(number=1)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")

    response = client_for(gwangju.secretary).post(
        f"/api/v1/meetings/{meeting.pk}/documents", {"title": "자료\x00", "kind": "material", "file": upload}
    )

    assert (response.status_code, list(response.json()["error"]["fields"])) == (422, ["title"])
