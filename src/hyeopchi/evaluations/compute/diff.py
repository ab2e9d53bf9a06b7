"""What changed between two result payloads: totals, ranks, grades and amounts per target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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
                    **{f"{name}_before": old[name] for name in ("total", "rank", "grade", "amount")},
                    **{f"{name}_after": new[name] for name in ("total", "rank", "grade", "amount")},
                }
            )
    rows.sort(key=lambda r: (r["group"], r["rank_after"], r["target"]))
    return rows
