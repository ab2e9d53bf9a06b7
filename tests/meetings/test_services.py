from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings.enums import AttendanceStatus, Decision, MeetingStatus
from hyeopchi.meetings.models import AgendaItem, Document, Meeting, MeetingSeries
from hyeopchi.meetings.rules import Rules
from tests.factories import SYSTEM, PostFactory, UserFactory
from tests.support.helpers import audit_length, seoul

pytestmark = pytest.mark.django_db


def numbered(series):
    return [
        (m.start.astimezone(seoul(2021, 1, 1).tzinfo).date().isoformat(), m.number, m.status)
        for m in series.meetings.order_by("start")
    ]


def test_create_series_generates_numbered_occurrences_through_the_horizon(gwangju):
    assert numbered(gwangju.vice_heads) == [
        ("2021-02-23", 1, "scheduled"),
        ("2021-04-23", 2, "scheduled"),
        ("2021-06-23", 3, "scheduled"),
        ("2021-08-23", 4, "scheduled"),
        ("2021-10-23", 5, "scheduled"),
        ("2021-12-23", 6, "scheduled"),
    ]
    assert [m.number for m in gwangju.win_win.meetings.order_by("start")] == [6, 7, 8, 9]
    first = gwangju.vice_heads.meetings.earliest("start")
    assert (first.end - first.start, first.recurrence_id) == (dt.timedelta(hours=2), first.start)


def test_generating_again_creates_only_what_is_missing(gwangju):
    before = gwangju.vice_heads.meetings.count()

    again = services.generate_occurrences(actor=SYSTEM, series=gwangju.vice_heads, through=dt.date(2021, 12, 31))
    later = services.generate_occurrences(actor=SYSTEM, series=gwangju.vice_heads, through=dt.date(2022, 4, 30))

    assert (before, again) == (6, [])
    assert [(m.number, m.start.date()) for m in later] == [(7, dt.date(2022, 2, 23)), (8, dt.date(2022, 4, 23))]


def test_moving_one_occurrence_leaves_the_others_and_is_not_regenerated(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=3)

    services.move_meeting(actor=SYSTEM, meeting=meeting, start=seoul(2021, 6, 30), end=seoul(2021, 6, 30, 16))
    services.generate_occurrences(actor=SYSTEM, series=gwangju.vice_heads, through=dt.date(2021, 12, 31))

    meeting.refresh_from_db()
    assert (meeting.start, meeting.recurrence_id, meeting.sequence) == (seoul(2021, 6, 30), seoul(2021, 6, 23, 10), 1)
    assert gwangju.vice_heads.meetings.count() == 6


def test_cancelling_gives_the_number_to_the_next_scheduled_meeting(gwangju):
    held = gwangju.vice_heads.meetings.get(number=1)
    services.set_meeting_status(actor=SYSTEM, meeting=held, status=MeetingStatus.HELD)

    services.set_meeting_status(
        actor=SYSTEM,
        meeting=gwangju.vice_heads.meetings.get(number=2),
        status=MeetingStatus.CANCELLED,
        reason="코로나19",
    )

    assert numbered(gwangju.vice_heads) == [
        ("2021-02-23", 1, "held"),
        ("2021-04-23", None, "cancelled"),
        ("2021-06-23", 2, "scheduled"),
        ("2021-08-23", 3, "scheduled"),
        ("2021-10-23", 4, "scheduled"),
        ("2021-12-23", 5, "scheduled"),
    ]
    more = services.generate_occurrences(actor=SYSTEM, series=gwangju.vice_heads, through=dt.date(2022, 2, 28))
    assert [m.number for m in more] == [6]


