"""Reliability of a panel and diagnostics of its raters (reference/evaluation.md §6).

Flags never change scores: excluding a rater is a person's logged decision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import krippendorff
import numpy as np

LOW_RELIABILITY, CAUTION = 0.667, 0.8


def panel_matrix(ratings: Mapping[str, Mapping[str, float]]) -> tuple[list[str], np.ndarray]:
    """The raters (sorted) and their raters × targets matrix (targets sorted), NaN where a rater did
    not rate a target; built from the ratings given, not from every cell."""
    raters = sorted(ratings)
    targets = sorted({t for row in ratings.values() for t in row})
    column = {t: n for n, t in enumerate(targets)}
    matrix = np.full((len(raters), len(targets)), np.nan)
    for r, rater in enumerate(raters):
        row = ratings[rater]
        matrix[r, [column[t] for t in row]] = list(row.values())
    return raters, matrix


def alpha(ratings: Mapping[str, Mapping[str, float]], level: str = "interval") -> float:
    """Krippendorff's α over raters × targets; a missing rating is simply absent."""
    return alpha_of(panel_matrix(ratings)[1], level)


def alpha_of(matrix: np.ndarray, level: str = "interval") -> float:
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def reliability_flag(value: float) -> str:
    if value < LOW_RELIABILITY:
        return "LOW_RELIABILITY"
    if value < CAUTION:
        return "CAUTION"
    return ""


@dataclass(frozen=True)
class RaterCheck:
    rater: str
    deviation: float  # mean of (own rating − mean of the others), in rating units
    consistency: float  # Pearson correlation with the others' mean
    flagged: bool


def rater_checks(
    ratings: Mapping[str, Mapping[str, float]], *, step: float = 1.0, min_consistency: float = 0.4
) -> list[RaterCheck]:
    """Leave-one-out deviation and consistency per rater; flag |d| > one step or ρ < 0.4.

    The others' mean of each rating comes from the target's column sum less the rating itself, over
    a raters × targets matrix: O(raters × targets) for the panel."""
    return rater_checks_of(*panel_matrix(ratings), step=step, min_consistency=min_consistency)


def rater_checks_of(
    raters: list[str], matrix: np.ndarray, *, step: float = 1.0, min_consistency: float = 0.4
) -> list[RaterCheck]:
    present = ~np.isnan(matrix)
    counts = present.sum(axis=0)
    values = np.where(present, matrix, 0.0)
    # Every rating beside the mean of the others who rated the same target, for all raters at once.
    usable = present & (counts > 1)
    others = np.where(usable, (values.sum(axis=0) - values) / np.maximum(counts - 1, 1), 0.0)
    n = usable.sum(axis=1)
    checks = []
    for r in np.flatnonzero(n >= 2):
        mine, theirs = values[r, usable[r]], others[r, usable[r]]
        deviation = float((mine - theirs).mean())
        a, b = mine - mine.mean(), theirs - theirs.mean()
        spread = math.sqrt(float((a * a).sum()) * float((b * b).sum()))
        consistency = float((a * b).sum()) / spread if spread else math.nan
        flagged = abs(deviation) > step or (not math.isnan(consistency) and consistency < min_consistency)
        checks.append(RaterCheck(raters[r], deviation, consistency, flagged))
    return checks


def _pearson(a: list[float], b: list[float]) -> float:
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var = math.sqrt(sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b))
    return cov / var if var else math.nan
