"""Composition rules of a body, checked over plain data (no database, no Django).

A body's seats are posts with minimum and maximum holders; its rules add quotas across seats
(totals, per-side counts, parity, one seat per represented organization, required seats, members
drawn from a parent body). ``check_composition`` returns every violation and never raises; the
caller loads the holders active on the date being checked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"

TOTAL_BETWEEN = "total_between"
SIDE_BETWEEN = "side_between"
PARITY = "parity"
ONE_PER_ORGANIZATION = "one_per_org"
REQUIRES_POST_FILLED = "requires_post_filled"
SUBSET_OF = "subset_of"
RULE_KINDS = (TOTAL_BETWEEN, SIDE_BETWEEN, PARITY, ONE_PER_ORGANIZATION, REQUIRES_POST_FILLED, SUBSET_OF)


@dataclass(frozen=True)
class Seat:
    """A post of the body."""

    post_id: int
    label: str
    side: str
    min_holders: int
    max_holders: int
    voting: bool = True


@dataclass(frozen=True)
class Holder:
    """One membership active on the date being checked."""

    post_id: int
    person_id: int
    side: str
    voting: bool = True
    on_behalf_of_id: int | None = None


@dataclass(frozen=True)
class Rule:
    kind: str
    params: Mapping[str, Any]
    severity: str = ERROR
    rule_id: int | None = None


@dataclass(frozen=True)
class Violation:
    """``code`` is stable; ``params`` fill the translated message of that code."""

    code: str
    severity: str
    params: Mapping[str, Any] = field(default_factory=dict)
    post_id: int | None = None
    rule_id: int | None = None


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return int(value)


def rule_errors(kind: str, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Why a rule cannot be saved, as ``(field, code)`` pairs; empty when it can.

    A rule that no roster could satisfy (a minimum above its maximum, a parity of one side with
    itself) is refused here rather than shown as a permanent violation later.
    """
    errors: list[tuple[str, str]] = []
    if kind not in RULE_KINDS:
        return [("kind", "unknown_kind")]
    if kind in (TOTAL_BETWEEN, SIDE_BETWEEN):
        bounds: dict[str, int | None] = {}
        for name in ("min", "max"):
            try:
                bounds[name] = _int_or_none(params.get(name))
            except TypeError:
                errors.append((name, "not_a_number"))
                continue
            number = bounds[name]
            if number is not None and number < 0:
                errors.append((name, "negative"))
        low, high = bounds.get("min"), bounds.get("max")
        if not errors and low is None and high is None:
            errors.append(("min", "no_bounds"))
        if not errors and low is not None and high is not None and low > high:
            errors.append(("min", "min_above_max"))
        if not errors and high == 0 and kind == TOTAL_BETWEEN:
            errors.append(("max", "empty_body"))
    if kind == SIDE_BETWEEN and not str(params.get("side") or "").strip():
        errors.append(("side", "required"))
    if kind == PARITY:
        sides = params.get("sides")
        if not isinstance(sides, list | tuple) or len(sides) != 2 or not all(sides):
            errors.append(("sides", "two_sides_required"))
        elif sides[0] == sides[1]:
            errors.append(("sides", "same_side"))
    if kind == REQUIRES_POST_FILLED and not isinstance(params.get("post"), int):
        errors.append(("post", "required"))
    if kind == SUBSET_OF and not isinstance(params.get("parent_body"), int):
        errors.append(("parent_body", "required"))
    return errors


def seat_errors(*, min_holders: int, max_holders: int) -> list[tuple[str, str]]:
    """Why a seat's holder range cannot be saved, as ``(field, code)`` pairs."""
    errors: list[tuple[str, str]] = []
    if min_holders < 0:
        errors.append(("min_holders", "negative"))
    if max_holders < 1:
        errors.append(("max_holders", "at_least_one"))
    if not errors and min_holders > max_holders:
        errors.append(("min_holders", "min_above_max"))
    return errors


def _range_violation(count: int, low: int | None, high: int | None, *, below: str, above: str) -> str | None:
    if low is not None and count < low:
        return below
    if high is not None and count > high:
        return above
    return None


def check_composition(
    seats: Sequence[Seat],
    rules: Iterable[Rule],
    holders: Sequence[Holder],
    *,
    parent_members: Mapping[int, frozenset[int]] | None = None,
) -> list[Violation]:
    """All violations of the seats' ranges and the body's rules by ``holders``.

    ``parent_members`` maps a parent body's id to the people holding its seats on the same date,
    for ``subset_of`` rules. Violations come in a stable order: seats first, then rules.
    """
    violations: list[Violation] = []
    per_post = Counter(holder.post_id for holder in holders)
    for seat in seats:
        count = per_post.get(seat.post_id, 0)
        params = {"post": seat.label, "count": count}
        if count < seat.min_holders:
            violations.append(
                Violation("post_under_min", WARNING, {**params, "min": seat.min_holders}, post_id=seat.post_id)
            )
        elif count > seat.max_holders:
            violations.append(
                Violation("post_over_max", ERROR, {**params, "max": seat.max_holders}, post_id=seat.post_id)
            )
    seat_by_id = {seat.post_id: seat for seat in seats}
    for rule in rules:
        violations.extend(_check_rule(rule, holders, seat_by_id, parent_members or {}))
    return violations


def _check_rule(
    rule: Rule, holders: Sequence[Holder], seat_by_id: Mapping[int, Seat], parent_members: Mapping[int, frozenset[int]]
) -> list[Violation]:
    params = rule.params

    def violation(code: str, **values: Any) -> Violation:
        return Violation(code, rule.severity, values, rule_id=rule.rule_id)

    if rule.kind == TOTAL_BETWEEN:
        counted = [h for h in holders if h.voting or not params.get("voting_only")]
        count = len({h.person_id for h in counted})
        code = _range_violation(count, params.get("min"), params.get("max"), below="total_below", above="total_above")
        if code:
            return [violation(code, count=count, min=params.get("min"), max=params.get("max"))]
        return []
    if rule.kind == SIDE_BETWEEN:
        side = params["side"]
        count = len({h.person_id for h in holders if h.side == side})
        code = _range_violation(count, params.get("min"), params.get("max"), below="side_below", above="side_above")
        if code:
            return [violation(code, side=side, count=count, min=params.get("min"), max=params.get("max"))]
        return []
    if rule.kind == PARITY:
        first, second = params["sides"]
        counts = Counter(h.side for h in holders)
        if counts.get(first, 0) != counts.get(second, 0):
            return [
                violation(
                    "parity_broken",
                    first=first,
                    first_count=counts.get(first, 0),
                    second=second,
                    second_count=counts.get(second, 0),
                )
            ]
        return []
    if rule.kind == ONE_PER_ORGANIZATION:
        side = params.get("side")
        represented = Counter(
            h.on_behalf_of_id for h in holders if h.on_behalf_of_id is not None and (not side or h.side == side)
        )
        return [
            violation("organization_repeated", organization_id=org_id, count=count)
            for org_id, count in sorted(represented.items())
            if count > 1
        ]
    if rule.kind == REQUIRES_POST_FILLED:
        post_id = params["post"]
        if not any(h.post_id == post_id for h in holders):
            seat = seat_by_id.get(post_id)
            return [violation("post_vacant", post=seat.label if seat else str(post_id))]
        return []
    if rule.kind == SUBSET_OF:
        allowed = parent_members.get(params["parent_body"], frozenset())
        outsiders = sorted({h.person_id for h in holders} - allowed)
        return [violation("not_in_parent", person_id=pk) for pk in outsiders]
    return []
