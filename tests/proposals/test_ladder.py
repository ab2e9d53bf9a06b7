"""A citizen proposal climbs its site's ladder: supports, debate, review, answer, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AuditEvent, Notification
from hyeopchi.proposals import services
from hyeopchi.proposals.enums import AnswerOutcome, Metric, ProposalStatus, StepEffect
from hyeopchi.proposals.models import Answer, Proposal, StepReached
from tests.factories import SYSTEM, SiteFactory
from tests.support.helpers import seoul
from tests.support.proposals import SUBMITTED, Baro, people

pytestmark = pytest.mark.django_db


def _propose(baro: Baro, **kwargs) -> Proposal:
    return baro.propose(
        "수완지구 버스 배차 간격 단축", "출근 시간에 배차 간격이 20분이 넘어 불편합니다.", now=SUBMITTED, **kwargs
    )


def test_gwangju_proposal_climbs_50_supports_then_100_participants_then_an_answer(baro: Baro):
    proposal = _propose(baro)
    assert (proposal.status, proposal.ladder, proposal.deadline) == (
        ProposalStatus.SUBMITTED,
        baro.ladder,
        SUBMITTED + dt.timedelta(days=30),
    )
    citizens = people(150)
    for citizen in citizens[:49]:
        services.support(actor=citizen, proposal=proposal, now=SUBMITTED + dt.timedelta(days=3))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.support_count) == (ProposalStatus.SUBMITTED, 49)

    fiftieth = SUBMITTED + dt.timedelta(days=29)
    services.support(actor=citizens[49], proposal=proposal, now=fiftieth)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.support_count, proposal.steps_reached) == (ProposalStatus.DEBATE, 50, 1)
    assert proposal.deadline == fiftieth + dt.timedelta(days=30)
    assert (proposal.next_metric, proposal.next_threshold) == ("participants", 100)
    step = StepReached.objects.get(proposal=proposal)
    assert (step.step.order, step.count, step.reached_at, step.promoted) == (1, 50, fiftieth, False)

    debate_day = fiftieth + dt.timedelta(days=5)
    for citizen in citizens[:99]:
        services.join_debate(actor=citizen, proposal=proposal, position="for", now=debate_day)
    services.join_debate(actor=citizens[0], proposal=proposal, position="against", now=debate_day)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.participant_count) == (ProposalStatus.DEBATE, 99)
    assert AuditEvent.objects.filter(verb="proposals.debate_joined").count() == 100
    services.add_comment(actor=citizens[120], proposal=proposal, body="찬성합니다.", now=debate_day)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.participant_count, proposal.comment_count) == (
        ProposalStatus.UNDER_REVIEW,
        100,
        1,
    )
    assert (proposal.next_metric, proposal.next_threshold) == ("", None)
    answer = Answer.objects.get(proposal=proposal)
    assert (answer.organization, answer.due_on, answer.answered_at) == (
        baro.rights_committee,
        dt.date(2021, 6, 16),
        None,
    )  # debate reached 2021-06-06, + 10 days

    with pytest.raises(PermissionDeniedError):
        services.give_answer(
            actor=Actor.for_user(baro.city_staff), answer=answer, outcome=AnswerOutcome.ACCEPTED, text="시행하겠습니다."
        )
    services.give_answer(
        actor=Actor.for_user(baro.committee_staff),
        answer=answer,
        outcome=AnswerOutcome.ACCEPTED,
        text="시행을 권고합니다.",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    verbs = list(
        AuditEvent.objects.filter(target_type="proposals.proposal", target_pk=str(proposal.pk))
        .exclude(verb__in=["proposals.supported", "proposals.debate_joined"])
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "proposals.proposal_created",
        "proposals.proposal_submitted",
        "proposals.step_reached",
        "proposals.step_reached",
        "proposals.proposal_answered",
    ]
    assert verify_chain().is_ok


def test_reaching_a_step_notifies_the_author_and_the_answerers_after_commit(
    baro: Baro, django_capture_on_commit_callbacks
):
    proposal = _propose(baro)
    citizens = people(50)
    with django_capture_on_commit_callbacks(execute=True):
        for citizen in citizens:
            services.support(actor=citizen, proposal=proposal, now=SUBMITTED)
    titles = sorted(Notification.objects.filter(verb="proposals.step_reached").values_list("user__username", "title"))
    assert titles == [
        ("author", "“수완지구 버스 배차 간격 단축” 제안이 “토론방 개설” 단계에 이르렀습니다."),
        ("city-staff", "“수완지구 버스 배차 간격 단축” 제안이 “토론방 개설” 단계에 이르렀습니다."),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["author@example.kr", "staff@example.kr"]


LATE = SUBMITTED + dt.timedelta(days=30, seconds=1)


def test_a_support_after_the_window_is_refused(baro: Baro):
    proposal = _propose(baro)

    with pytest.raises(ConflictError) as raised:
        services.support(actor=people(1)[0], proposal=proposal, now=LATE)

    assert raised.value.code == "proposals.closed"


def test_a_proposal_expires_only_once_its_window_ran_out(baro: Baro):
    proposal = _propose(baro)

    early = services.expire_overdue(actor=SYSTEM, now=SUBMITTED + dt.timedelta(days=29))
    late = services.expire_overdue(actor=SYSTEM, now=LATE)

    proposal.refresh_from_db()
    assert (early, late, proposal.status, proposal.deadline) == (0, 1, ProposalStatus.EXPIRED, None)


def test_departments_still_answer_an_expired_proposal(baro: Baro):
    proposal = _propose(baro)
    services.expire_overdue(actor=SYSTEM, now=LATE)

    answer = services.request_answer(
        actor=Actor.for_user(baro.city_staff),
        proposal=proposal,
        organization=baro.department,
        due_on=dt.date(2021, 6, 20),
    )

    assert answer.organization == baro.department


def test_a_second_support_by_the_same_person_is_refused(baro: Baro):
    proposal = _propose(baro)
    citizen = people(1)[0]
    services.support(actor=citizen, proposal=proposal, now=SUBMITTED)

    with pytest.raises(ConflictError) as raised:
        services.support(actor=citizen, proposal=proposal, now=SUBMITTED)

    assert raised.value.code == "proposals.already_supported"


def test_a_support_is_withdrawn_once(baro: Baro):
    proposal = _propose(baro)
    citizen = people(1)[0]
    services.support(actor=citizen, proposal=proposal, now=SUBMITTED)
    services.withdraw_support(actor=citizen, proposal=proposal)

    with pytest.raises(ConflictError) as raised:
        services.withdraw_support(actor=citizen, proposal=proposal)

    proposal.refresh_from_db()
    assert (proposal.support_count, raised.value.code) == (0, "proposals.not_supported")


def test_supporting_needs_an_account(baro: Baro):
    proposal = _propose(baro)

    with pytest.raises(PermissionDeniedError) as raised:
        services.support(actor=Actor.for_user(AnonymousUser()), proposal=proposal)

    assert raised.value.code == "proposals.not_allowed"


def test_seoul_50_100_1000_ladder_is_data(db):
    seoul_site = SiteFactory(name="서울특별시", site_slug="seoul")
    ladder = services.create_ladder(
        actor=SYSTEM,
        site=seoul_site,
        name="민주주의 서울 2020",
        valid_from=dt.date(2020, 3, 1),
        steps=[
            {
                "name": "부서 답변",
                "metric": Metric.SUPPORTS,
                "threshold": 50,
                "window_days": 30,
                "effect": StepEffect.ANSWER,
                "answerer": "department",
                "answer_days": 14,
            },
            {
                "name": "공론장",
                "metric": Metric.SUPPORTS,
                "threshold": 100,
                "window_days": 30,
                "effect": StepEffect.DEBATE,
            },
            {
                "name": "시장 답변",
                "metric": Metric.PARTICIPANTS,
                "threshold": 1000,
                "window_days": 30,
                "effect": StepEffect.REVIEW,
                "answerer": "head",
            },
        ],
    )
    start = seoul(2021, 4, 1, 9)
    author = people(1, "author")[0]
    proposal = services.create_proposal(
        actor=author, addressee=seoul_site, title="따릉이 대여소 확충", body="대여소가 부족합니다.", now=start
    )
    citizens = people(1000)
    statuses = []
    for index, citizen in enumerate(citizens[:100], start=1):
        services.support(actor=citizen, proposal=proposal, now=start + dt.timedelta(days=1))
        if index in (49, 50, 99, 100):
            proposal.refresh_from_db()
            statuses.append((index, proposal.status, proposal.answers.count()))
    assert statuses == [(49, "submitted", 0), (50, "submitted", 1), (99, "submitted", 1), (100, "debate", 1)]
    for citizen in citizens:
        services.join_debate(actor=citizen, proposal=proposal, now=start + dt.timedelta(days=2))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.participant_count, proposal.answers.count()) == ("under_review", 1000, 2)
    assert ladder.steps.count() == 3


def test_ladder_validation_names_each_bad_step(baro: Baro):
    with pytest.raises(ValidationFailedError) as raised:
        services.create_ladder(
            actor=SYSTEM,
            site=baro.city,
            name="잘못된 단계",
            valid_from=dt.date(2022, 1, 1),
            steps=[
                {"name": "a", "metric": "supports", "threshold": 100, "effect": "debate"},
                {"name": "b", "metric": "supports", "threshold": 50, "effect": "review"},
            ],
        )
    assert raised.value.field_messages() == {
        "steps": ["2단계: 기준 수가 앞 단계보다 낮습니다.", "2단계: 답변 주체를 정하세요."]
    }
