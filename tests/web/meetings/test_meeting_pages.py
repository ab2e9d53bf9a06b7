from __future__ import annotations

import datetime as dt
import re
from typing import Any

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings import services
from hyeopchi.meetings.enums import MeetingStatus
from hyeopchi.meetings.models import AgendaItem, Meeting, MeetingSeries
from hyeopchi.meetings.recurrence import SEOUL
from tests.factories import SYSTEM
from tests.support.helpers import client_for, seoul, text_of

pytestmark = pytest.mark.django_db


def member_field(post: Any) -> str:
    """The attendance form's field for the only member holding ``post``."""
    return f"status_{post.pk}_{post.memberships.get().person_id}"


def meeting_url(meeting: Meeting, suffix: str = "") -> str:
    return f"/gwangju/meetings/{meeting.pk}/{suffix}"


def test_meetings_index_lists_upcoming_and_past(gwangju):
    response = Client().get("/gwangju/meetings/")
    text = text_of(response)

    assert response.status_code == 200
    assert "지난 회의" in text
    assert "제1차 시·구 부단체장 상생회의" in text
    assert "제6차 시·구 상생회의" in text
    assert "회의 6회" in text


def test_meeting_page_shows_agenda_attendance_and_links_of_forwarded_items(gwangju):
    source = gwangju.vice_heads.meetings.get(number=1)
    item = gwangju.shelter_item(source)
    target = meeting_selectors.next_meeting_of(gwangju.win_win, source.start)
    services.forward_agenda_items(actor=SYSTEM, items=[item], target=target)

    source_page = text_of(Client().get(meeting_url(source)))
    target_page = text_of(Client().get(meeting_url(target)))

    assert "학대피해 아동쉼터 추가설치 · 의결 · 광산구 상정 이관" in source_page
    assert "넘긴 회의 제6차 시·구 상생회의" in source_page
    assert "넘겨받은 회의 제1차 시·구 부단체장 상생회의" in target_page
    assert "동구부구청장" in source_page


def test_replaying_scenario_s1_as_the_secretary(gwangju):
    client = client_for(gwangju.secretary)
    meeting = gwangju.vice_heads.meetings.get(number=1)

    titles = [
        "문화강좌 비정규직 민생안정자금 지원",
        "코로나19 백신접종 의료인력 확보 대책건의",
        "학대피해 아동쉼터 광주시 통합 추가설치 요청",
        "드론특별자유화구역 지정",
    ]
    for title in titles:
        response = client.post(meeting_url(meeting, "agenda/new/"), {"title": title, "kind": "decision"})
        assert response.status_code == 302
    attendance = {member_field(gwangju.vice_mayor): "present"}
    attendance |= {member_field(d): "present" for d in gwangju.deputies}
    assert client.post(meeting_url(meeting, "attendance/"), attendance).status_code == 302
    items = list(meeting.agenda_items.order_by("position"))
    target = meeting_selectors.next_meeting_of(gwangju.win_win, meeting.start)
    response = client.post(meeting_url(meeting, "forward/"), {"items": [i.pk for i in items[:3]], "target": target.pk})
    again = client.post(meeting_url(meeting, "forward/"), {"items": [items[0].pk], "target": target.pk})
    assert client.post(meeting_url(meeting, "status/"), {"status": "held"}).status_code == 302
    minutes = client.post(meeting_url(meeting, "minutes/"), {"text": "3건 선정", "publish": "1"})

    assert response.status_code == 302
    assert again.status_code == 422
    assert again.context["form"].non_field_errors() == ["“문화강좌 비정규직 민생안정자금 지원” 안건은 이미 넘겼습니다."]
    assert minutes.status_code == 302
    assert [i.title for i in target.agenda_items.order_by("position")] == titles[:3]
    page = text_of(Client().get(meeting_url(meeting)))
    assert "재적위원 6명 중 6명 출석. 의사정족수 4명(재적위원 과반수)을 채웠습니다." in page
    assert "3건 선정" in page


