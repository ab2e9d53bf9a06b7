"""Votes on agenda items: both quorums over the members in office, recusals, ties, written resolutions."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.meetings import services
from hyeopchi.meetings.enums import AttendanceStatus, Decision, RecusalGround
from hyeopchi.meetings.models import MeetingRules
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db


def attend(meeting, chair, members, people, present):
    """The chair and the first ``present - 1`` members present, the rest absent."""
    entries = [services.AttendanceEntry(chair, AttendanceStatus.PRESENT)]
    entries += [
        services.AttendanceEntry(
            members, AttendanceStatus.PRESENT if n < present - 1 else AttendanceStatus.ABSENT, person=person
        )
        for n, person in enumerate(people)
    ]
    services.record_attendance(actor=SYSTEM, meeting=meeting, entries=entries)


def item_of(meeting):
    return services.add_agenda_item(actor=SYSTEM, meeting=meeting, title="협치 의제 선정", kind="decision")


def test_a_majority_of_those_present_adopts_the_item(committee):
    _body, meeting, chair, members, _secretary, people = committee
    attend(meeting, chair, members, people, present=5)

    item = services.record_vote(actor=SYSTEM, item=item_of(meeting), vote=services.VoteEntry(yes=3, no=1, abstain=1))

    assert (item.vote_in_office, item.vote_present, item.votes_yes, item.votes_no, item.votes_abstain) == (
        7,
        5,
        3,
        1,
        1,
    )
    assert (item.vote_quorum_held, item.vote_majority_held, item.decision) == (True, True, Decision.ADOPTED)


def test_a_tie_is_rejected(committee):
    _body, meeting, chair, members, _secretary, people = committee
    attend(meeting, chair, members, people, present=6)

    item = services.record_vote(actor=SYSTEM, item=item_of(meeting), vote=services.VoteEntry(yes=3, no=3))

    assert (item.vote_majority_held, item.decision) == (False, Decision.REJECTED)


def test_without_a_quorum_nothing_is_adopted_even_without_objection(committee):
    _body, meeting, chair, members, _secretary, people = committee
    attend(meeting, chair, members, people, present=3)

    item = services.record_vote(actor=SYSTEM, item=item_of(meeting), vote=services.VoteEntry(without_objection=True))

    assert (item.vote_present, item.votes_yes, item.without_objection) == (3, None, True)
    assert (item.vote_quorum_held, item.decision) == (False, Decision.REJECTED)


def test_an_excluded_member_is_left_out_of_both_counts(committee):
    _body, meeting, chair, members, _secretary, people = committee
    attend(meeting, chair, members, people, present=4)
    excluded = services.RecusalEntry(people[0], RecusalGround.EXCLUDED, note="신청 단체의 임원")

    item = services.record_vote(
        actor=SYSTEM, item=item_of(meeting), vote=services.VoteEntry(yes=3), recusals=[excluded]
    )

    # Six in office need four present; three remain for this item.
    assert (item.vote_in_office, item.vote_present, item.vote_quorum_held, item.decision) == (
        6,
        3,
        False,
        Decision.REJECTED,
    )
    assert [(r.person.name, r.ground, r.note) for r in item.recusals.all()] == [
        ("위원1", "excluded", "신청 단체의 임원")
    ]


def test_more_votes_than_members_present_are_refused(committee):
    _body, meeting, chair, members, _secretary, people = committee
    attend(meeting, chair, members, people, present=4)
    item = item_of(meeting)

    with pytest.raises(ValidationFailedError) as error:
        services.record_vote(actor=SYSTEM, item=item, vote=services.VoteEntry(yes=4, no=1))

    assert error.value.field_messages() == {"yes": ["이 안건에 출석한 위원보다 표가 많습니다."]}
    item.refresh_from_db()
    assert (item.decision, item.votes_yes) == ("", None)


def test_a_tie_goes_the_chairs_way_where_the_bodys_rules_say_so(committee):
    body, meeting, chair, members, _secretary, people = committee
    MeetingRules.objects.create(body=body, valid_from=dt.date(2024, 1, 1), tie="chair_decides")
    attend(meeting, chair, members, people, present=6)

    item = services.record_vote(
        actor=SYSTEM, item=item_of(meeting), vote=services.VoteEntry(yes=3, no=3, chair_casting=True)
    )

    assert (item.chair_casting, item.decision) == (True, Decision.ADOPTED)


def test_a_written_resolution_needs_rules_that_allow_it(committee):
    body, meeting, *_ = committee

    with pytest.raises(ValidationFailedError) as refused:
        services.record_particulars(actor=SYSTEM, meeting=meeting, notice_date=None, written_resolution=True)
    MeetingRules.objects.create(body=body, valid_from=dt.date(2024, 1, 1), written_resolutions=True)
    meeting = services.record_particulars(actor=SYSTEM, meeting=meeting, notice_date=None, written_resolution=True)

    assert refused.value.field_messages() == {
        "written_resolution": ["이 회의체의 규칙은 서면의결을 허용하지 않습니다."]
    }
    assert meeting.written_resolution is True


def test_closing_a_meeting_needs_a_ground_and_a_published_reason(committee):
    _body, meeting, *_ = committee

    with pytest.raises(ValidationFailedError) as error:
        services.record_particulars(actor=SYSTEM, meeting=meeting, notice_date=dt.date(2024, 3, 7), closed_ground="5")
    meeting = services.record_particulars(
        actor=SYSTEM,
        meeting=meeting,
        notice_date=dt.date(2024, 3, 7),
        closed_ground="5",
        closed_reason="보조금 심사 중",
        closed_until=dt.date(2024, 4, 30),
    )

    assert error.value.field_messages() == {"closed_reason": ["비공개 사유를 적으세요. 사유는 공개됩니다."]}
    assert (meeting.notice_date, meeting.closed_ground, meeting.closed_until) == (
        dt.date(2024, 3, 7),
        "5",
        dt.date(2024, 4, 30),
    )


def test_a_notice_after_the_meeting_is_refused(committee):
    _body, meeting, *_ = committee

    with pytest.raises(ValidationFailedError) as error:
        services.record_particulars(actor=SYSTEM, meeting=meeting, notice_date=dt.date(2024, 3, 15))

    assert error.value.field_messages() == {"notice_date": ["소집 통지는 회의 전에 보냅니다."]}
