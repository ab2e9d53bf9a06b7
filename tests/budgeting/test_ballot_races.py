"""Ballots cast at the same moment: none lost, none doubled, and a person who submits from several
devices at once ends with one ballot.

SQLite serialises writers itself and cannot show the race, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from hyeopchi.budgeting.models import Ballot, Participation
from hyeopchi.budgeting.services import ballots
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from tests.support.budgets import DURING_VOTING, BudgetWorld

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def at_once(jobs: list[Callable[[], object]]) -> list[object]:
    """Run ``jobs`` in threads released together; each job's result or the error it raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = jobs[index]()
        except Exception as error:  # noqa: BLE001 (the test compares what each job met)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def cast(budget: BudgetWorld, user, picks: list[int]) -> Callable[[], bool]:
    return lambda: (
        ballots.cast(actor=Actor.for_user(user), heading=budget.heading, picks=picks, now=DURING_VOTING).changed
    )


def test_one_voter_submitting_from_eight_devices_at_once_keeps_one_ballot(budget: BudgetWorld) -> None:
    voter = budget.resident()
    picks = [[1], [2], [3], [1, 2], [1, 3], [2, 3], [1], [2]]
    changed = at_once([cast(budget, voter, p) for p in picks])
    stored = list(Ballot.objects.values_list("picks", flat=True))
    assert (sorted(changed, key=repr), Participation.objects.count(), len(stored)) == ([False] + [True] * 7, 1, 1)
    assert stored[0] in picks


def test_twelve_voters_at_once_leave_twelve_ballots(budget: BudgetWorld) -> None:
    voters = [budget.resident() for _ in range(12)]
    changed = at_once([cast(budget, voter, [n % 3 + 1]) for n, voter in enumerate(voters)])
    assert (changed, Participation.objects.count(), Ballot.objects.count()) == ([False] * 12, 12, 12)
    assert verify_chain().is_ok