def test_workspace_is_closed_to_others(gwangju, django_user_model):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    citizen = django_user_model.objects.create_user("someone", password="x-2026-pw")

    anonymous = Client().post(meeting_url(meeting, "agenda/new/"), {"title": "x", "kind": "report"})
    denied = client_for(citizen).post(meeting_url(meeting, "agenda/new/"), {"title": "x", "kind": "report"})

    assert anonymous.status_code == 302
    assert denied.status_code == 403
    assert AgendaItem.objects.count() == 0


def test_document_upload_refuses_a_disguised_file_and_serves_a_real_one(gwangju):
    client = client_for(gwangju.secretary)
    meeting = gwangju.vice_heads.meetings.get(number=1)

    refused = client.post(
        meeting_url(meeting, "documents/new/"),
        {
            "title": "자료",
            "kind": "material",
            "file": SimpleUploadedFile("자료.hwpx", b"not a zip", content_type="application/octet-stream"),
        },
    )
    accepted = client.post(
        meeting_url(meeting, "documents/new/"),
        {
            "title": "회의자료",
            "kind": "material",
            "file": SimpleUploadedFile("자료.hwpx", b"PK\x03\x04" + b"\x00" * 60),
        },
    )
    document = meeting.documents.get()
    download = Client().get(meeting_url(meeting, f"documents/{document.pk}/"))

    assert refused.status_code == 422
    assert refused.context["form"].errors == {
        "file": ["PDF, HWP, HWPX, XLSX, DOCX, PNG, JPEG 파일만 올릴 수 있습니다."]
    }
    assert accepted.status_code == 302
    assert (download.status_code, download["Content-Type"]) == (200, "application/hwp+zip")
    assert b"".join(download.streaming_content) == b"PK\x03\x04" + b"\x00" * 60


def post_series(client: Client, gwangju: Any, **fields: Any) -> Any:
    """Send the new-series form of the council, with a typed monthly two-hour rule unless ``fields`` say."""
    form = {
        "repeat": "custom",
        "interval": "1",
        "rrule": "FREQ=MONTHLY",
        "dtstart": "2026-01-21T14:00",
        "duration_minutes": "120",
        "first_number": "1",
    }
    return client.post(f"/gwangju/organizations/{gwangju.council.pk}/series/new/", {**form, **fields})


