"""How long budget tallies take: Equal Shares with add1 on two published elections, and reading and
tallying a generated approval election of 60,000 ballots × 80 projects greedily.

    .venv/bin/python bench/bench_budgeting.py [--quick]

pabutools (a test-only dependency) runs on the same inputs in the same run, for the ratios; it
takes about a minute on Świecie and several on Wieliczka. ``--quick`` leaves out Wieliczka and
pabutools.
"""

from __future__ import annotations

import functools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hyeopchi.budgeting import pabulib, tally  # noqa: E402

T = TypeVar("T")
DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "pabulib"


def generated(voters: int = 60_000, projects: int = 80, seed: int = 7) -> str:
    """An approval election in Pabulib's format: costs from 10,000 to 500,000 won, each voter picking
    one to five projects, popular ones more often."""
    rng = random.Random(seed)
    ids = [str(i) for i in range(1, projects + 1)]
    weights = [1 / (rank + 1) ** 0.7 for rank in range(projects)]
    lines = [
        "META",
        "key;value",
        "description;generated",
        "country;Korea",
        "unit;벤치시",
        "instance;2026",
        f"num_projects;{projects}",
        f"num_votes;{voters}",
        "budget;1000000000",
        "vote_type;approval",
        "rule;greedy",
        "date_begin;01.06.2026",
        "date_end;15.06.2026",
        "PROJECTS",
        "project_id;cost;name",
    ]
    lines += [f"{p};{rng.randrange(10_000, 500_001, 1000) * 100};사업 {p}" for p in ids]
    lines += ["VOTES", "voter_id;vote"]
    for voter in range(1, voters + 1):
        picks = set(rng.choices(ids, weights, k=rng.randint(1, 5)))
        lines.append(f"{voter};{','.join(sorted(picks, key=int))}")
    return "\n".join(lines) + "\n"


def timed(function: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def pabutools_seconds(path: Path, rule: str, *, reading: bool = False) -> float:
    """pabutools' time for the same tally (with reading the file when ``reading``): MES with add1
    (no stop at an exhaustive outcome, a step of one unit per voter) or greedy by votes."""
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares

    read_started = time.perf_counter()
    instance, profile = parse_pabulib(str(path))
    started = read_started if reading else time.perf_counter()
    if rule == "greedy":
        greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        exhaustion_by_budget_increase(
            instance,
            profile,
            method_of_equal_shares,
            {"sat_class": Cost_Sat},
            exhaustive_stop=False,
            budget_step=profile.num_ballots(),
        )
    return time.perf_counter() - started


def ratio(ours: float, theirs: float | None) -> str:
    return f" · pabutools {theirs:.1f} s · {theirs / ours:.0f}× faster" if theirs is not None else ""


def main() -> None:
    quick = "--quick" in sys.argv
    print("Equal Shares with add1 (exact)")
    for name in ["Poland_Swiecie_2023.pb"] + ([] if quick else ["Poland_Wieliczka_2023_Green_Budget.pb"]):
        election = pabulib.read(str(DATA / name))
        instance = pabulib.instance(election)
        seconds, outcome = timed(functools.partial(tally.tally, instance, "equalshares/add1"))
        same = set(outcome.selected) == election.published_selected()
        theirs = None if quick else pabutools_seconds(DATA / name, "add1")
        print(
            f"  {name}: {seconds:.2f} s · {outcome.rounds} runs ({seconds / outcome.rounds * 1000:.1f} ms each)"
            f" · published outcome {'reproduced' if same else 'differs'}{ratio(seconds, theirs)}"
        )
    text = generated()
    print(f"Greedy, generated approval election: 60,000 ballots × 80 projects ({len(text) / 1e6:.1f} MB)")
    read_s, election = timed(lambda: pabulib.parse(text), repeat=3)
    instance_s, instance = timed(lambda: pabulib.instance(election), repeat=3)
    tally_s, outcome = timed(lambda: tally.greedy(instance), repeat=3)
    ours = read_s + instance_s + tally_s
    theirs = None
    if not quick:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "generated.pb"
            path.write_text(text, encoding="utf-8")
            theirs = pabutools_seconds(path, "greedy", reading=True)
    print(
        f"  read {read_s * 1000:.0f} ms · ballots grouped {instance_s * 1000:.0f} ms · greedy {tally_s * 1000:.0f} ms"
        f" · total {ours * 1000:.0f} ms (goal ≤ 1000) · {len(outcome.selected)} selected"
        f"{ratio(ours, theirs)} (reading and tallying, both)"
    )


if __name__ == "__main__":
    main()
