"""One evaluation round from its inputs to every published number (reference/evaluation.md).

The framework and the rules are plain mappings, the shape of the YAML files that
``hyeopchi evaluation compute`` reads and of what a stored round gives: the same function serves
both, so the command reproduces the database's results. Nothing here imports Django.

Raw ratings stay ``Decimal`` until a cell (target, indicator, panel) is aggregated; from there on
values are exact fractions, and only the total is rounded (2 decimals, half up).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, NamedTuple

from hyeopchi.core.canonical import canonical_json
from hyeopchi.evaluations import engine
from hyeopchi.evaluations.engine import EngineError, to_decimal

ENGINE_VERSION = "1"
MODES = ("rubric", "quantitative", "survey", "checklist", "points")
PANEL_KINDS = ("expert", "citizen", "public_online", "data")
AGGREGATIONS = ("trimmed", "mean", "median", "consensus")
PLACES = Decimal("0.0000000001")


def number(value: Any, place: str) -> Fraction:
    """An exact number from a YAML/XLSX/CSV value ("0.7", 0.7, 15); floats go through their text."""
    if isinstance(value, bool) or value is None or value == "":
        raise EngineError("not_a_number", place, place=place, value=str(value))
    try:
        return Fraction(Decimal(str(value).strip().replace(",", "")))
    except (InvalidOperation, ValueError):
        raise EngineError("not_a_number", place, place=place, value=str(value)) from None


def fraction_text(value: Fraction) -> str:
    return format(to_decimal(value, PLACES).normalize(), "f")


# -- the framework ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRule:
    weight: Fraction
    mode: str = "rubric"
    levels: int = 5
    level_fractions: tuple[Fraction, ...] = ()  # a rubric table other than ℓ/L
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
        return engine.quantitative(
            value, self.floor, self.target, higher_is_better=self.higher_is_better
        )


@dataclass(frozen=True)
class IndicatorDef:
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
class FieldDef:
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
class FrameworkDef:
    title: str
    fields: tuple[FieldDef, ...]
    indicators: tuple[IndicatorDef, ...]
    bonuses: tuple[Extra, ...] = ()
    bonus_cap: Fraction = Fraction(0)
    penalties: tuple[Extra, ...] = ()
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def indicator(self, key: str) -> IndicatorDef:
        for indicator in self.indicators:
            if indicator.key == key:
                return indicator
        raise EngineError("unknown_indicator", key, place=key, value=key)

    @property
    def hash(self) -> str:
        return hashlib.sha256(canonical_json(self.spec).encode()).hexdigest()


def _int(value: Any, place: str) -> int:
    result = number(value, place)
    if result.denominator != 1:
        raise EngineError("not_a_number", place, place=place, value=str(value))
    return int(result)


def parse_framework(spec: Mapping[str, Any]) -> FrameworkDef:
    """Check and read a framework: fields of indicators whose points sum to 100, panel weights
    summing to 1 per indicator, known modes; each error names the place."""
    fields: list[FieldDef] = []
    indicators: list[IndicatorDef] = []
    seen: set[str] = set()
    raw_fields = spec.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise EngineError("missing_key", "fields", place="framework", key="fields")
    for f_index, raw_field in enumerate(raw_fields, start=1):
        f_key = str(raw_field.get("key") or f"F{f_index}")
        f_place = f"fields[{f_index}] {f_key}"
        f_points = number(raw_field.get("points"), f"{f_place} points")
        fields.append(
            FieldDef(
                f_key,
                str(raw_field.get("name", f_key)),
                str(raw_field.get("name_en", "")),
                f_points,
            )
        )
        subtotal = Fraction(0)
        for raw in raw_field.get("indicators") or []:
            key = str(raw.get("key") or "")
            place = f"{f_key}/{key}"
            if not key:
                raise EngineError("missing_key", f_place, place=f_place, key="key")
            if key in seen:
                raise EngineError("duplicate_key", place, place=place, key=key)
            seen.add(key)
            mode = str(raw.get("mode", "rubric"))
            if mode not in MODES:
                raise EngineError("unknown_mode", place, place=place, value=mode)
            points = number(raw.get("points"), f"{place} points")
            subtotal += points
            panels = {}
            for panel_key, raw_rule in (raw.get("panels") or {}).items():
                panels[str(panel_key)] = _panel_rule(raw, raw_rule or {}, f"{place} {panel_key}")
            if not panels:
                raise EngineError("missing_key", place, place=place, key="panels")
            weights = sum((r.weight for r in panels.values()), Fraction(0))
            if weights != 1:
                raise EngineError(
                    "panel_weights_do_not_sum", place, place=place, value=fraction_text(weights)
                )
            bands = tuple(
                (str(b["label"]), number(b.get("min"), f"{place} bands"))
                for b in raw.get("bands") or []
            )
            min_score = raw.get("min_score")
            indicators.append(
                IndicatorDef(
                    key=key,
                    field=f_key,
                    name=str(raw.get("name", key)),
                    name_en=str(raw.get("name_en", "")),
                    points=points,
                    mode=mode,
                    panels=panels,
                    min_score=None
                    if min_score in (None, "")
                    else number(min_score, f"{place} min_score"),
                    bands=tuple(sorted(bands, key=lambda b: -b[1])),
                )
            )
        if subtotal != f_points:
            raise EngineError(
                "field_points_do_not_sum",
                f_place,
                place=f_place,
                value=fraction_text(subtotal),
                expected=fraction_text(f_points),
            )
    total = sum((f.points for f in fields), Fraction(0))
    if total != 100:
        raise EngineError(
            "points_do_not_sum", str(total), place="framework", value=fraction_text(total)
        )

    def extras(name: str) -> tuple[Extra, ...]:
        return tuple(
            Extra(
                str(e["key"]),
                str(e.get("name", e["key"])),
                number(e.get("cap"), f"{name} {e['key']} cap"),
            )
            for e in spec.get(name) or []
        )

    bonuses = extras("bonuses")
    cap = spec.get("bonus_cap")
    return FrameworkDef(
        title=str(spec.get("title", "")),
        fields=tuple(fields),
        indicators=tuple(indicators),
        bonuses=bonuses,
        bonus_cap=number(cap, "bonus_cap")
        if cap not in (None, "")
        else sum((b.cap for b in bonuses), Fraction(0)),
        penalties=extras("penalties"),
        spec=spec,
    )


def _panel_rule(indicator: Mapping[str, Any], raw: Mapping[str, Any], place: str) -> PanelRule:
    def get(key: str, default: Any) -> Any:
        value = raw.get(key, indicator.get(key, default))
        return default if value in (None, "") else value

    mode = str(get("mode", "rubric"))
    if mode not in MODES:
        raise EngineError("unknown_mode", place, place=place, value=mode)
    # A figure (quantitative) is usually one value per target: its plain mean.
    aggregation = str(get("aggregation", "mean" if mode == "quantitative" else "trimmed"))
    if aggregation not in AGGREGATIONS:
        raise EngineError("unknown_aggregation", place, place=place, value=aggregation)
    direction = str(get("direction", "higher"))
    if direction not in ("higher", "lower", "ratio"):
        raise EngineError("unknown_direction", place, place=place, value=direction)
    table = tuple(number(v, f"{place} level_fractions") for v in get("level_fractions", []))
    trim_share = get("trim_share", "0.05" if mode == "survey" else None)
    levels = _int(get("levels", 5), f"{place} levels")
    if table and len(table) != levels:
        raise EngineError("bad_rubric_table", place, place=place, value=str(len(table)))
    floor = number(get("floor", 0), f"{place} floor")
    target = number(get("target", 100), f"{place} target")
    if mode == "quantitative" and floor == target:
        raise EngineError("bad_quantitative_range", place, place=place, value=fraction_text(floor))
    if direction == "ratio":
        floor = Fraction(0)
    return PanelRule(
        weight=number(raw.get("weight", 1), f"{place} weight"),
        mode=mode,
        levels=levels,
        level_fractions=table,
        scale=_int(get("scale", 7), f"{place} scale"),
        maximum=number(get("maximum", 100), f"{place} maximum"),
        floor=floor,
        target=target,
        higher_is_better=direction != "lower",
        items=_int(get("items", 1), f"{place} items"),
        aggregation=aggregation,
        trim=_int(get("trim", 1), f"{place} trim"),
        trim_share=None if trim_share is None else number(trim_share, f"{place} trim_share"),
        min_raters=_int(get("min_raters", 1), f"{place} min_raters"),
    )


# -- the rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelDef:
    key: str
    kind: str
    incomplete: str  # block | renormalise
    standardize: bool = False


@dataclass(frozen=True)
class Incentives:
    mode: str  # weighted | tiers
    pool: int
    unit: int = 1
    grade_weights: Mapping[str, Fraction] = field(default_factory=dict)
    tiers: Mapping[str, int] = field(default_factory=dict)
    group_pools: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    panels: Mapping[str, PanelDef]
    grading_mode: str  # relative | absolute
    grading: engine.Grading
    thresholds: tuple[Decimal, ...] = ()
    tie_chain: tuple[str, ...] = ()
    incentives: Incentives | None = None
    improvement_count: int = 0
    improvement_award: str = ""
    group_min: int = 4  # §7: a smaller group cannot be graded by quota …
    small_groups: str = ""  # … unless "absolute" (the thresholds) or "merge:<group>"
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False)


DEFAULT_INCOMPLETE = {
    "expert": "block",
    "citizen": "block",
    "public_online": "renormalise",
    "data": "block",
}


def parse_rules(spec: Mapping[str, Any], framework: FrameworkDef) -> Rules:
    panel_keys = {p for i in framework.indicators for p in i.panels}
    panels = {}
    raw_panels = spec.get("panels") or {}
    for key in sorted(panel_keys):
        raw = raw_panels.get(key) or {}
        kind = str(raw.get("kind") or (key if key in PANEL_KINDS else "expert"))
        if kind not in PANEL_KINDS:
            raise EngineError("unknown_panel_kind", key, place=f"panels {key}", value=kind)
        incomplete = str(raw.get("incomplete") or DEFAULT_INCOMPLETE[kind])
        if incomplete not in ("block", "renormalise"):
            raise EngineError("unknown_incomplete", key, place=f"panels {key}", value=incomplete)
        panels[key] = PanelDef(key, kind, incomplete, bool(raw.get("standardize", False)))
    grading_spec = spec.get("grading") or {}
    grades = [str(g) for g in grading_spec.get("grades") or ["우수", "보통", "미흡"]]
    mode = str(grading_spec.get("mode", "relative"))
    if mode not in ("relative", "absolute"):
        raise EngineError("unknown_grading", mode, place="grading mode", value=mode)
    cumulative: list[Fraction] = []
    counts = grading_spec.get("counts")
    if mode == "relative" and not counts:
        shares = [number(s, "grading shares") for s in grading_spec.get("shares") or []]
        if len(shares) != len(grades):
            raise EngineError(
                "bad_quota_shares", "grading shares", place="grading shares", value=str(len(shares))
            )
        running = Fraction(0)
        for share in shares:
            running += share
            cumulative.append(running)
        if running != 1:
            raise EngineError(
                "bad_quota_shares",
                "grading shares",
                place="grading shares",
                value=fraction_text(running),
            )
    fixed = None
    if counts:
        running_count = 0
        fixed = []
        for c in counts:
            running_count += _int(c, "grading counts")
            fixed.append(running_count)
        cumulative = [Fraction(1)] * len(grades)
    rounding = str(grading_spec.get("rounding", "half_up"))
    if rounding not in engine.ROUNDING:
        raise EngineError("unknown_rounding", rounding, place="grading rounding", value=rounding)
    ties = str(grading_spec.get("ties", "inclusive"))
    if ties not in ("inclusive", "exclusive"):
        raise EngineError("unknown_ties", ties, place="grading ties", value=ties)

    def optional_decimal(key: str) -> Decimal | None:
        value = grading_spec.get(key)
        return None if value in (None, "") else to_decimal(number(value, f"grading {key}"))

    thresholds = tuple(
        to_decimal(number(t, "grading thresholds")) for t in grading_spec.get("thresholds") or []
    )
    if mode == "absolute" and len(thresholds) != len(grades) - 1:
        raise EngineError(
            "bad_thresholds",
            "grading thresholds",
            place="grading thresholds",
            value=str(len(thresholds)),
        )
    known = {i.key for i in framework.indicators} | {f.key for f in framework.fields}
    tie_chain = tuple(str(k) for k in spec.get("tie_chain") or [])
    for key in tie_chain:
        if key not in known:
            raise EngineError("unknown_indicator", key, place="tie_chain", value=key)
    incentives = None
    raw_incentives = spec.get("incentives")
    if raw_incentives:
        incentives = _incentives(raw_incentives, grades)
    improvement = spec.get("improvement") or {}
    return Rules(
        panels=panels,
        grading_mode=mode,
        grading=engine.Grading(
            grades=tuple(grades),
            cumulative_shares=tuple(cumulative),
            rounding=rounding,
            ties=ties,
            min_total_first=optional_decimal("min_total_first"),
            floor_total=optional_decimal("floor_total"),
            fixed_counts=fixed,
        ),
        thresholds=thresholds,
        tie_chain=tie_chain,
        incentives=incentives,
        improvement_count=_int(improvement.get("count", 0), "improvement count"),
        group_min=_int(grading_spec.get("n_group_min", 4), "grading n_group_min"),
        small_groups=_small_groups(grading_spec, mode, thresholds),
        improvement_award=str(improvement.get("award", "노력")),
        spec=spec,
    )


def _small_groups(spec: Mapping[str, Any], mode: str, thresholds: Sequence[Decimal]) -> str:
    value = str(spec.get("small_groups") or "")
    if value == "absolute" and mode == "relative" and not thresholds:
        raise EngineError(
            "bad_thresholds", "grading thresholds", place="grading small_groups", value="0"
        )
    if value and value != "absolute" and not (value.startswith("merge:") and value[6:]):
        raise EngineError("unknown_small_groups", value, place="grading small_groups", value=value)
    return value


def _incentives(raw: Mapping[str, Any], grades: Sequence[str]) -> Incentives:
    mode = str(raw.get("mode", "weighted"))
    if mode not in ("weighted", "tiers"):
        raise EngineError("unknown_incentives", mode, place="incentives mode", value=mode)
    for grade in list(raw.get("grade_weights") or {}) + list(raw.get("tiers") or {}):
        if str(grade) not in grades:
            raise EngineError("unknown_grade", str(grade), place="incentives", value=str(grade))
    incentives = Incentives(
        mode=mode,
        pool=_int(raw.get("pool"), "incentives pool"),
        unit=_int(raw.get("unit", 1), "incentives unit"),
        grade_weights={
            str(g): number(w, f"incentives grade_weights {g}")
            for g, w in (raw.get("grade_weights") or {}).items()
        },
        tiers={
            str(g): _int(a, f"incentives tiers {g}") for g, a in (raw.get("tiers") or {}).items()
        },
        group_pools={
            str(g): _int(a, f"incentives group_pools {g}")
            for g, a in (raw.get("group_pools") or {}).items()
        },
    )
    if incentives.pool <= 0 or incentives.unit <= 0 or incentives.pool % incentives.unit:
        raise EngineError(
            "pool_not_in_units",
            "incentives pool",
            place="incentives pool",
            value=str(incentives.pool),
        )
    if incentives.group_pools and sum(incentives.group_pools.values()) != incentives.pool:
        raise EngineError(
            "group_pools_do_not_sum",
            "incentives group_pools",
            place="incentives group_pools",
            value=str(sum(incentives.group_pools.values())),
        )
    return incentives


# -- inputs and the outcome ------------------------------------------------------------------------


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
        f"{r.panel}\x1f{r.evaluator}\x1f{r.target}\x1f{r.indicator}\x1f{decimal_text(r.value)}"
        for r in ratings
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
            [*cell, decimal_text(c.value), c.reason, c.override_reason]
            for cell, c in consensus.items()
        ),
        "floors": dict(sorted(floors.items())),
    }


# -- computing -------------------------------------------------------------------------------------


def compute(
    framework: FrameworkDef,
    rules: Rules,
    targets: Sequence[TargetInput],
    ratings: Sequence[Rating],
    *,
    consensus: Mapping[tuple[str, str, str], Consensus] | None = None,
    floors: Mapping[str, str] | None = None,
) -> Outcome:
    """The whole pipeline (see ``_compute``), with the cyclic garbage collector paused: the
    computation makes only acyclic objects, and with hundreds of thousands of them the collector's
    repeated full passes would make the time grow faster than the input."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _compute(framework, rules, targets, ratings, consensus=consensus, floors=floors)
    finally:
        if paused:
            gc.enable()


