"""A target below an indicator's minimum (과락) frees its seat, and the backfill option (§8.4)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from hyeopchi.evaluations import compute, engine

GRADES = ("우수", "보통", "미흡")


def result(target: str, total: str) -> engine.TargetResult:
    return engine.TargetResult(target=target, group="g", points={"X": Fraction(total)})


def grading(shares=(Fraction(1, 5), Fraction(4, 5), Fraction(1)), **options) -> engine.Grading:
    # By default one best-grade seat in five (20 %), three middle, one last.
    return engine.Grading(grades=GRADES, cumulative_shares=shares, **options)


def test_seats_are_counted_over_the_whole_group_when_some_are_left_out():
    ranked = engine.rank([result("B", "80"), result("C", "70"), result("D", "60"), result("E", "50")])

    grades, _events = engine.grade_relative(ranked, grading(), group_size=5)

    assert grades == {"B": "우수", "C": "보통", "D": "보통", "E": "보통"}


def test_a_best_total_below_the_minimum_leaves_the_seat_empty():
    ranked = engine.rank([result(t, v) for t, v in (("A", "68"), ("B", "66"), ("C", "65"), ("D", "60"), ("E", "50"))])

    grades, events = engine.grade_relative(ranked, grading(min_total_first=Decimal(70), backfill=True))

    # With or without backfill: nobody after A reaches 70 either.
    assert grades == {"A": "보통", "B": "보통", "C": "보통", "D": "보통", "E": "미흡"}
    assert events == []


def test_a_barred_target_leaves_its_seat_empty_without_backfill():
    ranked = engine.rank([result(t, v) for t, v in (("A", "90"), ("B", "85"), ("C", "80"), ("D", "60"), ("E", "50"))])

    grades, events = engine.grade_relative(ranked, grading(), barred={"A"})

    assert (grades["A"], grades["B"], events) == ("미흡", "보통", [])


def test_backfill_gives_a_barred_targets_seat_to_the_next_that_reaches_the_minimum():
    ranked = engine.rank([result(t, v) for t, v in (("A", "90"), ("B", "85"), ("C", "80"), ("D", "60"), ("E", "50"))])

    grades, events = engine.grade_relative(ranked, grading(min_total_first=Decimal(70), backfill=True), barred={"A"})

    assert grades == {"A": "미흡", "B": "우수", "C": "보통", "D": "보통", "E": "미흡"}
    assert events == ["BACKFILL:B"]


FRAMEWORK = compute.parse_framework(
    {
        "title": "과락 예시",
        "fields": [
            {
                "key": "F",
                "name": "성과",
                "points": 100,
                "indicators": [
                    {
                        "key": "Q",
                        "name": "정량",
                        "points": 70,
                        "mode": "quantitative",
                        "floor": 0,
                        "target": 100,
                        "panels": {"data": {"weight": "1"}},
                    },
                    {
                        "key": "J",
                        "name": "협업",
                        "points": 30,
                        "mode": "quantitative",
                        "floor": 0,
                        "target": 100,
                        "min_score": 40,
                        "panels": {"data": {"weight": "1"}},
                    },
                ],
            }
        ],
    }
)
TARGETS = [compute.TargetInput(key=k, name=k, group="g") for k in ("T1", "T2", "T3", "T4", "T5")]
# T1 has the best total (81.7) but only 39 % on J, below its 40 % minimum; then 80, 73, 66 and 59.
DATA = {"T1": (100, 39), "T2": (80, 80), "T3": (70, 80), "T4": (60, 80), "T5": (50, 80)}
RATINGS = [
    compute.Rating("data", "data", target, indicator, Decimal(value))
    for target, (q, j) in DATA.items()
    for indicator, value in (("Q", q), ("J", j))
]


def outcome(disqualified: str, **grading_options) -> compute.Outcome:
    rules = compute.parse_rules(
        {
            "grading": {
                "mode": "relative",
                "grades": list(GRADES),
                "shares": ["0.2", "0.6", "0.2"],
                "disqualified": disqualified,
                **grading_options,
            }
        },
        FRAMEWORK,
    )
    return compute.compute(FRAMEWORK, rules, TARGETS, RATINGS)


def test_a_disqualified_best_total_frees_the_first_grade_seat():
    result_ = outcome("unranked")
    grades = {k: (t.rank, t.grade) for k, t in result_.targets.items()}

    assert grades == {"T1": (5, "미흡"), "T2": (1, "우수"), "T3": (2, "보통"), "T4": (3, "보통"), "T5": (4, "보통")}
    assert {"type": "DISQUALIFIED_UNRANKED", "group": "g", "target": "T1"} in result_.events


def test_kept_ranked_the_disqualified_takes_the_seat_and_nobody_gets_the_grade():
    grades = {k: t.grade for k, t in outcome("ranked").targets.items()}

    assert grades == {"T1": "미흡", "T2": "보통", "T3": "보통", "T4": "보통", "T5": "미흡"}


def test_kept_ranked_with_backfill_the_seat_goes_to_the_next():
    result_ = outcome("ranked", backfill=True)

    assert {k: t.grade for k, t in result_.targets.items()} == {
        "T1": "미흡",
        "T2": "우수",
        "T3": "보통",
        "T4": "보통",
        "T5": "미흡",
    }
    assert {"type": "BACKFILL", "group": "g", "target": "T2"} in result_.events


def test_backfill_must_be_true_or_false():
    with pytest.raises(engine.EngineError) as error:
        outcome("ranked", backfill="sometimes")

    assert error.value.code == "not_a_flag"
