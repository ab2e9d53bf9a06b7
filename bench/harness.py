"""What the benchmarks share: Django set up from a script, a throwaway database and the bench site.

A benchmark runs as a script (``python bench/bench_x.py``), so it calls `setup()` before it
imports anything that needs Django.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup(settings_module: str = "hyeopchi.config.settings_test") -> None:
    """Put the project on the path and set Django up with the given settings."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def test_environment() -> None:
    """Django's test environment (the test client's host, mail kept in memory) with templates
    rendered as a server renders them: the test instrumentation, which copies every context for
    the test client, is taken off again."""
    from django.template import Template
    from django.test.utils import setup_test_environment

    render = Template._render
    setup_test_environment()
    Template._render = render


@contextmanager
def test_database() -> Iterator[None]:
    """A fresh test database for the run (in the test environment above), destroyed afterwards."""
    from django.db import connection

    test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@contextmanager
def built_site(build) -> Iterator[tuple[Any, float]]:
    """A fresh test database holding the bench site with what ``build(site)`` adds in one
    transaction: the site and the seconds the build took. Prints the database's vendor first."""
    from django.db import connection, transaction

    with test_database():
        print(f"database: {connection.vendor}")
        site = bench_site()
        begin = time.perf_counter()
        with transaction.atomic():
            build(site)
        yield site, time.perf_counter() - begin


def bench_site():
    """The site every benchmark builds on: 벤치시 at /bench/."""
    from hyeopchi.core.actor import Actor
    from hyeopchi.organizations import services
    from hyeopchi.organizations.enums import OrganizationKind

    return services.create_organization(
        actor=Actor.system("bench"), name="벤치시", kind=OrganizationKind.METROPOLITAN_GOVERNMENT, site_slug="bench"
    )


def viewers(staff_of) -> dict:
    """Three test clients, as the pages' three kinds of visitor: nobody signed in, a citizen, and a
    member of staff who is secretary of every organization in ``staff_of``."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from hyeopchi.core.actor import Actor
    from hyeopchi.organizations.enums import OrganizationRoleName
    from hyeopchi.organizations.services import assign_role

    user_model = get_user_model()
    citizen = user_model.objects.create(username="bench-citizen", password="!")  # noqa: S106
    staff = user_model.objects.create(username="bench-staff", password="!")  # noqa: S106
    for organization in staff_of:
        assign_role(
            actor=Actor.system("bench"), user=staff, organization=organization, role=OrganizationRoleName.SECRETARY
        )
    clients = {"anonymous": Client(), "citizen": Client(), "staff": Client()}
    clients["citizen"].force_login(citizen)
    clients["staff"].force_login(staff)
    return clients


def p95(values: list[float]) -> float:
    return sorted(values)[max(int(len(values) * 0.95) - 1, 0)]


def page_times(client, path: str, repeat: int = 30, before=None) -> tuple[list[float], int]:
    """Seconds per GET of ``path`` over ``repeat`` requests (``before`` runs ahead of each, untimed),
    and the number of queries of one more request."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return timings, len(queries.captured_queries)


def viewer_times(clients: dict, path: str, repeat: int = 30, warm: int = 3) -> dict[str, tuple[list[float], int]]:
    """``page_times`` for each viewer, taken in turns (one request each per round, after ``warm``
    untimed ones each), so no viewer pays alone for a cold start or for what the others left
    behind: the figures are a running server's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for client in clients.values():
        for _ in range(warm):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
    timings: dict[str, list[float]] = {who: [] for who in clients}
    for _ in range(repeat):
        for who, client in clients.items():
            start = time.perf_counter()
            client.get(path)
            timings[who].append(time.perf_counter() - start)
    counts = {}
    for who, client in clients.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[who] = len(queries.captured_queries)
    return {who: (timings[who], counts[who]) for who in clients}


def page_line(name: str, timings: list[float], queries: int) -> str:
    import statistics

    return (
        f"{name:<34} median {statistics.median(timings) * 1000:7.1f} ms   "
        f"p95 {p95(timings) * 1000:7.1f} ms   queries {queries}"
    )


def analyse() -> None:
    """Table statistics as a running site has them: the daily job's on SQLite, autovacuum's on
    PostgreSQL (done here at once)."""
    from django.db import connection

    from hyeopchi.core.queries import refresh_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        refresh_statistics()


def in_child(function, *args: Any) -> Any:
    """``function(*args)`` run in a forked child process, its result sent back: what it measures of
    its own process (peak memory) is the function's alone. A PostgreSQL connection is closed first
    so the child opens its own; SQLite's in-memory test database is inherited as it is."""
    import multiprocessing

    from django.db import connection, connections

    if connection.vendor != "sqlite":
        connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return pool.apply(function, args)
