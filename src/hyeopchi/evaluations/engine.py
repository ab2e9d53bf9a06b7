"""The evaluation engine (reference/evaluation.md): numbers in, numbers out, no Django.

Scores are exact fractions until the total, the only rounded score (2 decimals, half up); ranks
and grades use the rounded total. Quota counts are computed exactly, money in whole units by the
largest remainder, so amounts add up to the pool.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping, Sequence, Set
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from hyeopchi.core.canonical import canonical_json

CENT = Decimal("0.01")


class EngineError(ValueError):
    """The configuration or the inputs cannot give a result; ``code`` says which rule."""

    def __init__(self, code: str, detail: str = "", **params: str) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params  # place, value …: what a translated message names


def to_decimal(value: Fraction, places: Decimal = CENT) -> Decimal:
    """Round an exact value once, half up (never Python's half-even ``round``)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places, ROUND_HALF_UP)


# -- indicator scoring (§2) ------------------------------------------------------------------------


def rubric_fraction(level: int, levels: int = 5) -> Fraction:
    """φ(ℓ) = ℓ/L by default: 5 levels give 0.2 … 1.0."""
    if not 1 <= level <= levels:
        raise EngineError("rating_out_of_scale", f"level {level} not in 1..{levels}")
    return Fraction(level, levels)


def quantitative(value: Fraction, floor: Fraction, target: Fraction, *, higher_is_better: bool = True) -> Fraction:
    """clamp((v − L)/(U − L), 0, 1), or its mirror when lower is better."""
    if floor == target:
        raise EngineError("bad_quantitative_range", "floor equals target")
    share = (value - floor) / (target - floor) if higher_is_better else (floor - value) / (floor - target)
    return min(max(share, Fraction(0)), Fraction(1))


def survey(mean: Fraction, points: int = 7) -> Fraction:
    """(m − 1)/(k − 1) on a k-point scale."""
    if not 1 <= mean <= points:
        raise EngineError("rating_out_of_scale", f"mean {mean} not in 1..{points}")
    return (mean - 1) / (points - 1)


def checklist(satisfied: Mapping[str, bool], weights: Mapping[str, Fraction]) -> Fraction:
    total = sum(weights.values(), Fraction(0))
    if total <= 0:
        raise EngineError("bad_checklist", "no item weights")
    return sum((w for key, w in weights.items() if satisfied.get(key)), Fraction(0)) / total


# -- aggregation inside one panel (§3) -------------------------------------------------------------


def trimmed_mean(values: Sequence[Fraction], k: int = 1) -> Fraction | None:
    """Drop exactly k values per side by position (ties at the extremes lose only k), mean the rest.

    Fewer than 2k + 1 values: the median for 3 or more, else None (the panel is incomplete).
    """
    ordered = sorted(values)
    n = len(ordered)
    if n >= 2 * k + 1:
        kept = ordered[k : n - k]
        return sum(kept, Fraction(0)) / len(kept)
    if n >= 3:
        middle = n // 2
        return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return None


def mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def consensus(values: Sequence[Fraction], agreed: Fraction, *, override_reason: str = "") -> Fraction:
    """집단평가: the chair's agreed score, within the individual ratings unless a reason is given."""
    if not values:
        raise EngineError("panel_incomplete", "no individual ratings behind the consensus")
    if not min(values) <= agreed <= max(values) and not override_reason.strip():
        raise EngineError(
            "consensus_outside_ratings", f"{agreed} not in [{min(values)}, {max(values)}]", value=str(agreed)
        )
    return agreed


# -- totals (§4) -----------------------------------------------------------------------------------


# The framework: fields, indicators and their rules per panel, bonus and penalty items. It is
# the one type both the engine and the reading of framework documents (compute) use.


@dataclass(frozen=True)
class PanelRule:
    weight: Fraction
    mode: str = "rubric"
    levels: int = 5
    level_fractions: tuple[Fraction, ...] = ()  # a rubric table other than ℓ/L
    descriptors: tuple[str, ...] = ()  # what each rubric level means, level 1 first (shown to raters)
    scale: int = 7
    maximum: Fraction = Fraction(100)
    floor: Fraction = Fraction(0)
    target: Fraction = Fraction(100)
    higher_is_better: bool = True
    items: int = 1
    aggregation: str = "trimmed"
    trim: int = 1
    trim_share: Fraction | None = None  # surveys: a share per side instead of k
    min_raters: int = 1
    # A rater may answer "not applicable" instead of a rating: they are left out of the cell.
    not_applicable: bool = False

    def check(self, value: Decimal, place: str) -> None:
        """Refuse a rating outside the scale of this indicator and panel."""
        bad = False
        if self.mode == "rubric":
            bad = value != value.to_integral_value() or not 1 <= value <= self.levels
            low, high = Decimal(1), Decimal(self.levels)
        elif self.mode == "survey":
            bad = not 1 <= value <= self.scale
            low, high = Decimal(1), Decimal(self.scale)
        elif self.mode == "points":
            high = Decimal(self.maximum.numerator) / Decimal(self.maximum.denominator)
            low = Decimal(0)
            bad = not 0 <= value <= high
        elif self.mode == "checklist":
            low, high = Decimal(0), Decimal(self.items)
            bad = value != value.to_integral_value() or not 0 <= value <= self.items
        else:
            return
        if bad:
            raise EngineError(
                "rating_out_of_scale",
                f"{place}: {value} not in {low}..{high}",
                place=place,
                value=str(value),
                low=str(low),
                high=str(high),
            )

    def linear(self) -> bool:
        return self.mode != "quantitative" and not self.level_fractions

    def normalise(self, value: Fraction) -> Fraction:
        if self.mode == "rubric":
            if self.level_fractions:
                return self.level_fractions[int(value) - 1]
            return value / self.levels
        if self.mode == "survey":
            return (value - 1) / (self.scale - 1)
        if self.mode == "points":
            return value / self.maximum
        if self.mode == "checklist":
            return value / self.items
        return quantitative(value, self.floor, self.target, higher_is_better=self.higher_is_better)


@dataclass(frozen=True)
class Indicator:
    key: str
    field: str
    name: str
    name_en: str
    points: Fraction
    mode: str
    panels: Mapping[str, PanelRule]
    min_score: Fraction | None = None  # 과락: below this share (0–100 %) the target is disqualified
    bands: tuple[tuple[str, Fraction], ...] = ()  # display bands on the score in %, best first


@dataclass(frozen=True)
class Field:
    key: str
    name: str
    name_en: str
    points: Fraction


@dataclass(frozen=True)
class Extra:
    key: str
    name: str
    cap: Fraction


@dataclass(frozen=True)
class Framework:
    title: str
    fields: tuple[Field, ...]
    indicators: tuple[Indicator, ...]
    bonuses: tuple[Extra, ...] = ()
    bonus_cap: Fraction = Fraction(0)
    penalties: tuple[Extra, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def check(self) -> None:
        """Points sum to 100 and each indicator's panel weights to 1, exactly."""
        total = sum((i.points for i in self.indicators), Fraction(0))
        if total != 100:
            raise EngineError("points_do_not_sum", f"indicators sum to {total}, not 100")
        for indicator in self.indicators:
            weights = sum((rule.weight for rule in indicator.panels.values()), Fraction(0))
            if weights != 1:
                raise EngineError("panel_weights_do_not_sum", f"{indicator.key}: {weights}")

    def indicator(self, key: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        raise EngineError("unknown_indicator", key, place=key, value=key)

    @property
    def hash(self) -> str:
        return hashlib.sha256(canonical_json(self.spec).encode()).hexdigest()


@dataclass
class TargetResult:
    target: str
    group: str
    scores: dict[str, Fraction] = field(default_factory=dict)  # s_{t,i} in [0, 1]
    points: dict[str, Fraction] = field(default_factory=dict)  # P_{t,i}
    bonus: Fraction = Fraction(0)
    penalty: Fraction = Fraction(0)
    subtotals: dict[str, Fraction] = field(default_factory=dict)  # per field, for tie chains

    @property
    def base(self) -> Fraction:
        return sum(self.points.values(), Fraction(0))

    @property
    def total(self) -> Decimal:
        return to_decimal(self.base + self.bonus - self.penalty)


def totals(
    framework: Framework,
    panel_scores: Mapping[tuple[str, str, str], Fraction | None],
    groups: Mapping[str, str],
    *,
    bonuses: Mapping[str, Fraction] | None = None,
    penalties: Mapping[str, Fraction] | None = None,
    renormalise: Set[str] = frozenset(),
) -> dict[str, TargetResult]:
    """Every target's indicator scores and points from ``panel_scores[(target, indicator, panel)]``.

    A missing or incomplete panel score blocks the result (EngineError ``panel_incomplete``),
    unless its panel is in ``renormalise`` (online public, by default): then that panel is left out
    for that target and indicator, and the other panels' weights are rescaled to sum to 1.
    """
    framework.check()
    results = {}
    for target, group in groups.items():
        result = TargetResult(target, group)
        for indicator in framework.indicators:
            present = {}
            for panel, rule in indicator.panels.items():
                weight = rule.weight
                value = panel_scores.get((target, indicator.key, panel))
                if value is not None:
                    present[panel] = (weight, value)
                elif panel not in renormalise:
                    raise EngineError(
                        "panel_incomplete",
                        f"{target} {indicator.key} {panel}",
                        place=f"{target}/{indicator.key}/{panel}",
                    )
            if len(present) == 1 and len(indicator.panels) == 1:
                score = next(iter(present.values()))[1]  # one panel of weight 1: its own score
            else:
                kept = sum((w for w, _ in present.values()), Fraction(0))
                if kept == 0:
                    raise EngineError("panel_incomplete", f"{target} {indicator.key}: no panel left")
                score = sum((w * v for w, v in present.values()), Fraction(0)) / kept
            result.scores[indicator.key] = score
            result.points[indicator.key] = indicator.points * score
        result.bonus = min((bonuses or {}).get(target, Fraction(0)), framework.bonus_cap)
        result.penalty = (penalties or {}).get(target, Fraction(0))
        results[target] = result
    return results


# -- ranking and grading (§8) ----------------------------------------------------------------------


def rank(results: Sequence[TargetResult], tie_chain: Sequence[str] = ()) -> list[tuple[int, TargetResult]]:
    """Competition ranks by rounded total, then by the points of the indicators or fields in
    ``tie_chain`` (rounded the same way); equal on every key means the same rank."""

    def points(result: TargetResult, key: str) -> Decimal:
        value = result.points[key] if key in result.points else result.subtotals[key]
        return to_decimal(value)

    def key(result: TargetResult) -> tuple[Decimal, ...]:
        return (result.total, *(points(result, k) for k in tie_chain))

    keys = {result.target: key(result) for result in results}
    ordered = sorted(results, key=lambda r: (tuple(-v for v in keys[r.target]), r.target))
    ranked: list[tuple[int, TargetResult]] = []
    for position, result in enumerate(ordered, start=1):
        if ranked and keys[ranked[-1][1].target] == keys[result.target]:
            ranked.append((ranked[-1][0], result))
        else:
            ranked.append((position, result))
    return ranked


ROUNDING = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}


def quota_counts(n: int, cumulative_shares: Sequence[Fraction], rounding: str = "half_up") -> list[int]:
    """N_k = R(n · π_k), computed exactly; the last is n."""
    if cumulative_shares[-1] != 1 or list(cumulative_shares) != sorted(cumulative_shares):
        raise EngineError("bad_quota_shares", "cumulative shares must rise to 1")
    counts = []
    for share in cumulative_shares:
        exact = Fraction(n) * share
        counts.append(
            int((Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1), ROUNDING[rounding]))
        )
    counts[-1] = n
    return counts


@dataclass(frozen=True)
class Grading:
    grades: Sequence[str]  # best first
    cumulative_shares: Sequence[Fraction]
    rounding: str = "half_up"
    ties: str = "inclusive"  # or "exclusive"
    min_total_first: Decimal | None = None
    floor_total: Decimal | None = None
    fixed_counts: Sequence[int] | None = None  # cumulative seats instead of shares
    # §8.4: a best-grade seat left by a target that cannot hold it (below ``min_total_first``, or
    # disqualified but kept ranked) goes to the next target in rank order that can (off by default:
    # the seat stays empty).
    backfill: bool = False


def grade_counts(n: int, grading: Grading) -> list[int]:
    """Cumulative seats per grade for a group of n: fixed counts (capped at n) or quotas."""
    if grading.fixed_counts is not None:
        counts = [min(c, n) for c in grading.fixed_counts]
        counts[-1] = n
        return counts
    return quota_counts(n, grading.cumulative_shares, grading.rounding)


def grade_relative(
    ranked: Sequence[tuple[int, TargetResult]],
    grading: Grading,
    *,
    group_size: int | None = None,
    barred: Collection[str] = (),
) -> tuple[dict[str, str], list[str]]:
    """Grades by quota within one group, ties across a boundary by the tie rule, then the guards.

    The seats are counted over ``group_size`` (by default, the targets ranked): targets left out of
    the ranking (disqualified, 과락) still count in the group's size, so their seats go to the next
    ones ranked. ``barred`` targets (disqualified but kept ranked) take their seat without holding
    it; with ``backfill`` it goes to the next one. Under a ranking by total nobody after a target
    below ``min_total_first`` reaches it, so backfill matters for the barred.

    Returns the grades and the events (``QUOTA_TIE:<grade>``, ``BACKFILL:<target>``) the log must
    record.
    """
    counts = grade_counts(len(ranked) if group_size is None else group_size, grading)
    tied: dict[int, int] = {}
    for rank_value, _result in ranked:
        tied[rank_value] = tied.get(rank_value, 0) + 1
    levels: dict[str, int] = {}
    events: list[str] = []
    last = len(grading.grades) - 1
    vacated = 0
    for rank_value, result in ranked:
        level = next(k for k, n_k in enumerate(counts) if rank_value <= n_k)
        if rank_value + tied[rank_value] - 1 > counts[level] and level < last:
            event = f"QUOTA_TIE:{grading.grades[level]}"
            if event not in events:
                events.append(event)
            if grading.ties == "exclusive":
                level += 1
        if level == 0 and (result.target in barred or not _reaches_first(result, grading)):
            level = 1 if result.target not in barred else last
            vacated += 1
        if grading.floor_total is not None and result.total < grading.floor_total:
            level = last
        levels[result.target] = level
    if grading.backfill:
        for _rank_value, result in ranked:
            if (
                vacated
                and levels[result.target] == 1
                and result.target not in barred
                and _reaches_first(result, grading)
            ):
                levels[result.target] = 0
                vacated -= 1
                events.append(f"BACKFILL:{result.target}")
    return {target: grading.grades[level] for target, level in levels.items()}, events


def _reaches_first(result: TargetResult, grading: Grading) -> bool:
    return grading.min_total_first is None or result.total >= grading.min_total_first


def grade_absolute(total: Decimal, thresholds: Sequence[Decimal], grades: Sequence[str]) -> str:
    """The first grade whose threshold the total reaches (≥), else the last."""
    for threshold, grade in zip(thresholds, grades, strict=False):
        if total >= threshold:
            return grade
    return grades[-1]


# -- incentives (§9) -------------------------------------------------------------------------------


def allocate(pool: int, unit: int, weights: Sequence[tuple[str, Fraction]]) -> dict[str, int]:
    """Split ``pool`` in whole ``unit``s in proportion to ``weights`` (best rank first), by the
    largest remainder; leftover units go to the largest fractional parts, ties to the better rank.
    The amounts add up to the pool exactly."""
    if pool % unit:
        raise EngineError("pool_not_in_units", f"{pool} is not a multiple of {unit}")
    total_weight = sum((w for _, w in weights), Fraction(0))
    if total_weight <= 0:
        raise EngineError("no_weight", "nobody is eligible")
    units = pool // unit
    quotas = [(target, Fraction(units) * w / total_weight) for target, w in weights]
    floors = {target: math.floor(q) for target, q in quotas}
    leftover = units - sum(floors.values())
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(quotas[i][1] - floors[quotas[i][0]]), i))
    for i in by_remainder[:leftover]:
        floors[quotas[i][0]] += 1
    return {target: count * unit for target, count in floors.items()}