def _compute(
    framework: FrameworkDef,
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
    rules_by_cell = {
        (i.key, panel): rule for i in framework.indicators for panel, rule in i.panels.items()
    }
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
                    "panel_not_on_indicator",
                    f"{key} {panel_key}",
                    place=f"{code}/{key}",
                    value=panel_key,
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
            place=", ".join(incomplete[:5])
            + (f" … (+{len(incomplete) - 5})" if len(incomplete) > 5 else ""),
            value=str(len(incomplete)),
        )
    engine_framework = engine.Framework(
        indicators=[
            engine.Indicator(i.key, i.field, i.points, {p: r.weight for p, r in i.panels.items()})
            for i in framework.indicators
        ],
        bonus_cap=framework.bonus_cap,
    )
    bonus_keys = {b.key: b.cap for b in framework.bonuses}
    penalty_keys = {d.key: d.cap for d in framework.penalties}
    bonuses = {
        t.key: sum(
            (min(t.extras.get(k, Fraction(0)), cap) for k, cap in bonus_keys.items()), Fraction(0)
        )
        for t in targets
    }
    penalties = {
        t.key: sum(
            (min(t.extras.get(k, Fraction(0)), cap) for k, cap in penalty_keys.items()), Fraction(0)
        )
        for t in targets
    }
    renormalise = {k for k, p in rules.panels.items() if p.incomplete == "renormalise"}
    results = engine.totals(
        engine_framework,
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
                (result.points[i.key] for i in framework.indicators if i.field == f.key),
                Fraction(0),
            )
        outcome = TargetOutcome(
            key=key,
            name=by_key[key].name,
            group=result.group,
            scores=result.scores,
            points=result.points,
            panel_scores={
                i.key: {p: panel_scores[(key, i.key, p)] for p in i.panels}
                for i in framework.indicators
            },
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
        return rule.normalise(
            engine.consensus(exact, Fraction(agreed.value), override_reason=agreed.override_reason)
        )
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
    framework: FrameworkDef,
    rules: Rules,
    by_rater: Mapping[tuple[str, str], list[tuple[str, str, Decimal]]],
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
                f"{target}\x1f{indicator}": framework.indicator(indicator)
                .panels[panel]
                .normalise(Fraction(value))
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
                    "small_group",
                    group,
                    place=group,
                    value=str(len(members)),
                    expected=str(rules.group_min),
                )
    for group, members in sorted(groups.items()):
        ranked = engine.rank(members, rules.tie_chain)
        if rules.grading_mode == "relative" and group not in absolute_groups:
            assigned, tie_events = engine.grade_relative(ranked, rules.grading)
            for event in tie_events:
                events.append(
                    {"type": "QUOTA_TIE", "group": group, "grade": event.split(":", 1)[1]}
                )
        else:
            assigned = {
                r.target: engine.grade_absolute(r.total, rules.thresholds, grades)
                for _, r in ranked
            }
        for rank_value, result in ranked:
            outcome = outcomes[result.target]
            outcome.rank = rank_value
            outcome.group_size = len(members)
            outcome.grade = assigned[result.target]
            if outcome.disqualified:
                outcome.grade = grades[-1]
            floor = floors.get(result.target)
            if floor in grades and grades.index(floor) < grades.index(outcome.grade):
                outcome.grade = floor
                outcome.held_harmless = True
                events.append(
                    {
                        "type": "HOLD_HARMLESS",
                        "group": group,
                        "target": result.target,
                        "grade": floor,
                    }
                )
        if rules.grading_mode == "relative" and any(
            outcomes[r.target].held_harmless for _, r in ranked
        ):
            counts = engine.grade_counts(len(members), rules.grading)
            for index, grade in enumerate(grades[:-1]):
                given = sum(1 for _, r in ranked if grades.index(outcomes[r.target].grade) <= index)
                if given > counts[index]:
                    events.append({"type": "QUOTA_EXCEEDED", "group": group, "grade": grade})


