"""The national round at scale: 243 targets × 14 indicators × 15 raters per target and indicator
(51,030 ratings), then 10 × the targets (510,300 ratings).

Prints, per size: the time to merely load the submitted ratings from the database, the time to
compute the whole result from the database (reading every input, aggregating, totals, ranks,
grades, incentives), their ratio (target ≤ 3), and the growth from 1 × to 10 × (linear = 10).
At 1 ×, it also times the office's page of the round with its diagnostics (target p95 ≤ 150 ms), as
the office's secretary: right after a rating changed (the worker's refresh run between, or not yet),
and unchanged; and the worker's refresh itself.

    .venv/bin/python bench/bench_evaluations.py            # SQLite (the figure the issue asks for)
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_evaluations.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.demo.data.evaluations import NATIONAL_RULES  # noqa: E402
from hyeopchi.demo.evaluations import level, unit  # noqa: E402
from hyeopchi.evaluations import compute, diagnostics, selectors, services  # noqa: E402
from hyeopchi.evaluations.assignment import commitment, new_seed  # noqa: E402
from hyeopchi.evaluations.enums import PanelKind, RoundStatus  # noqa: E402
from hyeopchi.evaluations.models import Evaluator, Panel, Rating, Round, Target  # noqa: E402
from hyeopchi.organizations import services as organization_services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind  # noqa: E402
from hyeopchi.organizations.models import Organization  # noqa: E402

SYSTEM = Actor.system("bench")
RATERS = 15
FACTORS = [(1, 5)] if "--quick" in sys.argv else [(1, 5), (10, 3)]
GROUPS = ["광역", "시", "군", "구"]
FRAMEWORK: dict[str, Any] = {
    "title": "bench",
    "fields": [
        {
            "key": f"F{f}",
            "name": f"분야 {f}",
            "points": 20 if f < 5 else 20,
            "indicators": [
                {
                    "key": f"I{f}{i}",
                    "name": f"지표 {f}-{i}",
                    "mode": "rubric",
                    "points": points,
                    "panels": {"expert": {"weight": "1", "trim": 1, "min_raters": 3}},
                }
                for i, points in enumerate([7, 7, 6] if f < 5 else [10, 10], start=1)
            ],
        }
        for f in range(1, 6)
    ],
}


def build(size: int, slug: str) -> Round:
    office = Organization.objects.filter(name="벤치 평가기관").first() or organization_services.create_organization(
        actor=SYSTEM, name="벤치 평가기관", kind=OrganizationKind.NATIONAL_MINISTRY
    )
    framework = services.create_framework(actor=SYSTEM, office=office, title=f"bench {slug}", spec=FRAMEWORK)
    framework = services.publish_framework(actor=SYSTEM, framework=framework)
    rules = {k: v for k, v in NATIONAL_RULES.items() if k not in ("panels", "tie_chain", "improvement")}
    round_ = services.create_round(
        actor=SYSTEM,
        office=office,
        slug=slug,
        title=slug,
        framework=framework,
        rules=rules,
        panels=[{"key": "expert", "kind": PanelKind.EXPERT, "title": "전문가", "per_target": RATERS}],
    )
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"{slug} 대상 {n}", kind=OrganizationKind.BASIC_GOVERNMENT, path="/") for n in range(size)]
    )
    Target.objects.bulk_create(
        [
            Target(round=round_, organization=o, code=f"T{n:05d}", name=o.name, group=GROUPS[n % 4])
            for n, o in enumerate(organizations)
        ]
    )
    panel = Panel.objects.get(round=round_)
    Evaluator.objects.bulk_create(
        [Evaluator(panel=panel, pseudonym=f"E{n:04d}", name=f"E{n}") for n in range(size // 3 + RATERS)]
    )
    services.move_round(actor=SYSTEM, round_=round_, to=RoundStatus.PREPARING)
    seed = new_seed(slug)
    round_ = services.commit_seed(actor=SYSTEM, round_=Round.objects.get(pk=round_.pk), commitment=commitment(seed))
    services.run_draw(actor=SYSTEM, round_=round_, seed=seed)
    round_ = services.move_round(actor=SYSTEM, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING)
    pairs = Target.objects.filter(round=round_).values_list("assignments__evaluator__pseudonym", "code")
    indicators = [i["key"] for f in FRAMEWORK["fields"] for i in f["indicators"]]
    ratings = [
        compute.Rating("expert", e, t, i, level(1 + 4 * unit(t) + (unit(e, t, i) - Decimal("0.5")) * 2, 1, 5))
        for e, t in pairs
        for i in indicators
    ]
    services.import_ratings(actor=SYSTEM, round_=round_, ratings=ratings)
    return round_


def load(round_: Round) -> int:
    """Merely fetch the rows the computation reads (the same query, no objects made)."""
    return len(list(selectors.rating_rows(round_).iterator(chunk_size=5000)))


def results(round_: Round) -> str:
    inputs = selectors.round_inputs(round_)
    outcome = compute.compute(inputs.framework, inputs.rules, inputs.targets, inputs.ratings)
    return outcome.output_hash


def office_page(round_: Round) -> None:
    """The office's page with the diagnostics shown, and its query count: right after a rating
    changed, once the worker has refreshed them (as a worker does between the change and the next
    look) and before it has (the page shows the figures from before, with a note); then unchanged.
    Also the worker's job itself."""
    staff = harness.viewers([round_.office])["staff"]
    path = f"/evaluations/{round_.slug}/office/?diagnostics=1"
    one = Rating.objects.filter(assignment__target__round=round_).order_by("pk").first()
    assert one is not None
    jobs: list[float] = []

    def change() -> None:
        Rating.objects.filter(pk=one.pk).update(updated_at=timezone.now())

    def change_and_refresh() -> None:
        change()
        started = time.perf_counter()
        diagnostics.refresh.call(round_.pk)
        jobs.append(time.perf_counter() - started)

    timings, queries = harness.page_times(staff, path, 10, before=change_and_refresh)
    print("  " + harness.page_line("office + diagnostics, refreshed", timings, queries))
    with mock.patch.object(diagnostics, "refresh"):  # no worker has run yet
        timings, queries = harness.page_times(staff, path, 10, before=change)
    print("  " + harness.page_line("office + diagnostics, renewing", timings, queries))
    diagnostics.refresh.call(round_.pk)  # the worker catches up
    timings, queries = harness.page_times(staff, path, 30)
    print("  " + harness.page_line("office + diagnostics, unchanged", timings, queries))
    print(
        f"  the worker's refresh: median {statistics.median(jobs) * 1000:.0f} ms, p95 {harness.p95(jobs) * 1000:.0f} ms"
    )


def median_time(function: Callable[[Round], object], round_: Round, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(round_)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    harness.test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor}")
    computed = {}
    for factor, repeat in FACTORS:
        size = 243 * factor
        start = time.perf_counter()
        round_ = build(size, f"bench-{size}")
        count = Rating.objects.filter(assignment__target__round=round_).count()
        print(f"\n{size} targets, {count:,} ratings (built in {time.perf_counter() - start:.1f} s)")
        # Interleaved, so both see the same state of caches and memory.
        pairs = [(median_time(load, round_, 1), median_time(results, round_, 1)) for _ in range(repeat)]
        loading = statistics.median(p[0] for p in pairs)
        computing = statistics.median(p[1] for p in pairs)
        computed[factor] = computing
        print(f"  load the ratings:          {loading:.3f} s")
        print(f"  compute from the database: {computing:.3f} s   (target ≤ 2 s at 243 targets)")
        print(f"  ratio compute / load:      {computing / loading:.2f}   (target ≤ 3)")
        if factor == 1:
            office_page(round_)
    if 10 in computed:
        print(f"\ngrowth from 1 × to 10 × the targets: {computed[10] / computed[1]:.2f} (linear = 10)")


if __name__ == "__main__":
    main()
