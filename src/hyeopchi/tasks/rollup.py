"""A parent task's progress and status from its children.

Progress is a plain average or a weighted sum. Status follows one stated rule
(``rolled_up_status``). Pure: values in, a value out. Every child counts with its stored progress (a child not yet
reported has 0 %); the mode is the parent's explicit setting, never guessed from the weights.
Results are rounded once, half up, to two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ONE = Decimal(1)


class RollupError(ValueError):
    """The weights of a weighted parent do not make a whole."""


def check_weights(weights: Sequence[Decimal | None]) -> None:
    """Weighted mode needs a weight on every child, each in (0, 1], summing to exactly 1."""
    if not weights:
        raise RollupError("no children")
    if any(w is None or w <= 0 or w > ONE for w in weights):
        raise RollupError("each child needs a weight above 0 and at most 1")
    if sum(w for w in weights if w is not None) != ONE:
        raise RollupError("weights must sum to 1")


def rolled_up(mode: str, children: Sequence[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """The parent's progress for ``mode`` ("mean" or "weighted"); None without children."""
    if not children:
        return None
    if mode == "mean":
        total = sum((progress for progress, _ in children), Decimal(0))
        return (total / len(children)).quantize(CENT, rounding=ROUND_HALF_UP)
    if mode == "weighted":
        check_weights([weight for _, weight in children])
        total = sum((progress * (weight or 0) for progress, weight in children), Decimal(0))
        return total.quantize(CENT, rounding=ROUND_HALF_UP)
    raise RollupError(f"unknown mode {mode!r}")


def rolled_up_status(statuses: Sequence[str]) -> str | None:
    """The status of a parent that takes its progress from its children; None without children.

    Cancelled sub-tasks do not count, unless every one is cancelled (then the parent is
    cancelled). Of the others: all completed → completed; any delayed → delayed; all that are not
    completed suspended → suspended; any in progress or completed → in progress; otherwise
    (all planned) → planned. A delay anywhere shows on the parent, and a parent is done only
    when every sub-task that still counts is done.
    """
    if not statuses:
        return None
    live = [s for s in statuses if s != "cancelled"]
    if not live:
        return "cancelled"
    unfinished = [s for s in live if s != "completed"]
    if not unfinished:
        return "completed"
    if "delayed" in unfinished:
        return "delayed"
    if all(s == "suspended" for s in unfinished):
        return "suspended"
    if len(unfinished) < len(live) or "in_progress" in unfinished:
        return "in_progress"
    return "planned"