def test_a_held_meeting_cannot_be_cancelled_or_moved(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    services.set_meeting_status(actor=SYSTEM, meeting=meeting, status=MeetingStatus.HELD)

    with pytest.raises(InvalidTransitionError) as cancel:
        services.set_meeting_status(actor=SYSTEM, meeting=meeting, status=MeetingStatus.CANCELLED)
    with pytest.raises(InvalidTransitionError):
        services.move_meeting(actor=SYSTEM, meeting=meeting, start=seoul(2021, 3, 1), end=seoul(2021, 3, 1, 16))

    assert str(cancel.value.message) == "‘개최’ 상태의 회의를 ‘취소’ 상태로 바꿀 수 없습니다."


@pytest.mark.parametrize(
    ("rule", "dtstart", "field", "message"),
    [
        ("FREQ=WHENEVER", seoul(2021, 2, 23), "rrule", "RFC 5545에 맞지 않는 반복 규칙입니다."),
        ("FREQ=MINUTELY", seoul(2021, 2, 23), "rrule", "회의는 하루에 한 번까지만 반복할 수 있습니다."),
        ("FREQ=MONTHLY;BYDAY=2TH", seoul(2021, 2, 23), "dtstart", "첫 회의 일시는 반복 규칙이 만드는 날짜여야 합니다."),
    ],
)
def test_invalid_rules_are_refused_and_nothing_is_written(gwangju, rule, dtstart, field, message):
    before = (MeetingSeries.objects.count(), Meeting.objects.count(), audit_length())

    with pytest.raises(ValidationFailedError) as error:
        services.create_series(actor=SYSTEM, organizer=gwangju.council, title="x", rrule=rule, dtstart=dtstart)

    assert error.value.field_messages() == {field: [message]}
    assert (MeetingSeries.objects.count(), Meeting.objects.count(), audit_length()) == before


def test_end_before_start_is_refused(gwangju):
    with pytest.raises(ValidationFailedError) as error:
        services.create_meeting(
            actor=SYSTEM,
            organizer=gwangju.council,
            title="간담회",
            start=seoul(2024, 2, 22, 14),
            end=seoul(2024, 2, 22, 13),
        )

    assert error.value.field_messages() == {"end": ["종료 시각은 시작 시각보다 앞설 수 없습니다."]}


def test_heads_in_even_months_and_deputies_in_odd_months_as_one_series(gwangju):
    institution_head, institution_deputy = PostFactory(name="기관장"), PostFactory(name="부기관장")
    series = services.create_series(
        actor=SYSTEM,
        organizer=gwangju.city,
        title="공공기관장 회의",
        rrule="FREQ=MONTHLY;BYDAY=3WE",
        dtstart=seoul(2024, 1, 17),
        invitations=[
            services.Invitation(institution_head, [2, 4, 6, 8, 10, 12]),
            services.Invitation(institution_deputy, [1, 3, 5, 7, 9, 11]),
        ],
        generate_through=dt.date(2024, 4, 30),
    )

    invited = [[p.name for p in selectors.invited_posts_on(m)] for m in series.meetings.order_by("start")]

    assert invited == [["부기관장"], ["기관장"], ["부기관장"], ["기관장"]]


def test_attendance_and_quorum(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    deputies = gwangju.deputies
    entries = [services.AttendanceEntry(gwangju.vice_mayor, AttendanceStatus.PRESENT)]
    entries += [services.AttendanceEntry(d, AttendanceStatus.PRESENT) for d in deputies[:2]]
    entries += [services.AttendanceEntry(deputies[2], AttendanceStatus.PROXY, proxy_name="김대리")]

    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)
    seats = selectors.invited_seats(meeting)
    summary = selectors.attendance_summary(seats, Rules())

    # Six members in office need four present; the stand-in does not count under the usual rules.
    assert (summary.in_office, summary.present, summary.stand_ins, summary.recorded) == (6, 3, 1, 4)
    assert (summary.quorum.required, summary.quorum.held) == (4, False)
    assert selectors.attendance_summary(seats, Rules(stand_ins_count=True)).quorum.held is True
    assert [h.person.name for h in seats[1].holders] == ["동구부구청장"]


def test_attendance_for_a_seat_not_invited_is_refused(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)

    with pytest.raises(ValidationFailedError) as error:
        services.record_attendance(
            actor=SYSTEM,
            meeting=meeting,
            entries=[services.AttendanceEntry(PostFactory(name="외부"), AttendanceStatus.PRESENT)],
        )
    with pytest.raises(ValidationFailedError) as proxy:
        services.record_attendance(
            actor=SYSTEM,
            meeting=meeting,
            entries=[services.AttendanceEntry(gwangju.deputies[0], AttendanceStatus.PROXY)],
        )

    assert error.value.field_messages() == {"post": ["외부 자리는 이 회의에 초대되지 않았습니다."]}
    assert proxy.value.field_messages() == {"proxy_name": ["위원 대신 온 사람의 이름을 입력하세요."]}
    assert meeting.attendances.count() == 0


def test_forwarding_three_items_to_the_next_win_win_meeting(gwangju):
    source = gwangju.vice_heads.meetings.get(number=1)
    items = [
        services.add_agenda_item(
            actor=SYSTEM, meeting=source, title=title, kind="decision", presenter=deputy.organization
        )
        for title, deputy in [
            ("문화강좌 비정규직 민생안정자금 지원", gwangju.deputies[0]),
            ("코로나19 백신접종 의료인력 확보 대책건의", gwangju.deputies[2]),
            ("학대피해 아동쉼터 광주시 통합 추가설치 요청", gwangju.deputies[4]),
        ]
    ]
    target = meeting_selectors.next_meeting_of(gwangju.win_win, source.start)

    copies = services.forward_agenda_items(actor=SYSTEM, items=items, target=target)

    assert (target.number, target.start.date()) == (6, dt.date(2021, 3, 25))
    assert [(c.title, c.position, c.forwarded_from_id) for c in copies] == [
        (items[0].title, 1, items[0].pk),
        (items[1].title, 2, items[1].pk),
        (items[2].title, 3, items[2].pk),
    ]
    assert set(AgendaItem.objects.filter(pk__in=[i.pk for i in items]).values_list("decision", flat=True)) == {
        Decision.FORWARDED
    }


def test_forwarding_twice_is_refused_with_a_clear_message_and_nothing_changes(gwangju):
    source = gwangju.vice_heads.meetings.get(number=1)
    item = services.add_agenda_item(actor=SYSTEM, meeting=source, title="협의안건", kind="decision")
    target = meeting_selectors.next_meeting_of(gwangju.win_win, source.start)
    services.forward_agenda_items(actor=SYSTEM, items=[item], target=target)
    before = (AgendaItem.objects.count(), audit_length())

    with pytest.raises(ConflictError) as error:
        services.forward_agenda_items(actor=SYSTEM, items=[item], target=target)

    assert (error.value.code, str(error.value.message)) == (
        "meetings.already_forwarded",
        "“협의안건” 안건은 이미 넘겼습니다.",
    )
    assert (AgendaItem.objects.count(), audit_length()) == before


def test_sub_items_and_their_order(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    policy = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="대표정책", kind="report")
    services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="동구", kind="report", parent=policy)
    services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="서구", kind="report", parent=policy)
    sub = policy.children.order_by("position").first()

    with pytest.raises(ValidationFailedError):
        services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="x", kind="report", parent=sub)

    loaded = selectors.meeting_get(pk=meeting.pk)
    assert [(i.title, [c.title for c in i.children.all()]) for i in loaded.top_items] == [
        ("대표정책", ["동구", "서구"])
    ]