def fixed_tier_amounts(pool: int, tiers: Mapping[str, int], grades: Mapping[str, str]) -> dict[str, int]:
    """Fixed amounts per grade (2019 style); a table that pays more than the pool is refused."""
    amounts = {target: tiers.get(grade, 0) for target, grade in grades.items()}
    if sum(amounts.values()) > pool:
        paid = sum(amounts.values())
        raise EngineError("incentives_exceed_pool", f"{paid} > {pool}", value=f"{paid:,}", place=f"{pool:,}")
    return amounts


def improvement_awards(
    totals_now: Mapping[str, Decimal],
    totals_before: Mapping[str, Decimal],
    grades: Mapping[str, str],
    *,
    count: int,
    best_grade: str,
) -> list[str]:
    """The ``count`` largest improvements Δ = now − before among targets not graded best.

    A target without a previous total cannot be measured and is not eligible; equal Δ keep the
    better current total first, then the target id.
    """
    eligible = [t for t in totals_now if t in totals_before and grades.get(t) != best_grade]
    ordered = sorted(eligible, key=lambda t: (-(totals_now[t] - totals_before[t]), -totals_now[t], t))
    return [t for t in ordered[:count] if totals_now[t] - totals_before[t] > 0]


def standardize(
    ratings: Mapping[str, Mapping[str, Fraction]],
    *,
    low: Fraction = Fraction(0),
    high: Fraction = Fraction(1),
    min_ratings: int = 5,
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Per-rater standardisation onto the panel's scale: x' = μ_p + σ_p (x − μ_e)/σ_e, clipped.

    Standard deviations use n − 1. A rater with fewer than ``min_ratings`` ratings or no spread
    keeps the raw values and is returned in the second list (flagged). Floats here: the values
    are a diagnostic or feed a rounded total, and square roots are not exact anyway.
    """
    everything = [float(v) for row in ratings.values() for v in row.values()]
    mu_p, sigma_p = _mean_sd(everything)
    result: dict[str, dict[str, float]] = {}
    flagged = []
    for rater, row in ratings.items():
        values = [float(v) for v in row.values()]
        mu_e, sigma_e = _mean_sd(values)
        if len(values) < min_ratings or sigma_e == 0:
            result[rater] = {t: float(v) for t, v in row.items()}
            flagged.append(rater)
            continue
        result[rater] = {
            t: min(max(mu_p + sigma_p * (float(v) - mu_e) / sigma_e, float(low)), float(high)) for t, v in row.items()
        }
    return result, sorted(flagged)


def _mean_sd(values: Sequence[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    average = sum(values) / len(values)
    if len(values) < 2:
        return average, 0.0
    return average, math.sqrt(sum((v - average) ** 2 for v in values) / (len(values) - 1))
