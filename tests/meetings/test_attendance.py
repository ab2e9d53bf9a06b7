"""Attendance per member, counted over the voting members in office (재적위원) on the meeting's date."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings.enums import AttendanceStatus
from hyeopchi.meetings.models import MeetingRules
from hyeopchi.meetings.rules import Rules, Threshold
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db

PRESENT, ABSENT, ACTING, PROXY = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.ABSENT,
    AttendanceStatus.ACTING,
    AttendanceStatus.PROXY,
)


def summary(meeting, rules=None):
    return selectors.attendance_summary(selectors.invited_seats(meeting), rules or Rules())


def test_a_meeting_of_a_committee_without_a_series_convenes_its_seats(committee):
    _body, meeting, *_ = committee

    seats = selectors.invited_seats(meeting)

    assert [(s.post.name, [m.holder.person.name for m in s.members]) for s in seats] == [
        ("위원장", ["김위원장"]),
        ("부위원장", []),
        ("위원", ["위원1", "위원2", "위원3", "위원4", "위원5", "위원6"]),
        ("간사", ["박간사"]),
    ]


def test_quorum_is_a_majority_of_the_voting_members_in_office(committee):
    _body, meeting, chair, members, secretary, people = committee
    entries = [services.AttendanceEntry(chair, PRESENT), services.AttendanceEntry(secretary, PRESENT)]
    entries += [services.AttendanceEntry(members, PRESENT, person=p) for p in people[:2]]
    entries += [services.AttendanceEntry(members, ABSENT, person=p) for p in people[2:]]

    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)
    result = summary(meeting)

    # The vacant seat, the non-voting secretary and the member whose term ended do not count.
    assert (result.in_office, result.present, result.recorded) == (7, 3, 8)
    assert (result.quorum.required, result.quorum.held) == (4, False)


def test_a_fourth_member_present_opens_the_meeting(committee):
    _body, meeting, chair, members, _secretary, people = committee
    entries = [services.AttendanceEntry(chair, PRESENT)]
    entries += [services.AttendanceEntry(members, PRESENT, person=p) for p in people[:3]]

    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)

    assert (summary(meeting).present, summary(meeting).quorum.held) == (4, True)


def test_an_acting_holder_counts_and_a_stand_in_only_where_the_rules_allow(committee):
    _body, meeting, chair, members, _secretary, people = committee
    entries = [services.AttendanceEntry(chair, ACTING, proxy_name="이부위원장")]
    entries += [services.AttendanceEntry(members, PRESENT, person=p) for p in people[:2]]
    entries += [services.AttendanceEntry(members, PROXY, person=people[2], proxy_name="위원3의 대리인")]

    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)
    usual, lenient = summary(meeting), summary(meeting, Rules(stand_ins_count=True))

    assert (usual.present, usual.acting, usual.stand_ins, usual.quorum.held) == (3, 1, 1, False)
    assert (lenient.quorum.present, lenient.quorum.held) == (4, True)


def test_a_seat_of_several_members_needs_the_member_named(committee):
    _body, meeting, _chair, members, _secretary, _people = committee

    with pytest.raises(ValidationFailedError) as error:
        services.record_attendance(actor=SYSTEM, meeting=meeting, entries=[services.AttendanceEntry(members, PRESENT)])

    assert error.value.field_messages() == {"person": ["위원 자리에는 위원이 여럿입니다. 누구인지 고르세요."]}


def test_a_former_member_cannot_be_recorded(committee):
    _body, meeting, _chair, members, _secretary, _people = committee
    former = members.memberships.get(end_date__isnull=False).person

    with pytest.raises(ValidationFailedError) as error:
        services.record_attendance(
            actor=SYSTEM, meeting=meeting, entries=[services.AttendanceEntry(members, PRESENT, person=former)]
        )

    assert error.value.field_messages() == {"person": ["전임위원 님은 회의 날 위원 자리에 있지 않습니다."]}


def test_a_vacant_seat_cannot_be_recorded(committee):
    body, meeting, *_ = committee
    vacant = body.posts.get(name="부위원장")

    with pytest.raises(ValidationFailedError) as error:
        services.record_attendance(actor=SYSTEM, meeting=meeting, entries=[services.AttendanceEntry(vacant, PRESENT)])

    assert error.value.field_messages() == {"post": ["부위원장 자리는 회의 날 비어 있습니다."]}
    assert meeting.attendances.count() == 0


def test_rules_in_force_are_the_bodys_latest_before_the_date_else_its_parents(committee):
    body, meeting, *_ = committee
    site = body.parent
    MeetingRules.objects.create(body=site, valid_from=dt.date(2020, 1, 1), opening_numerator=1, opening_denominator=3)
    MeetingRules.objects.create(
        body=body, valid_from=dt.date(2024, 1, 1), opening_numerator=2, opening_denominator=3, opening_more_than=False
    )
    MeetingRules.objects.create(body=body, valid_from=dt.date(2024, 6, 1), opening_numerator=1, opening_denominator=4)

    own, _row = selectors.rules_on(body, dt.date(2024, 3, 14))
    inherited, _row = selectors.rules_on(body, dt.date(2023, 12, 31))
    usual, row = selectors.rules_on(body.parent, dt.date(2019, 12, 31))

    assert own.opening == Threshold(2, 3, more_than=False)
    assert inherited.opening == Threshold(1, 3, more_than=True)
    assert (usual, row) == (Rules(), None)
