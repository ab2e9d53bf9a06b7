"""Invariants of the whole computation (reference/evaluation.md §14) on random rounds."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hyeopchi.evaluations import compute
from tests.evaluations.fixtures import example_specs

FRAMEWORK_SPEC, RULES_SPEC = example_specs()
FRAMEWORK = compute.parse_framework(FRAMEWORK_SPEC)
RULES = compute.parse_rules(RULES_SPEC, FRAMEWORK)
TARGETS = [compute.TargetInput(key=f"T{n}", name=f"T{n}", group="g") for n in range(1, 7)]

levels = st.integers(min_value=1, max_value=5)
likert = st.integers(min_value=1, max_value=7)
percent = st.integers(min_value=0, max_value=100)


@st.composite
def rounds(draw: st.DrawFn) -> list[compute.Rating]:
    ratings = []
    for target in TARGETS:
        for indicator in ("I1", "I3"):
            for rater in range(1, 6):
                ratings.append(
                    compute.Rating(
                        "expert", f"E{rater}", target.key, indicator, Decimal(draw(levels))
                    )
                )
        for indicator, panel in (("I3", "citizen"), ("I5", "citizen"), ("I5", "online")):
            ratings.append(
                compute.Rating(
                    panel, panel[0].upper(), target.key, indicator, Decimal(draw(likert))
                )
            )
        for indicator in ("I2", "I4"):
            ratings.append(
                compute.Rating("data", "data", target.key, indicator, Decimal(draw(percent)))
            )
    return ratings


def results(ratings: list[compute.Rating]) -> dict[str, Any]:
    targets: dict[str, Any] = compute.compute(FRAMEWORK, RULES, TARGETS, ratings).payload()[
        "targets"
    ]
    return targets


@settings(max_examples=40, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_renaming_and_reordering_raters_changes_no_result(
    ratings: list[compute.Rating], rng: random.Random
) -> None:
    names = [f"E{n}" for n in range(1, 6)]
    renamed = dict(zip(names, rng.sample([f"X{n}" for n in range(10)], 5), strict=True))
    shuffled = [r._replace(evaluator=renamed.get(r.evaluator, r.evaluator)) for r in ratings]
    rng.shuffle(shuffled)
    assert results(shuffled) == results(ratings)


@settings(max_examples=40, deadline=None)
@given(rounds(), st.integers(min_value=0, max_value=10**6))
def test_raising_one_rating_never_lowers_the_total(
    ratings: list[compute.Rating], pick: int
) -> None:
    index = pick % len(ratings)
    chosen = ratings[index]
    high = {"expert": 5, "citizen": 7, "online": 7, "data": 100}[chosen.panel]
    raised = list(ratings)
    raised[index] = chosen._replace(value=min(chosen.value + 1, Decimal(high)))
    before, after = results(ratings), results(raised)
    assert Decimal(after[chosen.target]["total"]) >= Decimal(before[chosen.target]["total"])


@settings(max_examples=40, deadline=None)
@given(rounds())
def test_the_money_sums_to_the_pool_in_whole_units(ratings: list[compute.Rating]) -> None:
    outcome = compute.compute(FRAMEWORK, RULES, TARGETS, ratings)
    amounts = [t.amount for t in outcome.targets.values()]
    assert all(a >= 0 and a % 10_000 == 0 for a in amounts)
    if any(t.grade == "우수" for t in outcome.targets.values()):
        assert sum(amounts) == 100_000_000
    else:  # nobody reached 70 points for 우수: nothing is paid, and the log says so
        assert sum(amounts) == 0
        assert {
            "type": "INCENTIVES_UNALLOCATED",
            "group": "",
            "pool": 100_000_000,
        } in outcome.events
