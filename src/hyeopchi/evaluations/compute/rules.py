"""Reading a round's rules document: panels, grading, small groups, incentives, the tie chain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hyeopchi.evaluations import engine
from hyeopchi.evaluations.compute.framework import PANEL_KINDS, _flag, _int, fraction_text, number, shape_checked
from hyeopchi.evaluations.engine import EngineError, Framework, to_decimal


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
    # A disqualified target (과락) is "unranked" for the quotas, so its seat goes to the next one
    # (the usual Korean rule), or stays "ranked" and takes its seat before it falls to the last grade.
    disqualified: str = "unranked"
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False)


DEFAULT_INCOMPLETE = {"expert": "block", "citizen": "block", "public_online": "renormalise", "data": "block"}


@shape_checked("rules")
def parse_rules(spec: Mapping[str, Any], framework: Framework) -> Rules:
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
            raise EngineError("bad_quota_shares", "grading shares", place="grading shares", value=str(len(shares)))
        running = Fraction(0)
        for share in shares:
            running += share
            cumulative.append(running)
        if running != 1:
            raise EngineError(
                "bad_quota_shares", "grading shares", place="grading shares", value=fraction_text(running)
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

    thresholds = tuple(to_decimal(number(t, "grading thresholds")) for t in grading_spec.get("thresholds") or [])
    if mode == "absolute" and len(thresholds) != len(grades) - 1:
        raise EngineError(
            "bad_thresholds", "grading thresholds", place="grading thresholds", value=str(len(thresholds))
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
            backfill=_flag(grading_spec.get("backfill", False), "grading backfill"),
        ),
        thresholds=thresholds,
        tie_chain=tie_chain,
        incentives=incentives,
        improvement_count=_int(improvement.get("count", 0), "improvement count"),
        group_min=_int(grading_spec.get("n_group_min", 4), "grading n_group_min"),
        small_groups=_small_groups(grading_spec, mode, thresholds),
        improvement_award=str(improvement.get("award", "노력")),
        disqualified=_disqualified(grading_spec),
        spec=spec,
    )


def _disqualified(spec: Mapping[str, Any]) -> str:
    value = str(spec.get("disqualified") or "unranked")
    if value not in ("unranked", "ranked"):
        raise EngineError("unknown_disqualified", value, place="grading disqualified", value=value)
    return value


def _small_groups(spec: Mapping[str, Any], mode: str, thresholds: Sequence[Decimal]) -> str:
    value = str(spec.get("small_groups") or "")
    if value == "absolute" and mode == "relative" and not thresholds:
        raise EngineError("bad_thresholds", "grading thresholds", place="grading small_groups", value="0")
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
            str(g): number(w, f"incentives grade_weights {g}") for g, w in (raw.get("grade_weights") or {}).items()
        },
        tiers={str(g): _int(a, f"incentives tiers {g}") for g, a in (raw.get("tiers") or {}).items()},
        group_pools={str(g): _int(a, f"incentives group_pools {g}") for g, a in (raw.get("group_pools") or {}).items()},
    )
    if incentives.pool <= 0 or incentives.unit <= 0 or incentives.pool % incentives.unit:
        raise EngineError("pool_not_in_units", "incentives pool", place="incentives pool", value=str(incentives.pool))
    if incentives.group_pools and sum(incentives.group_pools.values()) != incentives.pool:
        raise EngineError(
            "group_pools_do_not_sum",
            "incentives group_pools",
            place="incentives group_pools",
            value=str(sum(incentives.group_pools.values())),
        )
    return incentives
