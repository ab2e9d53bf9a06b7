"""One evaluation round from its inputs to every published number (reference/evaluation.md).

The framework and the rules are plain mappings, the shape of the YAML files that
``hyeopchi evaluation compute`` reads and of what a stored round gives: the same function serves
both, so the command reproduces the database's results. Nothing here imports Django.

Raw ratings stay ``Decimal`` until a cell (target, indicator, panel) is aggregated; from there on
values are exact fractions, and only the total is rounded (2 decimals, half up).

Reading the framework (``framework``), the rules (``rules``), one run (``run``) and the
difference between two results (``diff``); the public names are re-exported here.
"""

from hyeopchi.evaluations.compute.diff import diff
from hyeopchi.evaluations.compute.framework import (
    AGGREGATIONS,
    MODES,
    PANEL_KINDS,
    PLACES,
    fraction_text,
    number,
    parse_framework,
)
from hyeopchi.evaluations.compute.rules import DEFAULT_INCOMPLETE, Incentives, PanelDef, Rules, parse_rules
from hyeopchi.evaluations.compute.run import (
    ENGINE_VERSION,
    Consensus,
    Outcome,
    Rating,
    TargetInput,
    TargetOutcome,
    compute,
    decimal_text,
    input_payload,
    paused_collector,
    payload_hash,
    rating_lines,
)

__all__ = [
    "AGGREGATIONS",
    "Consensus",
    "DEFAULT_INCOMPLETE",
    "ENGINE_VERSION",
    "Incentives",
    "MODES",
    "Outcome",
    "PANEL_KINDS",
    "PLACES",
    "PanelDef",
    "Rating",
    "Rules",
    "TargetInput",
    "TargetOutcome",
    "compute",
    "decimal_text",
    "diff",
    "fraction_text",
    "input_payload",
    "number",
    "parse_framework",
    "parse_rules",
    "paused_collector",
    "payload_hash",
    "rating_lines",
]