def test_minutes_draft_then_published_and_locked(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    services.save_minutes(actor=SYSTEM, meeting=meeting, text="초안")

    with pytest.raises(InvalidTransitionError):
        services.publish_minutes(actor=SYSTEM, meeting=meeting)
    services.set_meeting_status(actor=SYSTEM, meeting=meeting, status=MeetingStatus.HELD)
    services.save_minutes(actor=SYSTEM, meeting=meeting, text="확정본")
    minutes = services.publish_minutes(actor=SYSTEM, meeting=meeting)
    with pytest.raises(ConflictError):
        services.save_minutes(actor=SYSTEM, meeting=meeting, text="수정")

    assert (minutes.status, minutes.text) == ("published", "확정본")
    from hyeopchi.core.models import AuditEvent

    history = AuditEvent.objects.filter(verb="meetings.minutes_saved", target_pk=str(minutes.pk))
    assert [e.payload for e in history] == ['{"text":"초안"}', '{"text":"확정본"}']


def test_documents_are_checked_for_type_and_size(gwangju, settings):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    pdf = SimpleUploadedFile("안건.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf")
    fake = SimpleUploadedFile("안건.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")

    document = services.add_document(actor=SYSTEM, meeting=meeting, title="회의자료", upload=pdf, kind="material")
    errors = []
    for upload in (fake, exe):
        with pytest.raises(ValidationFailedError) as error:
            services.add_document(actor=SYSTEM, meeting=meeting, title="x", upload=upload, kind="material")
        errors.append(error.value.field_messages())

    assert (document.media_type, document.size) == ("application/pdf", 109)
    assert errors == [{"file": ["PDF, HWP, HWPX, XLSX, DOCX, PNG, JPEG 파일만 올릴 수 있습니다."]}] * 2
    assert Document.objects.count() == 1


def test_only_the_organizers_staff_manage_meetings(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    secretary = Actor.for_user(gwangju.secretary)
    citizen = Actor.for_user(UserFactory(username="citizen"))

    services.add_agenda_item(actor=secretary, meeting=meeting, title="보고", kind="report")
    with pytest.raises(PermissionDeniedError):
        services.add_agenda_item(actor=citizen, meeting=meeting, title="x", kind="report")
    with pytest.raises(PermissionDeniedError):
        services.create_series(
            actor=citizen, organizer=gwangju.council, title="x", rrule="FREQ=MONTHLY", dtstart=seoul(2021, 2, 23)
        )

    assert [i.title for i in meeting.agenda_items.all()] == ["보고"]


def test_batch_generation_writes_every_field_and_one_audit_event_per_organizer(gwangju):
    from hyeopchi.core.models import AuditEvent

    before = AuditEvent.objects.filter(verb="meetings.occurrences_generated").count()

    created = services.generate_occurrences_for(
        actor=SYSTEM, series=[gwangju.vice_heads, gwangju.win_win], through=dt.date(2022, 6, 30)
    )

    new = Meeting.objects.filter(start__gte=seoul(2022, 1, 1)).order_by("start")
    assert created == 5
    vice_heads, win_win = gwangju.vice_heads.pk, gwangju.win_win.pk
    assert [(m.series_id, m.number, m.start.date().isoformat(), m.status, m.sequence) for m in new] == [
        (vice_heads, 7, "2022-02-23", "scheduled", 0),
        (win_win, 10, "2022-03-25", "scheduled", 0),
        (vice_heads, 8, "2022-04-23", "scheduled", 0),
        (vice_heads, 9, "2022-06-23", "scheduled", 0),
        (win_win, 11, "2022-06-25", "scheduled", 0),
    ]
    assert all(m.end - m.start == dt.timedelta(hours=2) and m.recurrence_id == m.start for m in new)
    assert all(m.created_at is not None and m.organizer_id is not None for m in new)
    assert AuditEvent.objects.filter(verb="meetings.occurrences_generated").count() == before + 2
