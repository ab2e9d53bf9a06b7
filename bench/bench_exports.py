"""Exports at scale: the public task list of 100,000 tasks as CSV and XLSX.

Prints, for 10,000 and 100,000 tasks, the time to stream each download to its last byte and the
peak memory Python allocated while doing so (tracemalloc, measured in a second pass), and the
ratio of the peaks: memory that does not grow with the rows keeps that ratio near 1.

    .venv/bin/python bench/bench_exports.py                                   # SQLite
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_exports.py     # PostgreSQL
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.tasks.models import Task  # noqa: E402

SYSTEM = Actor.system("bench")
SIZES = [10_000, 100_000]
STATUSES = ["planned", "in_progress", "completed", "delayed"]


def add_tasks(site_id: int, owner_id: int, start: int, stop: int) -> None:
    Task.objects.bulk_create(
        [
            Task(
                site_id=site_id,
                owner_id=owner_id,
                kind="innovation_task",
                title=f"과제 {n}: 마을 자원순환 거점 조성",
                description="주민과 함께 재활용 거점을 만들고 운영 실적을 분기마다 보고한다.",
                status=STATUSES[n % len(STATUSES)],
                progress=n % 101,
                position=n,
            )
            for n in range(start, stop)
        ],
        batch_size=5000,
    )


def download(client: Client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    chunks: Iterable[bytes] = response.streaming_content
    return sum(len(chunk) for chunk in chunks)


def timed(client: Client, path: str) -> tuple[float, int]:
    begin = time.perf_counter()
    size = download(client, path)
    return time.perf_counter() - begin, size


def peak(client: Client, path: str) -> int:
    tracemalloc.start()
    try:
        download(client, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    with harness.test_database():
        print(f"database: {connection.vendor}")
        site = harness.bench_site()
        client = Client()
        peaks: dict[str, list[int]] = {"csv": [], "xlsx": []}
        done = 0
        for size in SIZES:
            with transaction.atomic():
                add_tasks(site.pk, site.pk, done, size)
            done = size
            for fmt in ("csv", "xlsx"):
                seconds, length = timed(client, f"/bench/tasks.{fmt}")
                peaks[fmt].append(peak(client, f"/bench/tasks.{fmt}"))
                print(
                    f"{size:>7,} tasks  {fmt:<4}  {seconds:6.2f} s  {length / 2**20:6.1f} MiB  "
                    f"peak Python memory {peaks[fmt][-1] / 2**20:6.1f} MiB"
                )
        for fmt, (small, large) in peaks.items():
            print(
                f"{fmt}: peak memory at {SIZES[1]:,} / at {SIZES[0]:,} tasks = {large / small:.2f}"
                " (flat is 1; the rows grew 10 times)"
            )
        print("targets: CSV ≤ 5 s and XLSX ≤ 20 s for 100,000 tasks")


if __name__ == "__main__":
    main()
