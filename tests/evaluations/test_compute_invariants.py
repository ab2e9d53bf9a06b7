"""Invariants of the whole computation (reference/evaluation.md §14) on random rounds."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyeopchi.evaluations import compute, engine
from tests.support.evaluations import example_specs

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
                ratings.append(compute.Rating("expert", f"E{rater}", target.key, indicator, Decimal(draw(levels))))
        for indicator, panel in (("I3", "citizen"), ("I5", "citizen"), ("I5", "online")):
            ratings.append(compute.Rating(panel, panel[0].upper(), target.key, indicator, Decimal(draw(likert))))
        for indicator in ("I2", "I4"):
            ratings.append(compute.Rating("data", "data", target.key, indicator, Decimal(draw(percent))))
    return ratings


def results(ratings: list[compute.Rating]) -> dict[str, Any]:
    targets: dict[str, Any] = compute.compute(FRAMEWORK, RULES, TARGETS, ratings).payload()["targets"]
    return targets


@settings(max_examples=40, deadline=None)
@given(rounds(), st.randoms(use_true_random=False))
def test_renaming_and_reordering_raters_changes_no_result(ratings: list[compute.Rating], rng: random.Random) -> None:
    names = [f"E{n}" for n in range(1, 6)]
    renamed = dict(zip(names, rng.sample([f"X{n}" for n in range(10)], 5), strict=True))
    shuffled = [r._replace(evaluator=renamed.get(r.evaluator, r.evaluator)) for r in ratings]
    rng.shuffle(shuffled)
    assert results(shuffled) == results(ratings)


@settings(max_examples=40, deadline=None)
@given(rounds(), st.integers(min_value=0, max_value=10**6))
def test_raising_one_rating_never_lowers_the_total(ratings: list[compute.Rating], pick: int) -> None:
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
        assert {"type": "INCENTIVES_UNALLOCATED", "group": "", "pool": 100_000_000} in outcome.events


def _grouped(groups: list[str], small_groups: str = "") -> compute.Outcome:
    rules = dict(RULES_SPEC)
    rules["grading"] = dict(rules["grading"], small_groups=small_groups, thresholds=[80, 60])
    targets = [compute.TargetInput(key=t.key, name=t.name, group=g) for t, g in zip(TARGETS, groups, strict=True)]
    ratings = []
    for n, target in enumerate(TARGETS):
        level = Decimal(1 + n % 5)
        for rater in range(1, 6):
            ratings += [compute.Rating("expert", f"E{rater}", target.key, i, level) for i in ("I1", "I3")]
        ratings += [
            compute.Rating(p, p, target.key, i, Decimal(4 + n % 3))
            for i, p in (("I3", "citizen"), ("I5", "citizen"), ("I5", "online"))
        ]
        ratings += [compute.Rating("data", "data", target.key, i, Decimal(50 + 8 * n)) for i in ("I2", "I4")]
    return compute.compute(FRAMEWORK, compute.parse_rules(rules, FRAMEWORK), targets, ratings)


def test_a_group_below_the_minimum_is_refused_merged_or_graded_by_cut_offs() -> None:
    groups = ["시", "시", "시", "시", "군", "군"]
    with pytest.raises(engine.EngineError) as caught:
        _grouped(groups)
    assert (caught.value.code, caught.value.params["place"], caught.value.params["value"]) == ("small_group", "군", "2")
    merged = _grouped(groups, "merge:시")
    assert {"type": "GROUP_MERGED", "group": "군", "into": "시"} in merged.events
    assert [merged.targets[k].group_size for k in sorted(merged.targets)] == [6] * 6
    assert sorted(t.rank for t in merged.targets.values()) == [1, 2, 3, 4, 5, 6]
    absolute = _grouped(groups, "absolute")
    got = {k: (str(t.total), t.group_size, t.grade) for k, t in absolute.targets.items()}
    # 군 (2 targets) by the cut-offs 80/60; 시 (4) by quota (1 우수) and T1 below the floor of 50
    assert got == {
        "T1": ("41.30", 4, "미흡"),
        "T2": ("55.90", 4, "보통"),
        "T3": ("70.50", 4, "우수"),
        "T4": ("67.10", 4, "보통"),
        "T5": ("81.70", 2, "우수"),
        "T6": ("67.30", 2, "보통"),
    }
