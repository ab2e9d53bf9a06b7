"""evaluation.md §13, reproduced to the last digit: totals, ranks, grades, ties and incentives."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from hyeopchi.evaluations import engine
from tests.support.worked_example import I1, I2, I3, I4, TARGETS, framework, indicator

FRAMEWORK = framework(
    [
        indicator("I1", "자율혁신", F(15), {"expert": F(1)}),
        indicator("I2", "자율혁신", F(15), {"data": F(1)}),
        indicator("I3", "참여·협력", F(20), {"expert": F(7, 10), "citizen": F(3, 10)}),
        indicator("I4", "참여·협력", F(20), {"data": F(1)}),
        indicator("I5", "국민체감", F(30), {"citizen": F(7, 10), "online": F(3, 10)}),
    ],
    bonus_cap=F(5),
)
CITIZEN_I3 = ["5.2", "5.8", "4.6", "4.0", "5.5", "3.7"]
CITIZEN_I5 = ["5.5", "5.9", "4.8", "4.1", "5.0", "3.9"]
ONLINE_I5 = ["5.0", "5.6", "5.1", "4.4", "5.3", "4.0"]


def _example_scores() -> dict[tuple[str, str, str], F | None]:
    scores: dict[tuple[str, str, str], F | None] = {}
    for n, t in enumerate(TARGETS):
        scores[(t, "I1", "expert")] = engine.trimmed_mean([engine.rubric_fraction(x) for x in I1[n]], k=1)
        scores[(t, "I3", "expert")] = engine.trimmed_mean([engine.rubric_fraction(x) for x in I3[n]], k=1)
        scores[(t, "I2", "data")] = engine.quantitative(F(I2[n]), F(0), F(100))
        scores[(t, "I4", "data")] = engine.quantitative(F(I4[n]), F(0), F(100))
        scores[(t, "I3", "citizen")] = engine.survey(F(CITIZEN_I3[n]), 7)
        scores[(t, "I5", "citizen")] = engine.survey(F(CITIZEN_I5[n]), 7)
        scores[(t, "I5", "online")] = engine.survey(F(ONLINE_I5[n]), 7)
    return scores


def example_results() -> dict[str, engine.TargetResult]:
    scores = _example_scores()
    return engine.totals(FRAMEWORK, scores, dict.fromkeys(TARGETS, "광역"), bonuses={"T2": F(1), "T5": F(1, 2)})


GRADING = engine.Grading(
    grades=["우수", "보통", "미흡"],
    cumulative_shares=[F(3, 10), F(9, 10), F(1)],
    rounding="half_up",
    min_total_first=Decimal(70),
    floor_total=Decimal(50),
)


def test_totals_and_points_match_the_table():
    results = example_results()
    table = {
        t: [str(engine.to_decimal(r.points[i])) for i in ("I1", "I2", "I3", "I4", "I5")] + [str(r.total)]
        for t, r in results.items()
    }
    assert table == {
        "T1": ["13.00", "13.80", "15.40", "16.00", "21.75", "79.95"],
        "T2": ["15.00", "13.20", "16.93", "18.00", "24.05", "88.18"],
        "T3": ["9.00", "11.25", "12.00", "14.00", "19.45", "65.70"],
        "T4": ["8.00", "9.00", "11.40", "11.00", "15.95", "55.35"],
        "T5": ["12.00", "14.25", "17.57", "17.00", "20.45", "81.77"],
        "T6": ["10.00", "10.50", "9.23", "13.00", "14.65", "57.38"],
    }


def test_ranks_grades_and_the_quota_counts():
    ranked = engine.rank(list(example_results().values()), tie_chain=["I5"])
    assert [(r, t.target) for r, t in ranked] == [(1, "T2"), (2, "T5"), (3, "T1"), (4, "T3"), (5, "T6"), (6, "T4")]
    assert engine.quota_counts(6, GRADING.cumulative_shares, "half_up") == [2, 5, 6]
    grades, events = engine.grade_relative(ranked, GRADING)
    assert grades == {"T2": "우수", "T5": "우수", "T1": "보통", "T3": "보통", "T6": "보통", "T4": "미흡"}
    assert events == []


@pytest.mark.parametrize(
    ("chain", "ties", "expected", "events"),
    [
        (["I5"], "inclusive", {"T1": "우수", "T5": "보통"}, []),
        ([], "inclusive", {"T1": "우수", "T5": "우수"}, ["QUOTA_TIE:우수"]),
        ([], "exclusive", {"T1": "보통", "T5": "보통"}, ["QUOTA_TIE:우수"]),
    ],
)
def test_a_tie_at_81_77_is_broken_by_i5_or_by_the_tie_rule(chain, ties, expected, events):
    results = example_results()
    results["T1"].bonus = F(8177, 100) - results["T1"].base  # T1 now totals 81.77 as well
    assert results["T1"].total == Decimal("81.77")
    grading = engine.Grading(**{**GRADING.__dict__, "ties": ties})
    grades, logged = engine.grade_relative(engine.rank(list(results.values()), tie_chain=chain), grading)
    assert ({t: grades[t] for t in ("T1", "T5")}, logged) == (expected, events)


def test_the_incentive_pool_is_split_to_the_won():
    amounts = engine.allocate(100_000_000, 10_000, [("T2", F(12, 10)), ("T5", F(1))])
    assert amounts == {"T2": 54_550_000, "T5": 45_450_000}
    assert sum(amounts.values()) == 100_000_000


def test_trimming_drops_exactly_one_value_per_side_even_when_tied():
    assert engine.trimmed_mean([F(5), F(5), F(4), F(5), F(5)], k=1) == F(5)
    assert engine.trimmed_mean([F(2), F(3), F(2), F(3), F(5)], k=1) == F(8, 3)
    assert engine.trimmed_mean([F(1), F(2), F(3), F(100)], k=2) == F(5, 2)  # median fallback
    assert engine.trimmed_mean([F(1), F(2)], k=1) is None


def test_bad_configuration_is_refused():
    with pytest.raises(engine.EngineError) as raised:
        framework([indicator("I1", "a", F(90), {"expert": F(1)})]).check()
    assert raised.value.code == "points_do_not_sum"
    with pytest.raises(engine.EngineError) as raised:
        engine.rubric_fraction(6, 5)
    assert raised.value.code == "rating_out_of_scale"


def test_absolute_cut_offs_use_greater_or_equal():
    cuts = [Decimal(90), Decimal(85), Decimal(80), Decimal(75)]
    grades = ["가", "나", "다", "라", "마"]
    assert [engine.grade_absolute(Decimal(v), cuts, grades) for v in ("90.00", "89.99", "75.00", "74.99")] == [
        "가",
        "나",
        "라",
        "마",
    ]


def test_the_2019_tier_table_pays_exactly_4_billion_and_a_smaller_pool_is_refused():
    grades = {f"A{i}": "최우수" for i in range(2)} | {f"B{i}": "우수" for i in range(9)}
    grades |= {f"C{i}": "장려" for i in range(51)}
    tiers = {"최우수": 275_000_000, "우수": 100_000_000, "장려": 50_000_000}
    assert sum(engine.fixed_tier_amounts(4_000_000_000, tiers, grades).values()) == 4_000_000_000
    with pytest.raises(engine.EngineError) as raised:
        engine.fixed_tier_amounts(3_900_000_000, tiers, grades)
    assert raised.value.code == "incentives_exceed_pool"


def test_improvement_awards_go_to_the_largest_gains_outside_the_best_grade():
    now = {
        "T1": Decimal("79.95"),
        "T3": Decimal("65.70"),
        "T4": Decimal("55.35"),
        "T6": Decimal("57.38"),
        "T2": Decimal("88.18"),
    }
    before = {"T1": Decimal("70.00"), "T3": Decimal("60.70"), "T4": Decimal("56.00"), "T2": Decimal("60.00")}
    grades = {"T1": "보통", "T3": "보통", "T4": "미흡", "T6": "보통", "T2": "우수"}
    assert engine.improvement_awards(now, before, grades, count=2, best_grade="우수") == ["T1", "T3"]


def test_standardising_a_complete_design_keeps_the_order():
    ratings = {f"E{e + 1}": {t: F(I1[n][e]) for n, t in enumerate(TARGETS)} for e in range(5)}
    standard, flagged = engine.standardize(ratings, low=F(0), high=F(10))  # unclipped, as §13 does
    trimmed = [engine.trimmed_mean([F(standard[e][t]) for e in standard], k=1) for t in TARGETS]
    assert [f"{float(v):.2f}" for v in trimmed] == ["4.52", "4.89", "2.84", "2.77", "3.86", "3.33"]
    assert flagged == []


def test_a_missing_online_panel_is_renormalised_and_a_missing_expert_panel_blocks():
    scores = {(t, i, p): v for (t, i, p), v in _example_scores().items() if not (t == "T1" and p == "online")}
    results = engine.totals(FRAMEWORK, scores, dict.fromkeys(TARGETS, "광역"), renormalise={"online"})
    assert str(engine.to_decimal(results["T1"].points["I5"])) == "22.50"  # citizen alone: 75 % of 30
    del scores[("T2", "I1", "expert")]
    with pytest.raises(engine.EngineError) as raised:
        engine.totals(FRAMEWORK, scores, dict.fromkeys(TARGETS, "광역"), renormalise={"online"})
    assert raised.value.code == "panel_incomplete"


def test_a_consensus_stays_within_the_ratings_unless_a_reason_is_given():
    ratings = [F(3, 5), F(4, 5), F(4, 5)]
    assert engine.consensus(ratings, F(4, 5)) == F(4, 5)
    with pytest.raises(engine.EngineError):
        engine.consensus(ratings, F(1))
    assert engine.consensus(ratings, F(1), override_reason="현장 확인 결과 반영") == F(1)
