"""The worked example of evaluation.md §13: six targets, the expert ratings of I1 and I3, the
data figures of I2 and I4, and a way to write a framework by its points and panel weights."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hyeopchi.evaluations import engine


def indicator(key: str, field: str, points: Fraction, weights: Mapping[str, Fraction]) -> engine.Indicator:
    """A rubric indicator with these points and panel weights (other panel rules at defaults)."""
    return engine.Indicator(
        key=key,
        field=field,
        name=key,
        name_en="",
        points=points,
        mode="rubric",
        panels={panel: engine.PanelRule(weight=weight) for panel, weight in weights.items()},
    )


def framework(indicators: list[engine.Indicator], bonus_cap: Fraction = Fraction(0)) -> engine.Framework:
    return engine.Framework(title="", fields=(), indicators=tuple(indicators), bonus_cap=bonus_cap)


TARGETS = ["T1", "T2", "T3", "T4", "T5", "T6"]
I1 = [[4, 5, 4, 4, 5], [5, 5, 4, 5, 5], [3, 3, 2, 3, 4], [2, 3, 2, 3, 5], [4, 4, 3, 4, 4], [3, 4, 3, 3, 4]]
I3 = [[4, 4, 3, 4, 4], [4, 5, 4, 4, 5], [3, 3, 3, 2, 4], [3, 3, 2, 3, 5], [5, 4, 4, 5, 5], [2, 3, 2, 2, 3]]
I2 = [92, 88, 75, 60, 95, 70]
I4 = [80, 90, 70, 55, 85, 65]
