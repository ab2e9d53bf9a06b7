"""Counting a heading, weighted scores, publishing, and winners as tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.budgeting.models import Project, Result
from hyeopchi.budgeting.services import ballots, processes, results
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError
from hyeopchi.tasks.models import Task
from hyeopchi.tasks.services.reports import report_progress
from tests.factories import SYSTEM
from tests.support.budgets import AFTER_VOTING, DURING_VOTING, BudgetWorld


def cast_all(world: BudgetWorld, picks_list) -> None:
    for picks in picks_list:
        ballots.cast(actor=Actor.for_user(world.resident()), heading=world.heading, picks=picks, now=DURING_VOTING)


@pytest.fixture
def voted(budget: BudgetWorld) -> BudgetWorld:
    # Votes: project 1 ×3, 2 ×2, 3 ×4, 4 ×1; costs 4, 3, 5, 2 million of 10.
    cast_all(budget, [[1, 3], [1, 3], [1, 2], [3, 2], [3, 4]])
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    return budget


def test_counting_before_the_seal_is_refused(budget: BudgetWorld) -> None:
    cast_all(budget, [[1]])
    with pytest.raises(ConflictError) as refused:
        results.count(actor=SYSTEM, heading=budget.heading)
    assert refused.value.message == "투표가 끝난 뒤 투표함을 닫고 개표하세요."


def test_greedy_selects_by_votes_and_skips_what_does_not_fit(voted: BudgetWorld) -> None:
    result = results.count(actor=SYSTEM, heading=voted.heading)
    # 3 (5M, 4 votes) then 1 (4M, 3 votes); 2 (3M) no longer fits in 1M; 4 (2M) neither.
    assert (result.outcome["selected"], result.spent, result.ballots) == (["3", "1"], 9_000_000, 5)


def test_counting_records_each_projects_votes(voted: BudgetWorld) -> None:
    results.count(actor=SYSTEM, heading=voted.heading)
    assert list(Project.objects.order_by("number").values_list("votes", "selected")) == [
        (3, True),
        (2, False),
        (4, True),
        (1, False),
    ]


def test_a_committee_score_reorders_by_the_stated_weights(voted: BudgetWorld) -> None:
    # 대전-style 50:50 — the committee ranks project 2 best and 3 worst.
    voted.heading.vote_weight = 50
    voted.heading.save()
    processes.set_scores(
        actor=SYSTEM, heading=voted.heading, name="위원회 심사", weight=50, scores={1: 60, 2: 100, 3: 0, 4: 80}
    )
    result = results.count(actor=SYSTEM, heading=voted.heading)
    # Weighted: 1 = 50·3/4 + 50·60/100 = 67.5; 2 = 25 + 50 = 75; 3 = 50 + 0 = 50; 4 = 12.5 + 40 = 52.5.
    assert (result.outcome["selected"], result.outcome["decisions"]["2"]["score"]) == (["2", "1", "4"], "75")


def test_equal_shares_records_what_each_group_paid(voted: BudgetWorld) -> None:
    voted.heading.rule = "equalshares/add1"
    voted.heading.save()
    result = results.count(actor=SYSTEM, heading=voted.heading)
    assert (result.outcome["selected"], result.outcome["rule"]) == (["3", "1"], "equalshares/add1")


def test_publishing_makes_the_winners_tasks_with_their_money(voted: BudgetWorld) -> None:
    results.count(actor=SYSTEM, heading=voted.heading)
    made = results.publish(actor=SYSTEM, process=voted.process)
    tasks = list(Task.objects.order_by("title").values_list("title", "kind", "allocated", "owner__name"))
    assert (made, tasks) == (
        2,
        [
            ("경로당 냉난방기 교체", "budget_project", 5_000_000, "예산과"),
            ("골목길 가로등 정비", "budget_project", 4_000_000, "예산과"),
        ],
    )


def test_publishing_twice_makes_no_second_task(voted: BudgetWorld) -> None:
    results.count(actor=SYSTEM, heading=voted.heading)
    results.publish(actor=SYSTEM, process=voted.process)
    assert (
        results.publish(actor=SYSTEM, process=voted.process),
        Task.objects.count(),
        Result.objects.get().published,
    ) == (0, 2, True)


def test_a_winners_task_reports_what_was_spent(voted: BudgetWorld) -> None:
    results.count(actor=SYSTEM, heading=voted.heading)
    results.publish(actor=SYSTEM, process=voted.process)
    task = Task.objects.get(title="골목길 가로등 정비")
    report_progress(
        actor=SYSTEM,
        task=task,
        reported_on=dt.date(2026, 8, 1),
        narrative="가로등 12기 교체",
        progress=60,
        spent=2_400_000,
        today=dt.date(2026, 8, 2),
    )
    assert Task.objects.values_list("allocated", "spent").get(pk=task.pk) == (4_000_000, 2_400_000)
