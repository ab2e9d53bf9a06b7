"""Comments one level deep, reports that hide at three, moderators, blocks, answers and overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals import selectors, services
from hyeopchi.proposals.enums import AnswerOutcome, ProposalKind, ProposalStatus, Visibility
from hyeopchi.proposals.models import Comment, Proposal
from tests.factories import SYSTEM, OrganizationFactory, UserFactory
from tests.support.proposals import SUBMITTED, Baro, people

pytestmark = pytest.mark.django_db


def _proposal(baro: Baro) -> Proposal:
    return baro.propose("공원 그늘막 설치 요청", "여름철 공원에 그늘막이 필요합니다.", now=SUBMITTED)


def test_replies_stay_one_level_deep(baro: Baro):
    proposal = _proposal(baro)
    first, second = people(2)
    top = services.add_comment(actor=first, proposal=proposal, body="좋은 제안입니다.")
    reply = services.add_comment(actor=second, proposal=proposal, body="동의합니다.", parent=top)
    reply_to_reply = services.add_comment(actor=first, proposal=proposal, body="감사합니다.", parent=reply)
    assert (reply.parent, reply_to_reply.parent) == (top, top)
    proposal.refresh_from_db()
    assert proposal.comment_count == 3
    with pytest.raises(ValidationFailedError) as raised:
        services.add_comment(actor=first, proposal=proposal, body="   ")
    assert raised.value.code == "proposals.invalid_comment"


def test_three_reports_hide_until_a_moderator_decides(baro: Baro):
    proposal = _proposal(baro)
    reporters = people(3)
    comment = services.add_comment(actor=baro.author, proposal=proposal, body="광고 링크")
    services.report_content(actor=reporters[0], comment=comment, reason="spam")
    with pytest.raises(ConflictError):
        services.report_content(actor=reporters[0], comment=comment, reason="spam")
    services.report_content(actor=reporters[1], comment=comment, reason="spam")
    comment.refresh_from_db()
    assert (comment.visibility, comment.report_count) == (Visibility.VISIBLE, 2)
    services.report_content(actor=reporters[2], comment=comment, reason="offensive")
    comment.refresh_from_db()
    assert (comment.visibility, comment.report_count) == (Visibility.AUTO_HIDDEN, 3)
    assert [c.pk for c in selectors.visible_comments(proposal)] == []

    with pytest.raises(PermissionDeniedError):
        services.moderate(actor=reporters[1], target=comment, hide=False)
    moderator = UserFactory(username="moderator")
    assign_role(actor=SYSTEM, user=moderator, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    services.moderate(actor=Actor.for_user(moderator), target=comment, hide=False, reason="광고 아님")
    comment.refresh_from_db()
    assert comment.visibility == Visibility.VISIBLE
    assert comment.reports.filter(resolved_at__isnull=True).count() == 0


def test_a_blocked_person_can_no_longer_take_part_and_their_content_is_hidden(baro: Baro):
    proposal = _proposal(baro)
    spammer = people(1, "spam")[0]
    services.add_comment(actor=spammer, proposal=proposal, body="광고")
    services.block_user(actor=SYSTEM, site=baro.city, user_id=spammer.user_pk, reason="광고 반복 게시")
    assert Comment.objects.get(author_id=spammer.user_pk).visibility == Visibility.HIDDEN
    with pytest.raises(PermissionDeniedError) as raised:
        services.support(actor=spammer, proposal=proposal, now=SUBMITTED)
    assert raised.value.code == "proposals.blocked"


def test_a_recommendation_is_numbered_in_its_round_and_goes_straight_to_review(baro: Baro):
    committee_actor = Actor.for_user(baro.committee_staff)
    source = _proposal(baro)
    rec = services.make_recommendation(
        actor=committee_actor, source=source, committee=baro.rights_committee, round_number=2, number=4
    )
    assert (rec.kind, rec.status, rec.reference, rec.source) == (
        ProposalKind.RECOMMENDATION,
        ProposalStatus.UNDER_REVIEW,
        "제2차 권고 제4호",
        source,
    )
    answer = rec.answers.get()
    assert (answer.organization, answer.answered_at) == (baro.city, None)
    with pytest.raises(ConflictError):
        services.make_recommendation(
            actor=committee_actor, source=source, committee=baro.rights_committee, round_number=2, number=4
        )
    with pytest.raises(PermissionDeniedError):
        services.make_recommendation(
            actor=baro.author, source=source, committee=baro.rights_committee, round_number=2, number=5
        )


def test_overdue_answers_are_listed_until_given(baro: Baro):
    proposal = _proposal(baro)
    staff = Actor.for_user(baro.city_staff)
    late = services.request_answer(
        actor=staff, proposal=proposal, organization=baro.department, due_on=dt.date(2021, 5, 10)
    )
    other = OrganizationFactory(name="도시공원과", parent=baro.city)
    services.request_answer(actor=staff, proposal=proposal, organization=other, due_on=dt.date(2021, 5, 30))
    overdue = selectors.overdue_answers(baro.city, today=dt.date(2021, 5, 20))
    assert [(a.organization.name, a.due_on) for a in overdue] == [("교통정책과", dt.date(2021, 5, 10))]
    services.give_answer(actor=SYSTEM, answer=late, outcome=AnswerOutcome.REPLIED, text="검토 중입니다.")
    assert list(selectors.overdue_answers(baro.city, today=dt.date(2021, 5, 20))) == []
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED  # a reply keeps it open
