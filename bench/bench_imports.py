"""Imports at scale: a spreadsheet of 100,000 tasks, validated whole, then written all or nothing.

Prints, for 10,000 and 100,000 rows, the time to read the file, to check every row and to write
them, and what a web write did meanwhile: a second connection creates a task every 0.2 s while
the import runs and counts the writes that failed (``database is locked``) and the longest wait.

    .venv/bin/python bench/bench_imports.py                                   # SQLite, a file in WAL mode
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_imports.py     # PostgreSQL
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

os.environ.setdefault("HYEOPCHI_VAR_DIR", tempfile.mkdtemp(prefix="hyeopchi-bench-"))
harness.setup()

from django.db import OperationalError, connection, connections  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.core.tabular import read_table  # noqa: E402
from hyeopchi.tasks import services, transfer  # noqa: E402
from hyeopchi.tasks.models import Task  # noqa: E402

SYSTEM = Actor.system("bench")
SIZES = [int(n) for n in os.environ.get("HYEOPCHI_BENCH_SIZES", "10000,100000").split(",")]
STATUSES = ["", "추진 중", "완료", "지연"]


def spreadsheet(rows: int, start: int) -> bytes:
    """A CSV of ``rows`` tasks: every tenth a sub-task of the row before it, most with a status."""
    lines = ["제목,주관 기관,상위 과제,상태,진행률,시작일,종료일,설명"]
    for n in range(start, start + rows):
        parent = f"과제 {n - 1}" if n % 10 == 9 and n > start else ""
        status = STATUSES[n % len(STATUSES)]
        progress = "" if status in {"", "완료"} else str(n % 100)
        lines.append(f"과제 {n},벤치시,{parent},{status},{progress},2026-01-01,2026-12-31,마을 자원순환 거점 {n}")
    return ("\n".join(lines) + "\n").encode()


class Writer(threading.Thread):
    """A web write every 0.2 s on its own connection, until stopped."""

    def __init__(self, site_pk: int) -> None:
        super().__init__(daemon=True)
        self.site_pk, self.stop, self.done, self.failed, self.longest = site_pk, threading.Event(), 0, 0, 0.0

    def run(self) -> None:
        from hyeopchi.organizations.models import Organization

        site = Organization.objects.get(pk=self.site_pk)
        while not self.stop.is_set():
            begin = time.perf_counter()
            try:
                services.create_task(actor=SYSTEM, owner=site, title=f"웹 쓰기 {self.done + self.failed}")
                self.done += 1
            except OperationalError:
                self.failed += 1
            self.longest = max(self.longest, time.perf_counter() - begin)
            self.stop.wait(0.2)
        connections.close_all()


def measure(site_pk: int, rows: int, start: int) -> None:
    from hyeopchi.organizations.models import Organization

    site = Organization.objects.get(pk=site_pk)
    data = spreadsheet(rows, start)
    begin = time.perf_counter()
    table = read_table(data, "tasks.csv")
    read = time.perf_counter() - begin
    writer = Writer(site_pk)
    writer.start()
    begin = time.perf_counter()
    batch = transfer.check_tasks(site=site, table=table)
    checked = time.perf_counter() - begin
    created = services.create_tasks(actor=SYSTEM, site=site, batch=batch, narrative="벤치 가져오기")
    total = time.perf_counter() - begin
    writer.stop.set()
    writer.join()
    print(
        f"{rows:>7,} rows  read {read:5.1f} s  check {checked:5.1f} s  write {total - checked:5.1f} s  "
        f"import {total:5.1f} s  created {len(created):,}  |  "
        f"web writes meanwhile: {writer.done} done, {writer.failed} failed, longest {writer.longest:.2f} s"
    )


def main() -> None:
    from django.core.management import call_command

    if connection.vendor == "postgresql":
        context: AbstractContextManager[None] = harness.test_database()
    else:
        call_command("migrate", verbosity=0)
        context = nullcontext()
    with context:
        print(f"database: {connection.vendor}")
        site = harness.bench_site()
        start = 0
        for size in SIZES:
            measure(site.pk, size, start)
            start += size
        print(f"tasks: {Task.objects.count():,}")
        print("target: 100,000 rows written in ≤ 60 s, no web write failed")


if __name__ == "__main__":
    main()
