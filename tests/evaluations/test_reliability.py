"""Reliability and rater diagnostics on the worked example's I1 ratings (evaluation.md §13)."""

from __future__ import annotations

from hyeopchi.evaluations import reliability
from tests.support.worked_example import I1, TARGETS

RATINGS = {f"E{e + 1}": {t: float(I1[n][e]) for n, t in enumerate(TARGETS)} for e in range(5)}


def test_krippendorff_alpha_is_0_439_and_low():
    value = reliability.alpha(RATINGS)
    assert round(value, 3) == 0.439
    assert reliability.reliability_flag(value) == "LOW_RELIABILITY"


def test_e5_is_flagged_lenient_and_inconsistent_and_e3_is_harsh_but_consistent():
    checks = {c.rater: c for c in reliability.rater_checks(RATINGS)}
    assert (round(checks["E5"].deviation, 3), round(checks["E5"].consistency, 3), checks["E5"].flagged) == (
        0.958,
        0.366,
        True,
    )
    assert (round(checks["E3"].deviation, 3), round(checks["E3"].consistency, 3), checks["E3"].flagged) == (
        -0.917,
        0.933,
        False,
    )
