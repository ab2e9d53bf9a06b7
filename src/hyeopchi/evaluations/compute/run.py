"""One computation: targets, ratings and figures in, every number out, with the input and output
hashes. Raw ratings stay ``Decimal`` until a cell is aggregated; from there on values are exact
fractions, and only the total is rounded (2 decimals, half up)."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from hyeopchi.core.canonical import canonical_json
from hyeopchi.evaluations import engine
from hyeopchi.evaluations.compute.framework import fraction_text
from hyeopchi.evaluations.compute.rules import Rules
from hyeopchi.evaluations.engine import EngineError, Framework, PanelRule

ENGINE_VERSION = "1"


@dataclass(frozen=True)
class TargetInput:
    key: str
    name: str
    group: str
    size_factor: Fraction = Fraction(1)
    previous_total: Decimal | None = None
    extras: Mapping[str, Fraction] = field(default_factory=dict)  # bonus and penalty items


class Rating(NamedTuple):
    """One rating; a tuple, since a national round has hundreds of thousands."""

    panel: str
    evaluator: str
    target: str
    indicator: str
    value: Decimal


@dataclass(frozen=True)
class Consensus:
    value: Decimal
    reason: str
    override_reason: str = ""


@dataclass
class TargetOutcome:
    key: str
    name: str
    group: str
    scores: dict[str, Fraction]
    points: dict[str, Fraction]
    panel_scores: dict[str, dict[str, Fraction | None]]
    subtotals: dict[str, Fraction]
    bonus: Fraction
    penalty: Fraction
    total: Decimal
    rank: int = 0
    group_size: int = 0
    grade: str = ""
    disqualified: list[str] = field(default_factory=list)
    held_harmless: bool = False
    amount: int = 0
    improvement: bool = False
    bands: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    targets: dict[str, TargetOutcome]
    events: list[dict[str, Any]]
    framework_hash: str
    input_hash: str

    def payload(self) -> dict[str, Any]:
        """Every number, in canonical form: the thing whose hash the log records."""
        return {
            "engine": ENGINE_VERSION,
            "framework": self.framework_hash,
            "input": self.input_hash,
            "events": self.events,
            "targets": {
                key: {
                    "name": t.name,
                    "group": t.group,
                    "scores": {k: fraction_text(v) for k, v in t.scores.items()},
                    "points": {k: fraction_text(v) for k, v in t.points.items()},
                    "panels": {
                        k: {p: None if v is None else fraction_text(v) for p, v in row.items()}
                        for k, row in t.panel_scores.items()
                    },
                    "subtotals": {k: fraction_text(v) for k, v in t.subtotals.items()},
                    "bonus": fraction_text(t.bonus),
                    "penalty": fraction_text(t.penalty),
                    "total": str(t.total),
                    "rank": t.rank,
                    "group_size": t.group_size,
                    "grade": t.grade,
                    "disqualified": t.disqualified,
                    "held_harmless": t.held_harmless,
                    "amount": t.amount,
                    "improvement": t.improvement,
                    "bands": t.bands,
                }
                for key, t in sorted(self.targets.items())
            },
        }

    @property
    def output_hash(self) -> str:
        return payload_hash(self.payload())


@functools.lru_cache(maxsize=4096)
def decimal_text(value: Decimal) -> str:
    """One text per number: 80, 80.0 and 8E+1 are all "80" (equal Decimals share a cache entry)."""
    return format(value.normalize(), "f")


def rating_lines(ratings: Iterable[Rating]) -> list[str]:
    """The ratings in canonical form: one "panel␟evaluator␟target␟indicator␟value" line each, sorted."""
    return sorted(
        f"{r.panel}\x1f{r.evaluator}\x1f{r.target}\x1f{r.indicator}\x1f{decimal_text(r.value)}" for r in ratings
    )


def payload_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def input_payload(
    targets: Sequence[TargetInput],
    ratings: Iterable[Rating],
    consensus: Mapping[tuple[str, str, str], Consensus],
    floors: Mapping[str, str],
) -> dict[str, Any]:
    return {
        "targets": [
            [
                t.key,
                t.name,
                t.group,
                fraction_text(t.size_factor),
                None if t.previous_total is None else decimal_text(t.previous_total),
                {k: fraction_text(v) for k, v in sorted(t.extras.items())},
            ]
            for t in sorted(targets, key=lambda t: t.key)
        ],
        "ratings": rating_lines(ratings),
        "consensus": sorted(
            [*cell, decimal_text(c.value), c.reason, c.override_reason] for cell, c in consensus.items()
        ),
        "floors": dict(sorted(floors.items())),
    }


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector: a run makes only acyclic objects, and with hundreds of
    thousands of them the collector's repeated full passes would make the time grow faster than
    the input. Used as a context manager or as a decorator."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@paused_collector()
def compute(
    framework: Framework,
    rules: Rules,
    targets: Sequence[TargetInput],
    ratings: Sequence[Rating],
    *,
    consensus: Mapping[tuple[str, str, str], Consensus] | None = None,
    floors: Mapping[str, str] | None = None,
) -> Outcome:
    """The whole pipeline: cells → indicator points → totals → ranks and grades per group →
    guards, 과락 and hold-harmless floors → incentives. ``floors`` maps a target to the grade it
    may not fall below (hold-harmless after an appeal)."""
    consensus = consensus or {}
    floors = floors or {}
    by_key = {t.key: t for t in targets}
    rules_by_cell = {(i.key, panel): rule for i in framework.indicators for panel, rule in i.panels.items()}
    standardising = {key for key, panel in rules.panels.items() if panel.standardize}
    cells: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    by_rater: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    checked: set[tuple[str, str, Decimal]] = set()
    for rating in ratings:
        panel_key, rater, code, key, value = rating
        if code not in by_key:
            raise EngineError("unknown_target", code, place=code, value=code)
        if (key, panel_key, value) not in checked:
            rule = rules_by_cell.get((key, panel_key))
            if rule is None:
                framework.indicator(key)  # an unknown indicator is named first
                raise EngineError(
                    "panel_not_on_indicator", f"{key} {panel_key}", place=f"{code}/{key}", value=panel_key
                )
            rule.check(value, f"{code}/{key}/{panel_key}/{rater}")
            checked.add((key, panel_key, value))
        cells[(code, key, panel_key)].append(value)
        if panel_key in standardising:
            by_rater[(panel_key, rater)].append((code, key, value))
    standardised = _standardised(framework, rules, by_rater)
    panel_scores: dict[tuple[str, str, str], Fraction | None] = {}
    incomplete: list[str] = []
    for target in targets:
        for indicator in framework.indicators:
            for panel, rule in indicator.panels.items():
                cell = (target.key, indicator.key, panel)
                if cell in standardised:
                    values = standardised[cell]
                    score = _aggregate_normalised(values, rule)
                else:
                    score = _aggregate(cells.get(cell, []), rule, consensus.get(cell), cell)
                panel_scores[cell] = score
                if score is None and rules.panels[panel].incomplete == "block":
                    incomplete.append("/".join(cell))
    if incomplete:
        raise EngineError(
            "panel_incomplete",
            ", ".join(incomplete[:5]),
            place=", ".join(incomplete[:5]) + (f" … (+{len(incomplete) - 5})" if len(incomplete) > 5 else ""),
            value=str(len(incomplete)),
        )
    bonus_keys = {b.key: b.cap for b in framework.bonuses}
    penalty_keys = {d.key: d.cap for d in framework.penalties}
    bonuses = {
        t.key: sum((min(t.extras.get(k, Fraction(0)), cap) for k, cap in bonus_keys.items()), Fraction(0))
        for t in targets
    }
    penalties = {
        t.key: sum((min(t.extras.get(k, Fraction(0)), cap) for k, cap in penalty_keys.items()), Fraction(0))
        for t in targets
    }
    renormalise = {k for k, p in rules.panels.items() if p.incomplete == "renormalise"}
    results = engine.totals(
        framework,
        panel_scores,
        {t.key: t.group for t in targets},
        bonuses=bonuses,
        penalties=penalties,
        renormalise=renormalise,
    )
    events: list[dict[str, Any]] = []
    outcomes: dict[str, TargetOutcome] = {}
    for key, result in results.items():
        for f in framework.fields:
            result.subtotals[f.key] = sum(
                (result.points[i.key] for i in framework.indicators if i.field == f.key), Fraction(0)
            )
        outcome = TargetOutcome(
            key=key,
            name=by_key[key].name,
            group=result.group,
            scores=result.scores,
            points=result.points,
            panel_scores={i.key: {p: panel_scores[(key, i.key, p)] for p in i.panels} for i in framework.indicators},
            subtotals=result.subtotals,
            bonus=result.bonus,
            penalty=result.penalty,
            total=result.total,
        )
        for indicator in framework.indicators:
            if indicator.min_score is None and not indicator.bands:
                continue
            percent = result.scores[indicator.key] * 100
            if indicator.min_score is not None and percent < indicator.min_score:
                outcome.disqualified.append(indicator.key)
            for label, minimum in indicator.bands:
                if percent >= minimum:
                    outcome.bands[indicator.key] = label
                    break
        outcomes[key] = outcome
    _grade(rules, results, outcomes, events, floors)
    _incentives_for(rules, outcomes, by_key, events)
    return Outcome(
        targets=outcomes,
        events=events,
        framework_hash=framework.hash,
        input_hash=payload_hash(input_payload(targets, ratings, consensus, floors)),
    )


def _aggregate(
    values: list[Decimal], rule: PanelRule, agreed: Consensus | None, cell: tuple[str, str, str]
) -> Fraction | None:
    n = len(values)
    if n < rule.min_raters or n == 0:
        return None
    if rule.aggregation == "consensus":
        if agreed is None:
            return None
        exact = [Fraction(v) for v in values]
        return rule.normalise(engine.consensus(exact, Fraction(agreed.value), override_reason=agreed.override_reason))
    if not rule.linear():
        return _aggregate_normalised([rule.normalise(Fraction(v)) for v in values], rule)
    ordered = sorted(values)
    if rule.mode == "rubric" and rule.aggregation == "trimmed" and rule.trim_share is None:
        # The common case, in integers: (sum of the kept levels) / (count · levels).
        k = rule.trim
        if n >= 2 * k + 1:
            numerator, denominator = sum(ordered[k : n - k]).as_integer_ratio()
            return Fraction(numerator, denominator * (n - 2 * k) * rule.levels)
    raw = _central(ordered, rule)
    return None if raw is None else rule.normalise(raw)


def _median(ordered: Sequence[Any]) -> Fraction:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle]) / 2


def _central(ordered: Sequence[Any], rule: PanelRule) -> Fraction | None:
    """Trimmed mean, mean or median of sorted values (Decimal or Fraction), exactly. A trimmed
    mean needs n ≥ 2k + 1; with fewer values the median stands in from 3 values on."""
    n = len(ordered)
    if rule.aggregation == "mean":
        return Fraction(sum(ordered)) / n
    if rule.aggregation == "median":
        return _median(ordered)
    k = rule.trim if rule.trim_share is None else math.floor(n * rule.trim_share)
    if n >= 2 * k + 1:
        kept = ordered[k : n - k]
        return Fraction(sum(kept)) / len(kept)
    return _median(ordered) if n >= 3 else None


def _aggregate_normalised(values: list[Fraction], rule: PanelRule) -> Fraction | None:
    if len(values) < rule.min_raters or not values:
        return None
    return _central(sorted(values), rule)


def _standardised(
    framework: Framework, rules: Rules, by_rater: Mapping[tuple[str, str], list[tuple[str, str, Decimal]]]
) -> dict[tuple[str, str, str], list[Fraction]]:
    """Per-rater standardisation (§3.2) for panels that ask for it, on normalised values."""
    cells: dict[tuple[str, str, str], list[Fraction]] = defaultdict(list)
    panels = {panel for panel, _ in by_rater}
    for panel in panels:
        normalised: dict[str, dict[str, Fraction]] = {}
        for (p, rater), rows in by_rater.items():
            if p != panel:
                continue
            normalised[rater] = {
                f"{target}\x1f{indicator}": framework.indicator(indicator).panels[panel].normalise(Fraction(value))
                for target, indicator, value in rows
            }
        values, _flagged = engine.standardize(normalised)
        for row in values.values():
            for cell_key, value in row.items():
                target, indicator = cell_key.split("\x1f")
                cells[(target, indicator, panel)].append(Fraction(value))
    return cells


def _grade(
    rules: Rules,
    results: Mapping[str, engine.TargetResult],
    outcomes: dict[str, TargetOutcome],
    events: list[dict[str, Any]],
    floors: Mapping[str, str],
) -> None:
    grades = list(rules.grading.grades)
    groups: dict[str, list[engine.TargetResult]] = defaultdict(list)
    for result in results.values():
        groups[result.group].append(result)
    absolute_groups: set[str] = set()
    if rules.grading_mode == "relative":
        for group, members in sorted(groups.items()):
            if len(members) >= rules.group_min:
                continue
            if rules.small_groups == "absolute":
                absolute_groups.add(group)
            elif rules.small_groups.startswith("merge:") and rules.small_groups[6:] in groups:
                into = rules.small_groups[6:]
                if into != group:
                    groups[into].extend(groups.pop(group))
                    events.append({"type": "GROUP_MERGED", "group": group, "into": into})
            else:
                raise EngineError(
                    "small_group", group, place=group, value=str(len(members)), expected=str(rules.group_min)
                )
    for group, members in sorted(groups.items()):
        relative = rules.grading_mode == "relative" and group not in absolute_groups
        if relative and rules.disqualified == "unranked":
            # 과락: the disqualified are ranked after the rest, and their seats go to the next ones.
            eligible = [m for m in members if not outcomes[m.target].disqualified]
            left_out = [m for m in members if outcomes[m.target].disqualified]
            ranked = engine.rank(eligible, rules.tie_chain)
            ranked += [(len(eligible) + r, result) for r, result in engine.rank(left_out, rules.tie_chain)]
            for result in left_out:
                events.append({"type": "DISQUALIFIED_UNRANKED", "group": group, "target": result.target})
        else:
            ranked = engine.rank(members, rules.tie_chain)
        if relative:
            disqualified = {m.target for m in members if outcomes[m.target].disqualified}
            kept = rules.disqualified == "ranked"
            assigned, grade_events = engine.grade_relative(
                ranked if kept else [(r, m) for r, m in ranked if m.target not in disqualified],
                rules.grading,
                group_size=len(members),
                barred=disqualified if kept else (),
            )
            for event in grade_events:
                kind, value = event.split(":", 1)
                if kind == "QUOTA_TIE":
                    events.append({"type": "QUOTA_TIE", "group": group, "grade": value})
                else:
                    events.append({"type": "BACKFILL", "group": group, "target": value})
        else:
            assigned = {r.target: engine.grade_absolute(r.total, rules.thresholds, grades) for _, r in ranked}
        for rank_value, result in ranked:
            outcome = outcomes[result.target]
            outcome.rank = rank_value
            outcome.group_size = len(members)
            outcome.grade = grades[-1] if outcome.disqualified else assigned[result.target]
            floor = floors.get(result.target)
            if floor in grades and grades.index(floor) < grades.index(outcome.grade):
                outcome.grade = floor
                outcome.held_harmless = True
                events.append({"type": "HOLD_HARMLESS", "group": group, "target": result.target, "grade": floor})
        if rules.grading_mode == "relative" and any(outcomes[r.target].held_harmless for _, r in ranked):
            counts = engine.grade_counts(len(members), rules.grading)
            for index, grade in enumerate(grades[:-1]):
                given = sum(1 for _, r in ranked if grades.index(outcomes[r.target].grade) <= index)
                if given > counts[index]:
                    events.append({"type": "QUOTA_EXCEEDED", "group": group, "grade": grade})


def _incentives_for(
    rules: Rules, outcomes: dict[str, TargetOutcome], by_key: Mapping[str, TargetInput], events: list[dict[str, Any]]
) -> None:
    incentives = rules.incentives
    best = rules.grading.grades[0]
    order = sorted(outcomes.values(), key=lambda o: (-o.total, o.rank, o.key))
    if incentives is not None:
        pools = dict(incentives.group_pools) or {"": incentives.pool}
        for group, pool in sorted(pools.items()):
            members = [o for o in order if not group or o.group == group]
            eligible = [o for o in members if not o.disqualified]
            if incentives.mode == "tiers":
                amounts = engine.fixed_tier_amounts(pool, incentives.tiers, {o.key: o.grade for o in eligible})
            else:
                weights = [
                    (o.key, incentives.grade_weights.get(o.grade, Fraction(0)) * by_key[o.key].size_factor)
                    for o in eligible
                ]
                weights = [(k, w) for k, w in weights if w > 0]
                amounts = engine.allocate(pool, incentives.unit, weights) if weights else {}
                if not weights:
                    # Nobody reached a paid grade: the pool stays unspent, and the log says so.
                    events.append({"type": "INCENTIVES_UNALLOCATED", "group": group, "pool": pool})
            for key, amount in amounts.items():
                outcomes[key].amount = amount
        events.append({"type": "INCENTIVES_ALLOCATED", "total": sum(o.amount for o in outcomes.values())})
    if rules.improvement_count:
        previous = {k: t.previous_total for k, t in by_key.items() if t.previous_total is not None}
        awarded = engine.improvement_awards(
            {k: o.total for k, o in outcomes.items()},
            previous,
            {k: o.grade for k, o in outcomes.items()},
            count=rules.improvement_count,
            best_grade=best,
        )
        for key in awarded:
            outcomes[key].improvement = True
