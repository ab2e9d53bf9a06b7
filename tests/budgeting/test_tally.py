"""Tally rules: the published Pabulib outcomes reproduced, and Equal Shares worked by hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyeopchi.budgeting import pabulib, tally
from hyeopchi.budgeting.tally import Ballot, Instance

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"


def election(name: str) -> pabulib.Election:
    return pabulib.read(str(DATA / name))


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Warszawa_2017_Rakowiec.pb",
        "Poland_Gdynia_2022_Obluze__small.pb",
        "Poland_Warszawa_2026_Powazki_Nowolipki_Mlynow.pb",
        "Poland_Czestochowa_2024_Stradom.pb",
        "Poland_Krakow_2019_Bienczyce.pb",
    ],
)
def test_the_files_own_rule_selects_what_was_published(name: str):
    published = election(name)
    outcome = tally.tally(pabulib.instance(published), published.rule)
    assert set(outcome.selected) == published.published_selected()


@pytest.mark.parametrize("name", ["Poland_Czestochowa_2024_Stradom.pb", "Poland_Krakow_2019_Bienczyce.pb"])
def test_points_scores_are_the_files_score_column(name: str):
    published = election(name)
    at = published.project_table.column("score")
    assert at is not None
    expected = {row[0]: Fraction(row[at]) for row in published.project_table.rows}
    assert tally.scores(pabulib.instance(published)) == expected


def test_equal_shares_with_add1_selects_what_swiecie_published():
    published = election("Poland_Swiecie_2023.pb")
    outcome = tally.tally(pabulib.instance(published), "equalshares/add1")
    assert set(outcome.selected) == published.published_selected()
    assert (outcome.per_voter, outcome.rounds, outcome.spent) == (Fraction(1070000, 2553) + 242, 244, Fraction(1040337))


def test_the_comparison_step_keeps_what_wieliczka_published():
    published = election("Poland_Wieliczka_2023_Green_Budget.pb")
    outcome = tally.tally(pabulib.instance(published), "equalshares/add1-comparison")
    assert set(outcome.selected) == published.published_selected()
    assert (outcome.rule, outcome.compared, outcome.spent) == (
        "equalshares/add1-comparison",
        (1615, 873),
        Fraction(995079),
    )


def test_the_comparison_step_takes_greedys_outcome_when_more_voters_prefer_it():
    instance = Instance(
        budget=Fraction(12),
        costs={"A": Fraction(6), "B": Fraction(6), "C": Fraction(6)},
        ballots=[Ballot(("A", "B"), count=4), Ballot(("C",), count=2)],
    )
    mes = tally.tally(instance, "equalshares/add1")
    compared = tally.tally(instance, "equalshares/add1-comparison")
    assert (mes.selected, compared.selected, compared.compared) == (["A"], ["A", "B"], (0, 4))


# -- Equal Shares by hand -------------------------------------------------------------------------
# Budget 100, four voters: 1–3 approve A (60), 4 approves B (30), 3 and 4 approve C (40).


HAND = Instance(
    budget=Fraction(100),
    costs={"A": Fraction(60), "B": Fraction(30), "C": Fraction(40)},
    ballots=[Ballot(("A",), count=2), Ballot(("A", "C")), Ballot(("B", "C"))],
)


def test_equal_shares_buys_what_supporters_can_pay_with_25_each():
    outcome = tally.equal_shares(HAND, completion=None)
    assert (outcome.selected, outcome.decisions["A"].price, outcome.decisions["C"].supporters_money) == (
        ["A"],
        Fraction(20),
        Fraction(30),
    )


def test_add1_raises_each_voters_money_while_the_outcome_stays_within_the_budget():
    # From 30 each C is bought too (100 in all); at 50 B would be as well (130), so 49 is kept.
    outcome = tally.equal_shares(HAND)
    paid = {payment.picks: (payment.voters, payment.paid, payment.left) for payment in outcome.payments}
    assert (outcome.selected, outcome.per_voter, outcome.rounds) == (["A", "C"], Fraction(49), 26)
    assert paid == {
        ("A",): (2, {"A": Fraction(20)}, Fraction(29)),
        ("A", "C"): (1, {"A": Fraction(20), "C": Fraction(20)}, Fraction(9)),
        ("B", "C"): (1, {"C": Fraction(20)}, Fraction(29)),
    }


def test_add1_stops_once_every_supported_project_is_bought():
    instance = Instance(budget=Fraction(100), costs={"a": Fraction(10), "b": Fraction(5)}, ballots=[Ballot(("a",))])
    outcome = tally.equal_shares(instance)
    assert (outcome.selected, outcome.rounds, outcome.decisions["b"].reason) == (["a"], 1, "unaffordable")


def test_greedy_completion_after_equal_shares_is_a_setting():
    outcome = tally.equal_shares(HAND, completion=None, greedy_after=True)
    assert (outcome.selected, outcome.decisions["C"].reason) == (["A", "C"], "completed")


def test_points_set_each_supporters_share_15_a_point_or_all_they_have():
    instance = Instance(
        budget=Fraction(90),
        costs={"A": Fraction(60), "B": Fraction(60)},
        ballots=[Ballot(("A", "B"), (2, 1)), Ballot(("A",), (3,)), Ballot(("B",), (3,))],
        vote_type="cumulative",
    )
    outcome = tally.equal_shares(instance, completion=None)
    paid = {payment.picks: payment.paid for payment in outcome.payments}
    assert (outcome.selected, outcome.decisions["A"].price, paid) == (
        ["A"],
        Fraction(15),
        {("A", "B"): {"A": Fraction(30)}, ("A",): {"A": Fraction(30)}, ("B",): {}},
    )


# -- greedy rules ---------------------------------------------------------------------------------


TIES = Instance(
    budget=Fraction(100),
    costs={"12": Fraction(50), "3": Fraction(50), "x": Fraction(40), "9": Fraction(70)},
    ballots=[Ballot(("12", "3", "x", "9"))],
)


def test_ties_go_to_the_lower_cost_then_the_lower_id():
    outcome = tally.greedy(TIES)
    assert (outcome.selected, outcome.decisions["9"].reason) == (["x", "3"], "does_not_fit")


def test_no_skip_stops_at_the_first_project_that_does_not_fit():
    instance = Instance(
        budget=Fraction(100),
        costs={"a": Fraction(60), "b": Fraction(50), "c": Fraction(10)},
        ballots=[Ballot(("a",), count=3), Ballot(("b",), count=2), Ballot(("c",))],
    )
    skip, stop = tally.greedy(instance, "greedy"), tally.greedy(instance, "greedy-no-skip")
    assert (skip.selected, stop.selected, stop.decisions["c"].reason) == (["a", "c"], ["a"], "after_stop")


def test_a_minimum_score_leaves_lower_projects_out():
    instance = Instance(
        budget=Fraction(100),
        costs={"a": Fraction(10), "b": Fraction(10)},
        ballots=[Ballot(("a",), count=3), Ballot(("b",))],
        min_score=Fraction(2),
    )
    outcome = tally.greedy(instance, "greedy-threshold")
    assert (outcome.selected, outcome.decisions["b"].reason) == (["a"], "below_threshold")


def test_an_unknown_rule_is_refused():
    with pytest.raises(tally.TallyError) as caught:
        tally.tally(HAND, "greedy-custom")
    assert (caught.value.code, caught.value.params) == ("unknown_rule", {"value": "greedy-custom"})


# -- invariants -----------------------------------------------------------------------------------

projects = st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=6)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    costs = draw(projects)
    ids = [f"p{i}" for i in range(len(costs))]
    ballots = draw(
        st.lists(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True), min_size=1, max_size=12)
    )
    budget = draw(st.integers(min_value=1, max_value=150))
    return Instance(
        budget=Fraction(budget),
        costs={p: Fraction(c) for p, c in zip(ids, costs, strict=True)},
        ballots=[Ballot(tuple(b)) for b in ballots],
    )


@settings(max_examples=150, deadline=None)
@given(instances())
def test_no_rule_spends_more_than_the_budget(instance: Instance):
    for rule in tally.RULES:
        assert tally.tally(instance, rule).spent <= instance.budget


@settings(max_examples=150, deadline=None)
@given(instances())
def test_equal_shares_never_charges_a_voter_more_than_they_had(instance: Instance):
    outcome = tally.equal_shares(instance)
    assert outcome.per_voter is not None
    assert all(sum(p.paid.values(), Fraction(0)) + p.left == outcome.per_voter for p in outcome.payments)
    assert all(p.left >= 0 for p in outcome.payments)


@settings(max_examples=150, deadline=None)
@given(instances(), st.randoms())
def test_the_order_of_ballots_changes_nothing(instance: Instance, random):
    shuffled = list(instance.ballots)
    random.shuffle(shuffled)
    again = Instance(instance.budget, instance.costs, shuffled)
    for rule in tally.RULES:
        assert tally.tally(again, rule).selected == tally.tally(instance, rule).selected


@settings(max_examples=150, deadline=None)
@given(instances())
def test_greedy_leaves_no_project_that_still_fits(instance: Instance):
    outcome = tally.greedy(instance)
    left = instance.budget - outcome.spent
    assert all(instance.costs[p] > left for p in instance.costs if p not in outcome.selected)


WON = tally.Instance(
    budget=Fraction(100_000),
    costs={"1": Fraction(60_000), "2": Fraction(30_000), "3": Fraction(25_000), "4": Fraction(12_000)},
    ballots=[
        tally.Ballot(("1",), count=3),
        tally.Ballot(("2", "3"), count=2),
        tally.Ballot(("3", "4"), count=1),
        tally.Ballot(("4",), count=1),
    ],
)


def test_add1_by_one_won_runs_once_per_won() -> None:
    outcome = tally.tally(WON, "equalshares/add1")
    assert (outcome.selected, outcome.rounds, outcome.per_voter) == (["3", "1", "4"], 9049, Fraction(163329, 7))


def test_add1_by_a_thousand_won_reaches_the_same_outcome_in_fewer_runs() -> None:
    outcome = tally.tally(WON, "equalshares/add1", unit=1000)
    assert (outcome.selected, outcome.rounds, outcome.per_voter) == (["3", "1", "4"], 11, Fraction(163000, 7))


# -- add1's quick runs in floating point ----------------------------------------------------------


@st.composite
def point_instances(draw: st.DrawFn) -> Instance:
    instance = draw(instances())
    ballots = [Ballot(b.picks, tuple(draw(st.integers(1, 4)) for _ in b.picks)) for b in instance.ballots]
    return Instance(instance.budget, instance.costs, ballots, vote_type="cumulative")


@settings(max_examples=200, deadline=None)
@given(st.one_of(instances(), point_instances()), st.integers(min_value=0, max_value=40))
def test_a_quick_run_buys_what_the_exact_run_buys_or_declines(instance: Instance, extra: int):
    shares = tally.shares_of(instance)
    per_voter = instance.budget / sum(b.count for b in instance.ballots) + extra
    quick = shares.quick_selection(per_voter, list(instance.costs))
    assert quick is None or quick == shares.run(per_voter, list(instance.costs))[0]


def test_a_quick_run_declines_when_supporters_have_exactly_the_cost():
    instance = Instance(Fraction(10), {"a": Fraction(10)}, [Ballot(("a",), count=2)])
    shares = tally.shares_of(instance)
    assert (shares.quick_selection(Fraction(5), ["a"]), shares.run(Fraction(5), ["a"])[0]) == (None, ["a"])


def test_a_quick_run_declines_a_tie_between_prices_with_voters_paying_all_they_have():
    # 7 voters with 6 each. c (9) goes first: its 3 supporters pay 3. Then a and b (10 each) each
    # have one supporter with 3 left, who pays it all, and two with 6, who pay 3.5: both cost
    # 0.35 per unit exactly. The tie goes to a by its id; floats cannot see it is a tie.
    instance = Instance(
        Fraction(42),
        {"a": Fraction(10), "b": Fraction(10), "c": Fraction(9)},
        [Ballot(("c", "a")), Ballot(("c", "b")), Ballot(("c",))] + [Ballot(("a",), count=2), Ballot(("b",), count=2)],
    )
    shares = tally.shares_of(instance)
    exact = shares.run(Fraction(6), list(instance.costs))[0]
    assert (shares.quick_selection(Fraction(6), list(instance.costs)), exact) == (None, ["c", "a", "b"])


def test_quick_runs_agree_with_exact_runs_on_swiecie_at_every_twelfth_add1_start():
    election_ = election("Poland_Swiecie_2023.pb")
    instance = pabulib.instance(election_)
    shares = tally.shares_of(instance)
    base = instance.budget / sum(b.count for b in instance.ballots)
    starts = [base + step for step in range(0, 244, 12)]
    quick = [shares.quick_selection(start, list(instance.costs)) for start in starts]
    assert quick == [shares.run(start, list(instance.costs))[0] for start in starts]
