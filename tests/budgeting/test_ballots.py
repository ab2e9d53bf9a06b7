"""Casting ballots: eligibility, validity as a whole, changing until the close, paper ballots,
and the sealed ballot box that no longer ties a ballot to a person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from hyeopchi.budgeting.enums import Channel, VoteType
from hyeopchi.budgeting.models import Ballot, Participation
from hyeopchi.budgeting.services import ballots, processes
from hyeopchi.budgeting.services.processes import HeadingRules
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AuditEvent
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, UserFactory
from tests.support.budgets import AFTER_VOTING, DURING_VOTING, BudgetWorld, budget_world
from tests.support.helpers import row_counts, seoul


def vote(world: BudgetWorld, user, picks, points=(), now=DURING_VOTING, **kwargs):
    return ballots.cast(
        actor=Actor.for_user(user), heading=world.heading, picks=picks, points=points, now=now, **kwargs
    )


def paper(world: BudgetWorld, picks: list[int], name: str = "김종이", born: dt.date = dt.date(1970, 1, 2)) -> Ballot:
    return ballots.enter_paper_ballot(
        actor=SYSTEM, heading=world.heading, picks=picks, name=name, birth_date=born, now=DURING_VOTING
    )


def test_a_resident_casts_a_ballot(budget: BudgetWorld) -> None:
    vote(budget, budget.resident(), [1, 3])
    assert list(Ballot.objects.values_list("picks", "channel", "valid")) == [([1, 3], "internet", True)]


def test_the_ballot_row_names_no_person(budget: BudgetWorld) -> None:
    names = {field.name for field in Ballot._meta.get_fields()}
    assert names == {"id", "heading", "picks", "points", "channel", "valid", "age", "seal"}


def test_changing_a_ballot_replaces_it(budget: BudgetWorld) -> None:
    voter = budget.resident()
    vote(budget, voter, [1, 3])
    receipt = vote(budget, voter, [2])
    assert (receipt.changed, list(Ballot.objects.values_list("picks", flat=True)), Participation.objects.count()) == (
        True,
        [[2]],
        1,
    )


def test_a_ballot_and_its_change_are_audited_in_the_chain(budget: BudgetWorld) -> None:
    voter = budget.resident()
    vote(budget, voter, [1, 3])
    vote(budget, voter, [2])
    events = AuditEvent.objects.filter(verb="budgeting.voted").order_by("seq")
    assert list(events.values_list("target_pk", "payload", "actor_user_id")) == [
        (str(budget.heading.pk), '{"changed":false}', voter.pk),
        (str(budget.heading.pk), '{"changed":true}', voter.pk),
    ]
    assert verify_chain().is_ok


def test_a_ballot_on_a_database_without_a_chain_starts_it(budget: BudgetWorld) -> None:
    voter = budget.resident()
    with connection.cursor() as cursor:  # as a new or flushed database has it
        cursor.execute("DELETE FROM core_audit_event")
        cursor.execute("DELETE FROM core_audit_chain_head")
    vote(budget, voter, [1])
    assert (list(AuditEvent.objects.values_list("seq", "verb")), Ballot.objects.count()) == (
        [(1, "budgeting.voted")],
        1,
    )
    assert verify_chain().is_ok


def test_a_ballot_may_name_its_heading_by_id(budget: BudgetWorld) -> None:
    receipt = ballots.cast(
        actor=Actor.for_user(budget.resident()), heading=budget.heading.pk, picks=[2], now=DURING_VOTING
    )
    assert (receipt.heading.name, list(Ballot.objects.values_list("picks", flat=True))) == (budget.heading.name, [[2]])


def test_an_unknown_heading_is_not_found(budget: BudgetWorld) -> None:
    with pytest.raises(NotFoundError) as refused:
        ballots.cast(actor=Actor.for_user(budget.resident()), heading=10**9, picks=[2], now=DURING_VOTING)
    assert refused.value.message == "이 과정에 그런 예산이 없습니다."


def test_too_many_picks_void_the_ballot_and_nothing_is_written(budget: BudgetWorld) -> None:
    voter = budget.resident()
    before = row_counts(Ballot, Participation)
    with pytest.raises(ValidationFailedError) as refused:
        vote(budget, voter, [1, 2, 3, 4])
    assert (refused.value.field_messages(), row_counts(Ballot, Participation)) == (
        {"picks": ["최대 3개 사업을 고르세요."]},
        before,
    )


def test_an_unknown_project_is_named(budget: BudgetWorld) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        vote(budget, budget.resident(), [9])
    assert refused.value.message == "이 투표지에 9번 사업은 없습니다."


def test_a_person_living_elsewhere_may_not_vote(budget: BudgetWorld) -> None:
    outsider = UserFactory()
    with pytest.raises(PermissionDeniedError) as refused:
        vote(budget, outsider, [1])
    assert refused.value.code == "budgeting.not_eligible"


def test_voting_closes_after_its_last_day(budget: BudgetWorld) -> None:
    with pytest.raises(ConflictError) as refused:
        vote(budget, budget.resident(), [1], now=AFTER_VOTING)
    assert refused.value.message == "투표는 2026-05-14에 마감되었습니다."


def test_voting_opens_on_its_first_day(budget: BudgetWorld) -> None:
    with pytest.raises(ConflictError) as refused:
        vote(budget, budget.resident(), [1], now=seoul(2026, 4, 30, 23))
    assert refused.value.message == "투표는 2026-05-01에 시작합니다."


def test_an_age_range_is_checked_on_the_first_day_of_voting(gwangju_city) -> None:
    world = budget_world(gwangju_city, rules=HeadingRules(max_picks=3, area_codes=["29110"], min_age=19, max_age=39))
    # 40 on 2026-04-20, before voting opened on 2026-05-01.
    with pytest.raises(PermissionDeniedError) as refused:
        vote(world, world.resident(born="1986-04-20"), [1])
    assert refused.value.message == "이 예산은 2026-05-01 기준 만 19세부터 39세까지 투표할 수 있습니다."


def test_the_youngest_and_oldest_ages_may_vote(gwangju_city) -> None:
    world = budget_world(gwangju_city, rules=HeadingRules(max_picks=3, area_codes=["29110"], min_age=19, max_age=39))
    vote(world, world.resident(born="2007-05-01"), [1])
    vote(world, world.resident(born="1986-05-02"), [2])
    assert Ballot.objects.count() == 2


def test_the_sites_officials_are_excluded_where_the_rules_say(gwangju_city) -> None:
    world = budget_world(gwangju_city, rules=HeadingRules(max_picks=3, area_codes=["29110"], exclude_staff=True))
    official = world.resident()
    assign_role(actor=SYSTEM, user=official, organization=world.department, role=OrganizationRoleName.SECRETARY)
    with pytest.raises(PermissionDeniedError) as refused:
        vote(world, official, [1])
    assert refused.value.message == "이 예산에는 해당 기관의 공무원이 투표하지 않습니다."


def test_a_within_budget_ballot_may_not_cost_more_than_the_heading(gwangju_city) -> None:
    world = budget_world(gwangju_city, rules=HeadingRules(vote_type=VoteType.KNAPSACK, area_codes=["29110"]))
    with pytest.raises(ValidationFailedError) as refused:
        vote(world, world.resident(), [1, 2, 3])
    assert refused.value.message == "고른 사업의 비용이 12,000,000원으로, 이 예산 10,000,000원보다 많습니다."


def test_a_within_budget_ballot_spends_at_least_the_minimum_share(gwangju_city) -> None:
    rules = HeadingRules(vote_type=VoteType.KNAPSACK, min_spend_percent=70, area_codes=["29110"])
    world = budget_world(gwangju_city, rules=rules)
    with pytest.raises(ValidationFailedError) as refused:
        vote(world, world.resident(), [4])
    assert refused.value.message == "고른 사업의 비용이 2,000,000원입니다. 최소 7,000,000원(예산의 70%)을 써 주세요."


def test_points_may_not_exceed_those_to_share(gwangju_city) -> None:
    rules = HeadingRules(vote_type=VoteType.CUMULATIVE, max_points=10, area_codes=["29110"])
    world = budget_world(gwangju_city, rules=rules)
    with pytest.raises(ValidationFailedError) as refused:
        vote(world, world.resident(), [1, 2], [6, 5])
    assert refused.value.message == "11점을 주었습니다. 나눌 수 있는 점수는 10점입니다."


def test_a_ranking_ranks_exactly_the_number_asked(gwangju_city) -> None:
    rules = HeadingRules(vote_type=VoteType.ORDINAL, min_picks=3, max_picks=3, area_codes=["29110"])
    world = budget_world(gwangju_city, rules=rules)
    with pytest.raises(ValidationFailedError) as refused:
        vote(world, world.resident(), [2, 1])
    assert refused.value.message == "정확히 3개 사업의 순위를 매기세요."


def test_a_category_limit_counts_the_picks_in_it(gwangju_city) -> None:
    world = budget_world(
        gwangju_city, rules=HeadingRules(max_picks=3, area_codes=["29110"], category_limits={"안전": 1})
    )
    for project in world.projects[:2]:
        project.category = "안전"
        project.save()
    with pytest.raises(ValidationFailedError) as refused:
        vote(world, world.resident(), [1, 2])
    assert refused.value.message == "“안전” 분야에서는 최대 1개 사업을 고르세요."


def test_one_heading_per_person_where_the_process_says_so(budget: BudgetWorld) -> None:
    budget.process.one_heading_only = True
    budget.process.save()
    other = processes.add_heading(
        actor=SYSTEM, process=budget.process, name="학동", amount=5_000_000, rules=HeadingRules(area_codes=["29110"])
    )
    project = processes.add_project(actor=SYSTEM, heading=other, title="마을 텃밭", cost=1_000_000)
    processes.review_project(actor=SYSTEM, project=project, feasibility="feasible")
    voter = budget.resident()
    vote(budget, voter, [1])
    with pytest.raises(ConflictError) as refused:
        ballots.cast(actor=Actor.for_user(voter), heading=other, picks=[1], now=DURING_VOTING)
    assert (refused.value.message, Ballot.objects.count()) == (
        "“동구”에 투표했습니다. 이 과정에서는 한 사람이 한 예산에만 투표합니다.",
        1,
    )


def test_a_paper_ballot_breaking_the_rules_is_kept_as_void(budget: BudgetWorld) -> None:
    paper(budget, [1, 2, 3, 4])
    assert list(Ballot.objects.values_list("channel", "valid")) == [(Channel.PAPER, False)]


def test_a_paper_voter_who_voted_online_is_refused(budget: BudgetWorld) -> None:
    vote(budget, budget.resident("김온라", born="1970-01-02"), [1])
    with pytest.raises(ConflictError) as refused:
        paper(budget, [2], "김 온라")
    assert (refused.value.message, Ballot.objects.count()) == ("이 사람은 이미 이 예산에 온라인으로 투표했습니다.", 1)


def test_an_online_voter_who_voted_on_paper_is_refused(budget: BudgetWorld) -> None:
    paper(budget, [2])
    with pytest.raises(ConflictError) as refused:
        vote(budget, budget.resident("김종이", born="1970-01-02"), [1])
    assert refused.value.message == "이 예산에 종이로 투표하셨습니다. 한 사람은 한 번 투표합니다."


def test_the_same_paper_voter_cannot_be_entered_twice(budget: BudgetWorld) -> None:
    paper(budget, [2])
    with pytest.raises(ConflictError):
        paper(budget, [1])
    assert Ballot.objects.count() == 1


def test_sealing_erases_seals_and_gives_new_ids(budget: BudgetWorld) -> None:
    voters = [budget.resident() for _ in range(5)]
    for index, voter in enumerate(voters):
        vote(budget, voter, [index % 4 + 1])
    before = set(Ballot.objects.values_list("id", flat=True))
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    after = list(Ballot.objects.values_list("id", "seal", "picks"))
    assert (before & {row[0] for row in after}, {row[1] for row in after}, sorted(row[2] for row in after)) == (
        set(),
        {""},
        [[1], [1], [2], [3], [4]],
    )


def test_after_the_seal_a_voter_no_longer_finds_their_ballot(budget: BudgetWorld) -> None:
    voter = budget.resident()
    vote(budget, voter, [2])
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    assert ballots.current_ballot(budget.heading, voter.pk) is None


def test_the_box_cannot_be_sealed_while_voting_is_open(budget: BudgetWorld) -> None:
    with pytest.raises(ConflictError):
        ballots.seal(actor=SYSTEM, process=budget.process, now=DURING_VOTING)


def test_age_is_kept_as_a_decade_only_with_consent(budget: BudgetWorld) -> None:
    budget.process.consent_to_demographics = True
    budget.process.save()
    vote(budget, budget.resident(born="1991-02-03"), [1], share_age=True)
    vote(budget, budget.resident(born="1980-02-03"), [2])
    assert sorted(Ballot.objects.values_list("age", flat=True), key=str) == [30, None]
