"""Drawing evaluators for targets (reference/evaluation.md §10), reproducible by anyone.

Before the draw the round publishes ``commitment(seed)``; after it, the seed. The seed ends in a
random salt (``new_seed``), so nobody can find it by hashing guesses at the commitment; where the
round names a public value that does not exist yet when the commitment is published (the winning
numbers of a named future lottery draw), the draw runs on the seed combined with that value
(``drawing_seed``), so the office cannot choose a favourable seed either. Every order comes from
SHA-256 of that seed, the round and an id (never ``random``), so a re-run on another Python gives
the same assignment. Conflicts of interest are never relaxed: a target without enough eligible
evaluators is reported, and the chair enlarges the pool.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from fractions import Fraction


def commitment(seed: str) -> str:
    """What the round publishes before the draw: SHA-256 of the seed."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


SALT_HEX = 32  # 128 bits
_SALT = re.compile(rf"[0-9a-f]{{{SALT_HEX},}}$")


def new_seed(phrase: str = "") -> str:
    """A seed to commit to: an optional phrase, then a random salt of SALT_HEX hex digits."""
    salt = secrets.token_hex(SALT_HEX // 2)
    return f"{phrase.strip()}#{salt}" if phrase.strip() else salt


def has_salt(seed: str) -> bool:
    """Whether ``seed`` ends in a salt of at least SALT_HEX hex digits (what ``new_seed`` makes)."""
    return bool(_SALT.search(seed))


def drawing_seed(seed: str, public_value: str = "") -> str:
    """The seed the draw runs on: the committed seed, combined with the public value the round
    named beforehand (spaces collapsed), if any."""
    value = " ".join(public_value.split())
    return f"{seed}\x1f{value}" if value else seed


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


def flow(
    *,
    seed: str,
    round_id: str,
    demand: Mapping[str, int],
    capacity: Mapping[str, int],
    conflicts: Set[tuple[str, str]] = frozenset(),
    affinity: Mapping[tuple[str, str], int] | None = None,
) -> Draw:
    """The min-cost-flow option: source → evaluators (capacity c_e) → targets (demand k_t) →
    sink, one arc of capacity 1 per eligible pair, cost −(1000·a + ε) with a seeded ε in 0…999,
    so the highest total affinity wins and the seed breaks ties. No arc on a conflicted pair."""
    import networkx as nx  # noqa: PLC0415 - only this option needs it

    affinity = affinity or {}
    graph = nx.DiGraph()
    total = sum(demand.values())
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    for evaluator, cap in capacity.items():
        graph.add_edge("source", f"e:{evaluator}", capacity=cap, weight=0)
    for target, need in demand.items():
        graph.add_edge(f"t:{target}", "sink", capacity=need, weight=0)
        # Demand that no eligible evaluator can meet takes this dear arc: reported, never relaxed.
        graph.add_edge("source", f"short:{target}", capacity=need, weight=10**9)
        graph.add_edge(f"short:{target}", f"t:{target}", capacity=need, weight=0)
        for evaluator in capacity:
            if (evaluator, target) in conflicts:
                continue
            epsilon = int(order_key(seed, round_id, f"{target}\x1f{evaluator}")[:8], 16) % 1000
            cost = -(1000 * affinity.get((evaluator, target), 0) + epsilon)
            graph.add_edge(f"e:{evaluator}", f"t:{target}", capacity=1, weight=cost)
    flows = nx.min_cost_flow(graph)
    result = Draw(loads=dict.fromkeys(capacity, 0))
    for target, need in demand.items():
        chosen = sorted(e for e in capacity if flows.get(f"e:{e}", {}).get(f"t:{target}", 0) > 0)
        result.assigned[target] = chosen
        for evaluator in chosen:
            result.loads[evaluator] += 1
        if len(chosen) < need:
            result.infeasible[target] = need - len(chosen)
    return result


def stratified(*, seed: str, round_id: str, applicants: Mapping[str, tuple[str, ...]], size: int) -> list[str]:
    """A citizen panel of ``size`` from applicants, with seats per stratum (e.g. region × gender ×
    age) in proportion to the applicants by the largest remainder, each stratum's seats to its
    applicants in seeded order."""
    strata: dict[tuple[str, ...], list[str]] = {}
    for applicant, stratum in applicants.items():
        strata.setdefault(stratum, []).append(applicant)
    size = min(size, len(applicants))
    keys = sorted(strata)
    quotas = [(k, Fraction(size * len(strata[k]), len(applicants))) for k in keys]
    seats = {k: int(q) for k, q in quotas}
    leftover = size - sum(seats.values())
    by_remainder = sorted(range(len(keys)), key=lambda i: (-(quotas[i][1] - seats[keys[i]]), i))
    for i in by_remainder[:leftover]:
        seats[keys[i]] += 1
    chosen = []
    for key in keys:
        ordered = sorted(strata[key], key=lambda a: order_key(seed, round_id, a))
        chosen.extend(ordered[: seats[key]])
    return sorted(chosen)
