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


def alpha(ratings: Mapping[str, Mapping[str, float]], level: str = "interval") -> float:
    """Krippendorff's α over raters × targets; a missing rating is simply absent."""
    raters = sorted(ratings)
    targets = sorted({t for row in ratings.values() for t in row})
    matrix = np.array([[ratings[r].get(t, np.nan) for t in targets] for r in raters], dtype=float)
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
    """Leave-one-out deviation and consistency per rater; flag |d| > one step or ρ < 0.4."""
    checks = []
    for rater, own in sorted(ratings.items()):
        mine, others = [], []
        for target, value in own.items():
            rest = [row[target] for r, row in ratings.items() if r != rater and target in row]
            if rest:
                mine.append(value)
                others.append(sum(rest) / len(rest))
        if len(mine) < 2:
            continue
        deviation = sum(a - b for a, b in zip(mine, others, strict=True)) / len(mine)
        consistency = _pearson(mine, others)
        flagged = abs(deviation) > step or (not math.isnan(consistency) and consistency < min_consistency)
        checks.append(RaterCheck(rater, deviation, consistency, flagged))
    return checks


def _pearson(a: list[float], b: list[float]) -> float:
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True))
    var = math.sqrt(sum((x - mean_a) ** 2 for x in a) * sum((y - mean_b) ** 2 for y in b))
    return cov / var if var else math.nan
