"""The secretary's pages for votes, notice and public access, and the body's meeting rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hyeopchi.meetings import services
from hyeopchi.meetings.enums import AttendanceStatus
from hyeopchi.meetings.models import MeetingRules
from tests.factories import SYSTEM
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db


def url(meeting, suffix=""):
    return f"/{meeting.organizer.site.site_slug}/meetings/{meeting.pk}/{suffix}"


def attend_all_but_two(committee):
    _body, meeting, chair, members, _secretary, people = committee
    entries = [services.AttendanceEntry(chair, AttendanceStatus.PRESENT)]
    entries += [services.AttendanceEntry(members, AttendanceStatus.PRESENT, person=p) for p in people[:4]]
    entries += [services.AttendanceEntry(members, AttendanceStatus.ABSENT, person=p) for p in people[4:]]
    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)


def test_the_meeting_page_counts_attendance_over_the_members_in_office(committee):
    attend_all_but_two(committee)

    page = text_of(Client().get(url(committee[1])))

    assert "재적위원 7명 중 5명 출석. 의사정족수 4명(재적위원 과반수)을 채웠습니다." in page


def test_the_vote_page_records_counts_and_a_recusal(committee, committee_secretary):
    attend_all_but_two(committee)
    _body, meeting, _chair, _members, _secretary, people = committee
    item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="협치 의제 선정", kind="decision")

    response = client_for(committee_secretary).post(
        url(meeting, f"agenda/{item.pk}/vote/"),
        {"yes": "3", "no": "1", "abstain": "0", f"recusal_{people[0].pk}": "withdrew"},
    )
    page = text_of(Client().get(url(meeting)))

    assert response.status_code == 302
    assert "찬성 3, 반대 1, 기권 0 (출석위원 4명)." in page
    assert "이 안건의 재적위원 6명. 의사정족수 충족 · 의결정족수 충족" in page
    assert "참여하지 않은 위원: 위원1 (회피)" in page


def test_a_vote_without_counts_is_refused_on_the_page(committee, committee_secretary):
    _body, meeting, *_ = committee
    item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="협치 의제 선정", kind="decision")

    response = client_for(committee_secretary).post(url(meeting, f"agenda/{item.pk}/vote/"), {"abstain": "1"})

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["표수를 입력하거나 이의가 없었다고 기록하세요."]


def test_a_closed_item_shows_its_ground_and_hides_its_decision_text_from_the_public(committee, committee_secretary):
    _body, meeting, *_ = committee
    item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="보조금 심사", kind="decision")
    services.decide_agenda_item(actor=SYSTEM, item=item, decision="adopted", text="3개 단체 선정")

    response = client_for(committee_secretary).post(
        url(meeting, f"agenda/{item.pk}/access/"),
        {"closed_ground": "5", "closed_reason": "심사 결과 통보 전", "closed_until": "2099-12-31"},
    )
    public, staff = text_of(Client().get(url(meeting))), text_of(client_for(committee_secretary).get(url(meeting)))

    assert response.status_code == 302
    assert "비공개: 제9조제1항제5호: 의사결정 과정 또는 내부검토 과정 — 심사 결과 통보 전 (2099-12-31까지)" in public
    assert "3개 단체 선정" not in public
    assert "3개 단체 선정" in staff


def test_an_item_closed_until_a_past_date_is_public_again(committee):
    _body, meeting, *_ = committee
    item = services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="보조금 심사", kind="decision")
    services.decide_agenda_item(actor=SYSTEM, item=item, decision="adopted", text="3개 단체 선정")
    services.close_agenda_item(
        actor=SYSTEM, item=item, ground="5", reason="심사 결과 통보 전", until=dt.date(2024, 4, 30)
    )

    assert "3개 단체 선정" in text_of(Client().get(url(meeting)))


def test_the_notice_date_is_shown_with_a_warning_when_shorter_than_the_rules(committee, committee_secretary):
    _body, meeting, *_ = committee

    response = client_for(committee_secretary).post(url(meeting, "particulars/"), {"notice_date": "2024-03-11"})
    page = text_of(Client().get(url(meeting)))

    assert response.status_code == 302
    assert "소집 통지 2024-03-11 (3일 전) 규칙은 7일 전 통지" in page


def test_the_rules_page_shows_the_rules_in_force_and_their_history(committee, committee_secretary):
    body = committee[0]
    site = body.parent.site_slug

    response = client_for(committee_secretary).post(
        f"/{site}/organizations/{body.pk}/meeting-rules/new/",
        {
            "valid_from": "2024-01-01",
            "opening_numerator": "2",
            "opening_denominator": "3",
            "opening_more_than": "0",
            "decision_numerator": "1",
            "decision_denominator": "2",
            "decision_more_than": "1",
            "decision_base": "present",
            "tie": "fails",
            "notice_days": "5",
            "citation": "광명시 민관협치 활성화 조례 제12조",
        },
    )
    page = text_of(Client().get(f"/{site}/organizations/{body.pk}/meeting-rules/"))

    assert response.status_code == 302
    assert MeetingRules.objects.get(body=body).as_rules().opening.required(7) == 5
    assert "의사정족수 재적위원 3분의 2 이상" in page
    assert "광명시 민관협치 활성화 조례 제12조 (2024-01-01부터)" in page


def test_a_fraction_above_one_is_refused(committee, committee_secretary):
    body = committee[0]

    response = client_for(committee_secretary).post(
        f"/{body.parent.site_slug}/organizations/{body.pk}/meeting-rules/new/",
        {
            "valid_from": "2024-01-01",
            "opening_numerator": "3",
            "opening_denominator": "2",
            "opening_more_than": "1",
            "decision_numerator": "1",
            "decision_denominator": "2",
            "decision_more_than": "1",
            "decision_base": "present",
            "tie": "fails",
            "notice_days": "7",
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["opening_numerator"] == [
        "0보다 크고 1 이하인 분수를 입력하세요(예: 1/2, 2/3)."
    ]
    assert MeetingRules.objects.count() == 0


def forward_page(client, meeting, body=None):
    query = f"?body={body.pk}" if body else ""
    return client.get(url(meeting, f"forward/{query}"))


def test_the_forward_chooser_lists_bodies_with_their_meetings_ahead(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=1)
    client = client_for(gwangju.secretary)

    page = forward_page(client, meeting, gwangju.city)
    targets = [m.number for m in page.context["form"].fields["target"].queryset]

    assert "광주광역시 (예정 회의 4건)" in text_of(page)
    assert targets == [6, 7, 8, 9]


def test_the_forward_chooser_says_why_a_body_has_nothing_to_forward_to(gwangju):
    meeting = gwangju.vice_heads.meetings.get(number=6)
    client = client_for(gwangju.secretary)

    page = text_of(forward_page(client, meeting, gwangju.council))

    assert (
        "시·구 부단체장 상생회의에는 2021-12-23 이후 1년 안에 열리지 않았거나 취소되지 않은 회의가 없어 넘길 곳이 없습니다. 일정 추가"
        in page
    )
