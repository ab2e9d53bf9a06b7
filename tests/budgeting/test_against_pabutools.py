"""The tallies agree with pabutools (a test-only dependency: GPL, and it needs gurobipy) on generated
elections, with pabutools told to break ties as the tallies do (lower cost, then project id)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat
from pabutools.election import Instance as PabuInstance
from pabutools.election import Project as PabuProject
from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from hyeopchi.budgeting import tally
from hyeopchi.budgeting.tally import Ballot, Instance

SAME_TIES = TieBreakingRule(lambda instance, profile, project: (project.cost, tally.id_key(project.name)))


@st.composite
def elections(draw: st.DrawFn) -> Instance:
    costs = draw(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6))
    ids = [str(i + 1) for i in range(len(costs))]
    ballots = draw(
        st.lists(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True), min_size=1, max_size=10)
    )
    return Instance(
        budget=Fraction(draw(st.integers(min_value=1, max_value=120))),
        costs={p: Fraction(c) for p, c in zip(ids, costs, strict=True)},
        ballots=[Ballot(tuple(b)) for b in ballots],
    )


def pabutools_election(instance: Instance) -> tuple[PabuInstance, ApprovalProfile]:
    projects = {p: PabuProject(p, int(cost)) for p, cost in instance.costs.items()}
    election = PabuInstance(init=projects.values(), budget_limit=int(instance.budget))
    profile = ApprovalProfile(init=[ApprovalBallot([projects[p] for p in b.picks]) for b in instance.ballots])
    return election, profile


@settings(max_examples=200, deadline=None)
@given(elections())
def test_greedy_selects_what_pabutools_selects(instance: Instance):
    election, profile = pabutools_election(instance)
    theirs = greedy_utilitarian_welfare(election, profile, sat_class=Cost_Sat, tie_breaking=SAME_TIES)
    assert set(tally.greedy(instance).selected) == {p.name for p in theirs}


@settings(max_examples=200, deadline=None)
@given(elections())
def test_equal_shares_with_add1_selects_what_pabutools_selects(instance: Instance):
    election, profile = pabutools_election(instance)
    theirs = exhaustion_by_budget_increase(
        election,
        profile,
        method_of_equal_shares,
        {"sat_class": Cost_Sat, "tie_breaking": SAME_TIES},
        exhaustive_stop=False,  # add1 goes on while the outcome fits, as Pabulib's checker does
        budget_step=len(instance.ballots),
    )
    assert set(tally.equal_shares(instance).selected) == {p.name for p in theirs}
