"""Drawing evaluators for targets (reference/evaluation.md §10), reproducible by anyone.

Before the draw the round publishes ``commitment(seed)``; after it, the seed. Every order comes
from SHA-256 of the seed, the round and an id (never ``random``), so a re-run on another Python
gives the same assignment. Conflicts of interest are never relaxed: a target without enough
eligible evaluators is reported, and the chair enlarges the pool.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Set
from dataclasses import dataclass, field


def commitment(seed: str) -> str:
    """What the round publishes before the draw: SHA-256 of the seed."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def order_key(seed: str, round_id: str, item: str) -> str:
    return hashlib.sha256(f"{seed}\x1f{round_id}\x1f{item}".encode()).hexdigest()


@dataclass
class Draw:
    assigned: dict[str, list[str]] = field(default_factory=dict)  # target → evaluators
    loads: dict[str, int] = field(default_factory=dict)
    infeasible: dict[str, int] = field(default_factory=dict)  # target → evaluators missing


def draw(
    *,
    seed: str,
    round_id: str,
    demand: Mapping[str, int],
    capacity: Mapping[str, int],
    conflicts: Set[tuple[str, str]] = frozenset(),
    badpairs: Set[frozenset[str]] = frozenset(),
) -> Draw:
    """Least-loaded random draw: targets in seeded order; for each, the eligible evaluators with
    spare capacity, least loaded first, ties by the seeded order.

    ``conflicts`` holds (evaluator, target) pairs that may not meet; ``badpairs`` evaluators who
    may not rate the same target (e.g. from one organization).
    """
    result = Draw(loads=dict.fromkeys(capacity, 0))
    for target in sorted(demand, key=lambda t: order_key(seed, round_id, t)):
        chosen: list[str] = []
        candidates = sorted(
            (e for e in capacity if (e, target) not in conflicts),
            key=lambda e: (result.loads[e], order_key(seed, round_id, f"{target}\x1f{e}")),
        )
        for evaluator in candidates:
            if len(chosen) == demand[target]:
                break
            if result.loads[evaluator] >= capacity[evaluator]:
                continue
            if any(frozenset((evaluator, other)) in badpairs for other in chosen):
                continue
            chosen.append(evaluator)
            result.loads[evaluator] += 1
        result.assigned[target] = chosen
        if len(chosen) < demand[target]:
            result.infeasible[target] = demand[target] - len(chosen)
    return result