def _incentives_for(
    rules: Rules,
    outcomes: dict[str, TargetOutcome],
    by_key: Mapping[str, TargetInput],
    events: list[dict[str, Any]],
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
                amounts = engine.fixed_tier_amounts(
                    pool, incentives.tiers, {o.key: o.grade for o in eligible}
                )
            else:
                weights = [
                    (
                        o.key,
                        incentives.grade_weights.get(o.grade, Fraction(0))
                        * by_key[o.key].size_factor,
                    )
                    for o in eligible
                ]
                weights = [(k, w) for k, w in weights if w > 0]
                amounts = engine.allocate(pool, incentives.unit, weights) if weights else {}
                if not weights:
                    # Nobody reached a paid grade: the pool stays unspent, and the log says so.
                    events.append({"type": "INCENTIVES_UNALLOCATED", "group": group, "pool": pool})
            for key, amount in amounts.items():
                outcomes[key].amount = amount
        events.append(
            {"type": "INCENTIVES_ALLOCATED", "total": sum(o.amount for o in outcomes.values())}
        )
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


# -- comparing two results -------------------------------------------------------------------------


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Targets whose total, rank, grade or amount changed between two payloads, by group and rank."""
    rows = []
    for key, new in after["targets"].items():
        old = before["targets"].get(key)
        if old is None:
            continue
        changed = [name for name in ("total", "rank", "grade", "amount") if old[name] != new[name]]
        if changed:
            rows.append(
                {
                    "target": key,
                    "name": new["name"],
                    "group": new["group"],
                    "changed": changed,
                    **{
                        f"{name}_before": old[name] for name in ("total", "rank", "grade", "amount")
                    },
                    **{f"{name}_after": new[name] for name in ("total", "rank", "grade", "amount")},
                }
            )
    rows.sort(key=lambda r: (r["group"], r["rank_after"], r["target"]))
    return rows