def test_series_form_refuses_an_invalid_rule(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(client, gwangju, title="간담회", rrule="FREQ=SOMETIMES", dtstart="2024-02-22T14:00")

    assert response.status_code == 422
    assert response.context["form"].errors == {"rrule": ["RFC 5545에 맞지 않는 반복 규칙입니다."]}


def parse_feed(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    window = (dt.datetime(2021, 1, 1, tzinfo=SEOUL), dt.datetime(2022, 12, 31, tzinfo=SEOUL))
    events = recurring_ical_events.of(calendar).between(*window)
    return calendar, sorted((str(e["UID"]), e.decoded("DTSTART")) for e in events)


def test_series_feed_expands_to_exactly_the_platforms_occurrences(gwangju, settings):
    moved = gwangju.vice_heads.meetings.get(number=3)
    services.move_meeting(actor=SYSTEM, meeting=moved, start=seoul(2021, 6, 30), end=seoul(2021, 6, 30, 16))
    cancelled = gwangju.vice_heads.meetings.get(number=4)
    services.set_meeting_status(actor=SYSTEM, meeting=cancelled, status=MeetingStatus.CANCELLED)
    settings.ALLOWED_HOSTS = ["hyeopchi.example"]

    response = Client(HTTP_HOST="hyeopchi.example").get(f"/gwangju/series/{gwangju.vice_heads.pk}/meetings.ics")
    calendar, events = parse_feed(response.content)

    expected = sorted(
        (f"meeting-{m.pk}@hyeopchi.example", m.start.astimezone(SEOUL)) for m in gwangju.vice_heads.meetings.all()
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert events == expected
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    moved_event = by_uid[f"meeting-{moved.pk}@hyeopchi.example"]
    assert (int(moved_event["SEQUENCE"]), str(moved_event["STATUS"])) == (1, "CONFIRMED")
    assert str(by_uid[f"meeting-{cancelled.pk}@hyeopchi.example"]["STATUS"]) == "CANCELLED"
    assert f"http://hyeopchi.example/gwangju/meetings/{moved.pk}/" in str(moved_event["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Seoul"


def test_site_and_organization_feeds_cover_their_meetings(gwangju):
    site_feed = Client().get("/gwangju/meetings.ics")
    organization_feed = Client().get(f"/gwangju/organizations/{gwangju.council.pk}/meetings.ics")

    _cal, site_events = parse_feed(site_feed.content)
    _cal, organization_events = parse_feed(organization_feed.content)

    assert len(site_events) == Meeting.objects.count() == 10
    assert len(organization_events) == gwangju.vice_heads.meetings.count() == 6


def test_meeting_list_and_page_query_counts_do_not_grow(gwangju, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert Client().get(path).status_code == 200
        return len(context.captured_queries)

    meeting = gwangju.vice_heads.meetings.get(number=1)
    first = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="안건", kind="report")
    services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="세부", kind="report", parent=first)
    small = (queries("/gwangju/meetings/"), queries(meeting_url(meeting)))
    for n in range(2):
        item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title=f"안건{n}", kind="report")
        services.add_agenda_item(actor=SYSTEM, meeting=meeting, title=f"세부{n}", kind="report", parent=item)
    services.generate_occurrences(actor=SYSTEM, series=gwangju.vice_heads, through=dt.date(2022, 12, 31))

    assert (queries("/gwangju/meetings/"), queries(meeting_url(meeting))) == small


def test_moving_one_meeting_from_its_page(gwangju):
    client = client_for(gwangju.secretary)
    meeting = gwangju.vice_heads.meetings.get(number=2)

    response = client.post(meeting_url(meeting, "move/"), {"start": "2021-04-27T10:00", "end": "2021-04-27T12:00"})
    backwards = client.post(meeting_url(meeting, "move/"), {"start": "2021-04-27T10:00", "end": "2021-04-27T09:00"})

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.start, meeting.sequence) == (seoul(2021, 4, 27, 10), 1)
    assert backwards.context["form"].errors == {"end": ["종료 시각은 시작 시각보다 앞설 수 없습니다."]}
    assert gwangju.vice_heads.meetings.get(number=3).start == seoul(2021, 6, 23, 10)


def test_series_form_builds_the_rule_from_the_picker(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(
        client, gwangju, title="격월 회의", repeat="monthly_on_weekday", interval="2", dtstart="2027-01-26T10:00"
    )

    series = MeetingSeries.objects.get(title="격월 회의")
    first = [m.start.astimezone(SEOUL).date().isoformat() for m in series.meetings.order_by("start")[:3]]
    assert response.status_code == 302
    assert series.rrule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU"
    assert first == ["2027-01-26", "2027-03-23", "2027-05-25"]


def test_series_form_ends_the_series_on_its_last_day(gwangju):
    client = client_for(gwangju.secretary)

    post_series(client, gwangju, title="한시 회의", repeat="weekly", dtstart="2027-01-05T10:00", until="2027-01-26")

    series = MeetingSeries.objects.get(title="한시 회의")
    assert series.until == dt.date(2027, 1, 26)
    assert series.meetings.count() == 4


def test_series_form_invites_seats_by_body_and_role(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(
        client,
        gwangju,
        title="기관장 회의",
        seats_0_body="광주광역시",
        seats_0_below="1",
        seats_0_role="member",
        seats_0_months="even",
        seats_1_body="광주광역시",
        seats_1_months="odd",
    )

    series = MeetingSeries.objects.get(title="기관장 회의")
    invited = sorted((i.post.organization.name, i.months) for i in series.invitations.all())
    assert response.status_code == 302
    assert invited == [
        ("광산구", [2, 4, 6, 8, 10, 12]),
        ("광주광역시", [1, 3, 5, 7, 9, 11]),
        ("남구", [2, 4, 6, 8, 10, 12]),
        ("동구", [2, 4, 6, 8, 10, 12]),
        ("북구", [2, 4, 6, 8, 10, 12]),
        ("서구", [2, 4, 6, 8, 10, 12]),
    ]


def test_series_form_takes_exceptions(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(
        client,
        gwangju,
        title="기관장 회의",
        rrule="FREQ=MONTHLY;BYDAY=3WE",
        exdates="2026-10-21 14:00",
        rdates="2026-10-28 14:00",
    )

    series = MeetingSeries.objects.get(title="기관장 회의")
    october = [
        m.start.astimezone(SEOUL).date().isoformat() for m in series.meetings.filter(start__year=2026, start__month=10)
    ]
    assert response.status_code == 302
    assert (series.exdates, series.rdates) == (["2026-10-21T14:00:00"], ["2026-10-28T14:00:00"])
    assert october == ["2026-10-28"]


def test_series_form_refuses_a_seat_invited_twice_an_unknown_body_and_a_bad_date(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(
        client,
        gwangju,
        title="x",
        seats_0_body="동구",
        seats_1_body="동구",
        seats_1_months="even",
        seats_2_body="없는구",
        exdates="21 Oct",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "seats_1_body": [
            "동구 부구청장은(는) 이미 다른 방식으로 초대했습니다. 자리마다 한 가지 방식으로만 초대하세요."
        ],
        "seats_2_body": ["이 사이트에 “없는구”(이)라는 기관이 없습니다."],
        "exdates": ["“21 Oct”은(는) 2026-10-21 14:00 같은 날짜와 시각이 아닙니다."],
    }
    assert not MeetingSeries.objects.filter(title="x").exists()


def test_series_form_refuses_a_fifth_weekday(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(client, gwangju, title="x", repeat="monthly_on_weekday", dtstart="2027-03-30T10:00")

    assert response.context["form"].errors == {
        "repeat": ["다섯째 요일은 달마다 있지 않습니다. ‘마지막 요일’을 고르거나 첫 회의 날짜를 바꾸세요."]
    }


def test_series_preview_shows_the_rule_in_words_the_next_dates_and_the_seats(gwangju):
    client = client_for(gwangju.secretary)

    response = post_series(
        client,
        gwangju,
        preview="1",
        repeat="monthly_on_weekday",
        interval="2",
        dtstart="2027-01-26T10:00",
        seats_0_body="광주광역시",
        seats_0_below="1",
        seats_0_role="member",
    )

    preview = response.context["preview"]
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert preview["text"] == "격월 넷째 화요일"
    assert [d.date().isoformat() for d in preview["dates"]] == [
        "2027-01-26",
        "2027-03-23",
        "2027-05-25",
        "2027-07-27",
        "2027-09-28",
        "2027-11-23",
    ]
    assert (preview["seats"], preview["more"]) == (5, True)
    assert MeetingSeries.objects.count() == 2


def test_series_preview_for_a_script_is_the_preview_alone(gwangju):
    client = client_for(gwangju.secretary)

    response = client.post(
        f"/gwangju/organizations/{gwangju.council.pk}/series/new/",
        {"preview": "1", "repeat": "weekly", "interval": "1", "dtstart": "2027-01-05T10:00"},
        headers={"X-Preview": "1"},
    )

    assert response.status_code == 200
    assert text_of(response).strip() == (
        "미리 보기 매주 화요일 FREQ=WEEKLY;BYDAY=TU 다가오는 회의 2027-01-05 (화요일) 10:00 2027-01-12 (화요일) 10:00 "
        "2027-01-19 (화요일) 10:00 2027-01-26 (화요일) 10:00 2027-02-02 (화요일) 10:00 2027-02-09 (화요일) 10:00 "
        "이후에도 계속됩니다. 초대 자리 아직 초대한 자리가 없습니다."
    )


def test_organization_page_lists_its_five_latest_past_meetings(gwangju):
    services.set_meeting_status(
        actor=SYSTEM, meeting=gwangju.vice_heads.meetings.get(number=2), status=MeetingStatus.HELD
    )

    text = text_of(Client().get(f"/gwangju/organizations/{gwangju.council.pk}/"))

    assert "지난 회의 제6차 시·구 부단체장 상생회의 · 2021-12-23 10:00 · 종료" in text
    assert "제2차 시·구 부단체장 상생회의 · 2021-04-23 10:00 · 개최" in text
    assert "제1차" not in text


def test_the_feed_of_a_series_whose_title_has_a_line_break_still_works(gwangju):
    series = services.create_series(
        actor=SYSTEM,
        organizer=gwangju.council,
        title="정례회의\r\n다음 줄",
        rrule="FREQ=MONTHLY",
        dtstart=seoul(2026, 1, 20),
        generate_through=dt.date(2026, 3, 31),
    )

    response = client_for(None).get(f"/gwangju/series/{series.pk}/meetings.ics")

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert (response.status_code, len(events)) == (200, 3)


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_moving_a_meeting_to_a_year_nobody_plans_in_is_a_form_error(gwangju, year):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    moved = {"start": f"{year}-12-31T10:00", "end": f"{year}-12-31T11:00"}

    response = client_for(gwangju.secretary).post(meeting_url(meeting, "move/"), moved)

    message = ["1900년부터 2199년 사이의 날짜를 쓰세요."]
    assert (response.status_code, response.context["form"].errors) == (422, {"start": message, "end": message})


def test_series_form_groups_its_fields_and_offers_rows_of_seats(gwangju):
    response = client_for(gwangju.secretary).get(f"/gwangju/organizations/{gwangju.council.pk}/series/new/")

    legends = re.findall(r"<legend>([^<]*)", response.content.decode())
    assert [legend.strip() for legend in legends] == [
        "회의",
        "반복",
        "반복 방식",
        "초대 자리",
        "초대 자리 1",
        "초대 자리 2",
        "초대 자리 3",
        "초대 자리 4",
    ]
    assert response.context["form"]["seats_0_body"].value() == "시·구 부단체장 상생회의"


def test_attendance_is_saved_in_place_as_the_secretary_marks_it(gwangju):
    client = client_for(gwangju.secretary)
    meeting = gwangju.vice_heads.meetings.get(number=1)

    response = client.post(
        meeting_url(meeting, "attendance/"), {member_field(gwangju.vice_mayor): "present"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content.decode().startswith('<p id="autosave-status" class="meta" role="status">저장했습니다')
    assert list(meeting.attendances.values_list("post_id", "status")) == [(gwangju.vice_mayor.pk, "present")]


def test_the_attendance_form_saves_itself_with_javascript(gwangju):
    page = (
        client_for(gwangju.secretary)
        .get(meeting_url(gwangju.vice_heads.meetings.get(number=1), "attendance/"))
        .content.decode()
    )

    assert 'hx-trigger="change delay:800ms"' in page
    assert '<p id="autosave-status" class="meta" role="status"></p>' in page


def _many_series(gwangju: Any, count: int) -> None:
    MeetingSeries.objects.bulk_create(
        MeetingSeries(
            organizer=gwangju.council,
            title=f"분과 정례회의 {n:02d}",
            rrule="FREQ=MONTHLY;BYDAY=3WE",
            dtstart=seoul(2021, 1, 20, 14),
        )
        for n in range(count)
    )


def test_the_meetings_list_shows_twelve_series_and_links_to_all_of_them(gwangju):
    _many_series(gwangju, 20)

    html = Client().get("/gwangju/meetings/").content.decode()

    assert (html.count('<li class="card">'), '<a href="/gwangju/series/">회의 시리즈 전체 22개</a>' in html) == (
        12,
        True,
    )


def test_the_series_page_lists_every_series_thirty_a_page_with_their_meeting_counts(gwangju):
    _many_series(gwangju, 40)

    first = Client().get("/gwangju/series/")
    second = text_of(Client().get("/gwangju/series/?page=2"))

    assert (first.content.decode().count('<li class="card">'), "회의 시리즈 42개" in text_of(first)) == (30, True)
    assert "시·구 부단체장 상생회의 시·구 부단체장 상생회의 · 회의 6회" in second
    assert (
        "회의 시리즈 42개 시·구 상생회의 광주광역시 · 회의 4회 분과 정례회의 00 시·구 부단체장 상생회의 · 회의 0회"
        in text_of(first)
    )


def test_the_year_filter_runs_from_the_first_meeting_to_the_last_in_seoul_time(gwangju):
    Meeting.objects.create(
        organizer=gwangju.council,
        title="신년 간담회",
        start=dt.datetime(2019, 12, 31, 15, 30, tzinfo=dt.UTC),
        end=dt.datetime(2019, 12, 31, 17, 30, tzinfo=dt.UTC),
    )

    assert meeting_selectors.meeting_years(gwangju.city) == [2021, 2020]


def _upcoming(gwangju: Any, count: int) -> None:
    start = dt.datetime(2099, 1, 5, 14, tzinfo=SEOUL)
    Meeting.objects.bulk_create(
        Meeting(
            organizer=gwangju.council,
            title=f"예정 간담회 {n:02d}",
            start=start + dt.timedelta(days=n),
            end=start + dt.timedelta(days=n, hours=2),
        )
        for n in range(count)
    )


def test_the_list_shows_the_next_ten_meetings_and_links_to_all_that_are_upcoming(gwangju):
    _upcoming(gwangju, 12)

    html = Client().get("/gwangju/meetings/").content.decode()

    assert ("예정 간담회 09" in html, "예정 간담회 10" in html) == (True, False)
    assert '<a href="?when=upcoming">예정된 회의 12건 모두 보기</a>' in html


def test_upcoming_only_lists_every_upcoming_meeting_a_page_at_a_time_without_the_past(gwangju):
    _upcoming(gwangju, 25)

    html = Client().get("/gwangju/meetings/?when=upcoming").content.decode()
    first = text_of(Client().get("/gwangju/meetings/?when=upcoming"))
    second = text_of(Client().get("/gwangju/meetings/?when=upcoming&page=2"))

    assert ("예정된 회의 25건" in first, "예정 간담회 19" in first, 'id="past-heading"' in html) == (True, True, False)
    assert ("예정 간담회 20" in second, "예정 간담회 24" in second, "2쪽 중 2쪽" in second) == (True, True, True)


def test_the_years_kept_for_the_filter_include_a_meeting_added_since(gwangju):
    before = meeting_selectors.meeting_years(gwangju.city)
    Meeting.objects.create(
        organizer=gwangju.council,
        title="2023년 간담회",
        start=dt.datetime(2023, 3, 2, 14, tzinfo=SEOUL),
        end=dt.datetime(2023, 3, 2, 16, tzinfo=SEOUL),
    )

    assert (before, meeting_selectors.meeting_years(gwangju.city)) == ([2021], [2023, 2022, 2021])


def test_the_lists_first_series_are_the_series_pages_first_in_the_same_order(gwangju):
    _many_series(gwangju, 20)

    first, total = meeting_selectors.first_series(gwangju.city, 12)

    assert (first, total) == (list(meeting_selectors.series_list(site=gwangju.city)[:12]), 22)
