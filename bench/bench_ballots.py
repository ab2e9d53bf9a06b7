"""Ballots under load: gunicorn on loopback, 64 voters casting at once, on SQLite and PostgreSQL.

Each run casts ballots through the API (``PUT /api/v1/budgets/headings/{id}/ballot``) into a new
heading, one request in ten from a voter changing the ballot they cast earlier in the run; on the
same stack (gunicorn, sessions, CSRF, the same database) a minimal view does one INSERT. Baseline
and ballot runs alternate for HYEOPCHI_BENCH_PAIRS pairs (3); each pair gives a ratio and the
median is printed; before the first pair, 200 requests of each kind warm the workers up. After each ballot run it counts what was stored: one participation and one
ballot per voter, none lost, none doubled, each changed ballot holding its last picks.

    .venv/bin/python bench/bench_ballots.py                                 # SQLite (the default)
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_ballots.py   # PostgreSQL

HYEOPCHI_BENCH_WORKERS (4), HYEOPCHI_BENCH_REQUESTS (2000 a run), HYEOPCHI_BENCH_PAIRS (3) and
HYEOPCHI_BENCH_CLIENTS (64) change the set-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
if not os.environ.get("DATABASE_URL"):  # SQLite: a throwaway data directory shared with gunicorn
    os.environ["HYEOPCHI_VAR_DIR"] = tempfile.mkdtemp(prefix="hyeopchi-ballots-")
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import bench_supports as load  # noqa: E402  (sets Django up with bench.supports_settings)
from hyeopchi.budgeting.enums import Feasibility, Phase  # noqa: E402
from hyeopchi.budgeting.models import Ballot, Heading, Participation, Process  # noqa: E402
from hyeopchi.budgeting.services import processes  # noqa: E402
from hyeopchi.budgeting.services.processes import HeadingRules, PhaseDates  # noqa: E402
from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.core.models import AttributeKind, VerifiedAttribute  # noqa: E402
from hyeopchi.organizations import services as organization_services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind  # noqa: E402

SYSTEM = Actor.system("bench")
PORT = load.PORT
REQUESTS = int(os.environ.get("HYEOPCHI_BENCH_REQUESTS", "2000"))
PAIRS = int(os.environ.get("HYEOPCHI_BENCH_PAIRS", "3"))
CLIENTS = int(os.environ.get("HYEOPCHI_BENCH_CLIENTS", "64"))
AREA = "99001"
WARM = 200  # requests of each kind before the first pair
load.REQUESTS = REQUESTS


def ballot_request(heading: int, session: str, picks: list[int]) -> bytes:
    body = json.dumps({"picks": picks}).encode()
    return (
        f"PUT /api/v1/budgets/headings/{heading}/ballot HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Cookie: sessionid={session}; csrftoken={load.CSRF}\r\nX-CSRFToken: {load.CSRF}\r\n"
        f"Referer: http://127.0.0.1:{PORT}/\r\nConnection: close\r\n\r\n"
    ).encode() + body


def picks_of(n: int) -> list[int]:
    return sorted({n % 6 + 1, (n // 6) % 6 + 1, (n // 36) % 6 + 1})


def new_heading(process: Process, name: str) -> Heading:
    heading = processes.add_heading(
        actor=SYSTEM, process=process, name=name, amount=100_000_000, rules=HeadingRules(max_picks=3, area_codes=[AREA])
    )
    for number in range(1, 7):
        project = processes.add_project(actor=SYSTEM, heading=heading, title=f"사업 {number}", cost=10_000_000)
        processes.review_project(actor=SYSTEM, project=project, feasibility=Feasibility.FEASIBLE)
    return heading


def ballots_run(heading: Heading, keys: list[str], concurrency: int) -> float:
    """Ballots per second into ``heading``; checks what was stored."""
    fresh = keys[: REQUESTS * 9 // 10]
    changes = fresh[: REQUESTS - len(fresh)]
    payloads = [ballot_request(heading.pk, key, picks_of(n)) for n, key in enumerate(fresh)]
    for n, key in enumerate(changes):  # each change goes in well after the voter's first ballot
        payloads.insert(min(len(payloads), 10 * n + 50), ballot_request(heading.pk, key, [6]))
    elapsed, status = asyncio.run(load.run(payloads, concurrency))
    stored = Ballot.objects.filter(heading=heading).count()
    voted = Participation.objects.filter(heading=heading).count()
    changed = Ballot.objects.filter(heading=heading, picks=[6]).count()
    accepted = status.get(200, 0)
    print(
        f"   accepted {accepted}/{len(payloads)} · participations {voted} · ballots {stored}: "
        f"lost {len(fresh) - stored}, doubled {max(voted, stored) - len(fresh)} · changed ballots {changed}/{len(changes)}"
    )
    assert accepted == len(payloads), status
    assert stored == voted == len(fresh)
    assert changed >= len(changes)  # a voter whose own pick was [6] counts too
    return accepted / elapsed


def main() -> None:
    vendor = connection.vendor
    database_url = os.environ.get("DATABASE_URL", "")
    if vendor == "postgresql":  # a test database in the throwaway cluster, as bench_supports makes
        from django.conf import settings

        load.harness.test_environment()
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        database_url = database_url.rsplit("/", 1)[0] + "/" + settings.DATABASES["default"]["NAME"]
    else:
        call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        key = "bigserial PRIMARY KEY" if vendor == "postgresql" else "INTEGER PRIMARY KEY AUTOINCREMENT"
        cursor.execute(f"CREATE TABLE bench_baseline (id {key}, session text, at timestamp)")
    site = load.harness.bench_site()
    organization_services.create_organization(
        actor=SYSTEM, name="벤치구", kind=OrganizationKind.BASIC_GOVERNMENT, parent=site, admin_code=AREA
    )
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    process = processes.create_process(
        actor=SYSTEM,
        site=site,
        title="벤치 주민참여예산",
        slug="bench",
        phases=[
            PhaseDates(Phase.IDEAS, today - 10 * day, today - 2 * day),
            PhaseDates(Phase.VOTING, today - day, today + 10 * day),
        ],
    )
    keys = load.sessions(REQUESTS, "voter")
    VerifiedAttribute.objects.bulk_create(
        VerifiedAttribute(
            user_id=user_id, kind=AttributeKind.RESIDENCE, value=AREA, source="bench", verified_at=timezone.now()
        )
        for user_id in get_user_model().objects.values_list("pk", flat=True)
    )
    print(
        f"database: {vendor} · gunicorn {load.WORKERS} sync workers on 127.0.0.1:{PORT} · {CLIENTS} clients · "
        f"{REQUESTS} requests a run, 1 in 10 a changed ballot · {PAIRS} pairs of runs, interleaved"
    )
    server = load.start_server(database_url)
    try:
        # Both paths warm up before the first pair (each worker's first requests import and compile).
        warm_heading = new_heading(process, "예산 0")
        warm = [load.request_bytes("/bench/insert/", k) for k in keys[:WARM]]
        warm += [ballot_request(warm_heading.pk, k, picks_of(n)) for n, k in enumerate(keys[:WARM])]
        asyncio.run(load.run(warm, CLIENTS))
        ratios = []
        for pair in range(1, PAIRS + 1):
            base_rate = load.baseline_run(keys, CLIENTS)
            ballot_rate = ballots_run(new_heading(process, f"예산 {pair}"), keys, CLIENTS)
            ratios.append(ballot_rate / base_rate)
            print(
                f"pair {pair}: one-INSERT view {base_rate:7.1f}/s · ballots {ballot_rate:7.1f}/s · "
                f"ratio {ratios[-1]:.2f}"
            )
        print(
            f"{vendor}, {CLIENTS} clients: median ratio {statistics.median(ratios):.2f} "
            f"(lowest {min(ratios):.2f}, highest {max(ratios):.2f}; target ≥ 0.5); 0 lost, 0 doubled"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"took {time.perf_counter() - started:.0f} s")
