"""Reading a framework document (the YAML file's shape) into the engine's ``Framework``, naming
the place of every mistake."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, ParamSpec, TypeVar

from hyeopchi.evaluations.engine import EngineError, Extra, Field, Framework, Indicator, PanelRule, to_decimal

P = ParamSpec("P")
R = TypeVar("R")

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


YES = frozenset({"true", "yes", "1", "예", "허용"})
NO = frozenset({"false", "no", "0", "아니요", "아니오", "불허"})


def _flag(value: Any, place: str) -> bool:
    """A yes or no: YAML's true and false, or a spreadsheet's words for them."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES or text in NO:
        return text in YES
    raise EngineError("not_a_flag", place, place=place, value=str(value))


def _int(value: Any, place: str) -> int:
    result = number(value, place)
    if result.denominator != 1:
        raise EngineError("not_a_number", place, place=place, value=str(value))
    return int(result)


def shape_checked(part: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A parser of a hand-written file refuses a list where a mapping belongs (or the like) as an
    EngineError naming ``part``, not as whatever Python error the walk met first."""

    def wrap(parse: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(parse)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return parse(*args, **kwargs)
            except (AttributeError, TypeError, KeyError, IndexError) as error:
                raise EngineError("bad_shape", str(error), place=part) from error

        return checked

    return wrap


@shape_checked("framework")
def parse_framework(spec: Mapping[str, Any]) -> Framework:
    """Check and read a framework: fields of indicators whose points sum to 100, panel weights
    summing to 1 per indicator, known modes; each error names the place."""
    fields: list[Field] = []
    indicators: list[Indicator] = []
    seen: set[str] = set()
    raw_fields = spec.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise EngineError("missing_key", "fields", place="framework", key="fields")
    for f_index, raw_field in enumerate(raw_fields, start=1):
        f_key = str(raw_field.get("key") or f"F{f_index}")
        f_place = f"fields[{f_index}] {f_key}"
        f_points = number(raw_field.get("points"), f"{f_place} points")
        fields.append(Field(f_key, str(raw_field.get("name", f_key)), str(raw_field.get("name_en", "")), f_points))
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
                raise EngineError("panel_weights_do_not_sum", place, place=place, value=fraction_text(weights))
            bands = tuple((str(b["label"]), number(b.get("min"), f"{place} bands")) for b in raw.get("bands") or [])
            min_score = raw.get("min_score")
            indicators.append(
                Indicator(
                    key=key,
                    field=f_key,
                    name=str(raw.get("name", key)),
                    name_en=str(raw.get("name_en", "")),
                    points=points,
                    mode=mode,
                    panels=panels,
                    min_score=None if min_score in (None, "") else number(min_score, f"{place} min_score"),
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
        raise EngineError("points_do_not_sum", str(total), place="framework", value=fraction_text(total))

    def extras(name: str) -> tuple[Extra, ...]:
        return tuple(
            Extra(str(e["key"]), str(e.get("name", e["key"])), number(e.get("cap"), f"{name} {e['key']} cap"))
            for e in spec.get(name) or []
        )

    bonuses = extras("bonuses")
    cap = spec.get("bonus_cap")
    return Framework(
        title=str(spec.get("title", "")),
        fields=tuple(fields),
        indicators=tuple(indicators),
        bonuses=bonuses,
        bonus_cap=number(cap, "bonus_cap") if cap not in (None, "") else sum((b.cap for b in bonuses), Fraction(0)),
        penalties=extras("penalties"),
        spec=spec,
    )


# A rubric level's descriptor is a sentence, not a document.
DESCRIPTOR_MAX = 300


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
    descriptors = get("descriptors", [])
    if isinstance(descriptors, str):  # a spreadsheet's cell: the levels' descriptors between bars
        descriptors = [d.strip() for d in descriptors.split("|")]
    if not isinstance(descriptors, list) or (
        descriptors
        and (
            len(descriptors) != levels
            or not all(isinstance(d, str) and d.strip() and len(d) <= DESCRIPTOR_MAX for d in descriptors)
        )
    ):
        raise EngineError("bad_rubric_descriptors", place, place=place, value=str(levels))
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
        descriptors=tuple(d.strip() for d in descriptors),
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
        not_applicable=_flag(get("not_applicable", False), f"{place} not_applicable"),
    )
