"""Supports under load: gunicorn on loopback, many clients supporting one proposal at once.

For 32 and then 64 concurrent clients it measures sustained supports per second through the API
(``POST /api/v1/proposals/{id}/support``) and, on the same stack (gunicorn, sessions, CSRF,
PostgreSQL), a minimal view that does one INSERT. The two runs alternate, a baseline run then a
supports run, for HYEOPCHI_BENCH_PAIRS pairs (5); each pair gives a ratio, and the median ratio is
printed with its spread (lowest and highest), so a slow moment of the machine weighs on both sides.
After each supports run it counts the supports stored: none may be lost, none doubled. One request
in ten repeats a person who already supported, and must be refused.

    bash scripts/with-postgres.sh .venv/bin/python bench/bench_supports.py

HYEOPCHI_BENCH_WORKERS (4), HYEOPCHI_BENCH_REQUESTS (3000 a run), HYEOPCHI_BENCH_PAIRS (5) and HYEOPCHI_BENCH_GUNICORN (more
gunicorn arguments, e.g. a config file that profiles the workers) change the set-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.supports_settings"
harness.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.proposals import services  # noqa: E402
from hyeopchi.proposals.models import Proposal, Support  # noqa: E402

SYSTEM = Actor.system("bench")
PORT = int(os.environ.get("HYEOPCHI_BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("HYEOPCHI_BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("HYEOPCHI_BENCH_REQUESTS", "3000"))
PAIRS = int(os.environ.get("HYEOPCHI_BENCH_PAIRS", "5"))
CSRF = "b" * 32  # an unmasked CSRF secret: the cookie and the header carry the same value


def sessions(count: int, prefix: str) -> list[str]:
    user_model = get_user_model()
    user_model.objects.bulk_create(
        [user_model(username=f"{prefix}{n}", password="!") for n in range(count)]  # noqa: S106
    )
    keys = []
    backend = "django.contrib.auth.backends.ModelBackend"
    for user in user_model.objects.filter(username__startswith=prefix).order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key or "")
    return keys


def request_bytes(path: str, session: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nContent-Length: 0\r\n"
        f"Cookie: sessionid={session}; csrftoken={CSRF}\r\nX-CSRFToken: {CSRF}\r\n"
        f"Referer: http://127.0.0.1:{PORT}/\r\nConnection: close\r\n\r\n"
    ).encode()


async def send(payload: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(payload)
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()
    writer.close()
    return int(status_line.split()[1])


async def run(payloads: list[bytes], concurrency: int) -> tuple[float, dict[int, int]]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for payload in payloads:
        queue.put_nowait(payload)
    statuses: dict[int, int] = {}

    async def client() -> None:
        while not queue.empty():
            status = await send(queue.get_nowait())
            statuses[status] = statuses.get(status, 0) + 1

    begin = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - begin, statuses


def start_server(database_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.supports_settings",
        "PYTHONPATH": f"{harness.ROOT / 'src'}:{harness.ROOT}",
    }
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            *os.environ.get("HYEOPCHI_BENCH_GUNICORN", "").split(),
            "hyeopchi.config.wsgi:application",
        ],
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            asyncio.run(send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def baseline_run(keys: list[str], concurrency: int) -> float:
    """Requests per second of the one-INSERT view."""
    payloads = [request_bytes("/bench/insert/", keys[i % len(keys)]) for i in range(REQUESTS)]
    elapsed, status = asyncio.run(run(payloads, concurrency))
    return status.get(200, 0) / elapsed


def supports_run(
    author: Actor, site: Any, keys: list[str], used: int, concurrency: int, name: str
) -> tuple[float, int]:
    """Supports per second on a new proposal, and the next unused session; checks that every
    accepted support is stored once and every repeat was refused."""
    proposal = services.create_proposal(
        actor=author, addressee=site, title=f"부하 시험 제안 {name}", body="동시 공감 시험"
    )
    path = f"/api/v1/proposals/{proposal.pk}/support"
    fresh = keys[used : used + REQUESTS * 9 // 10]
    repeats = fresh[: REQUESTS - len(fresh)]
    payloads = [request_bytes(path, k) for k in fresh]
    for n, key in enumerate(repeats):  # each repeat goes in well after its first request
        payloads.insert(min(len(payloads), 10 * n + 50), request_bytes(path, key))
    elapsed, status = asyncio.run(run(payloads, concurrency))
    proposal.refresh_from_db()
    stored = Support.objects.filter(proposal=proposal).count()
    accepted = status.get(200, 0)
    print(
        f"   stored {stored}, counter {proposal.support_count}, accepted {accepted}: lost {accepted - stored}, "
        f"doubled {stored - len(fresh)}, refused repeats {status.get(409, 0)}/{len(repeats)}, status {proposal.status}"
    )
    assert stored == proposal.support_count == accepted == len(fresh)
    assert status.get(409, 0) == len(repeats)
    assert Proposal.objects.get(pk=proposal.pk).steps_reached == 1
    return accepted / elapsed, used + len(fresh)


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("run under scripts/with-postgres.sh: this measures PostgreSQL row locks")
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + settings.DATABASES["default"]["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, session text, at timestamptz)")
    site = harness.bench_site()
    services.create_ladder(
        actor=SYSTEM,
        site=site,
        name="벤치",
        valid_from=dt.date(2020, 1, 1),
        steps=[{"name": "토론", "metric": "supports", "threshold": 500, "window_days": 30, "effect": "debate"}],
    )
    keys = sessions(2 * PAIRS * REQUESTS + 200, "load")
    print(
        f"database: postgresql · gunicorn {WORKERS} sync workers on 127.0.0.1:{PORT} · "
        f"{REQUESTS} requests a run, 1 in 10 a repeat · {PAIRS} pairs of runs, interleaved"
    )
    server = start_server(database_url)
    try:
        author = Actor.for_user(get_user_model().objects.get(username="load0"))
        used = 1
        for concurrency in (32, 64):
            warm = [request_bytes("/bench/insert/", k) for k in keys[:100]]
            asyncio.run(run(warm, concurrency))
            ratios = []
            for pair in range(1, PAIRS + 1):
                base_rate = baseline_run(keys, concurrency)
                support_rate, used = supports_run(author, site, keys, used, concurrency, f"{concurrency}-{pair}")
                ratios.append(support_rate / base_rate)
                print(
                    f"{concurrency} clients, pair {pair}: one-INSERT view {base_rate:7.1f}/s · "
                    f"supports {support_rate:7.1f}/s · ratio {ratios[-1]:.2f}"
                )
            print(
                f"{concurrency} clients: median ratio {statistics.median(ratios):.2f} "
                f"(lowest {min(ratios):.2f}, highest {max(ratios):.2f}; target ≥ 0.5)"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
