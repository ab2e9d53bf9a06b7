"""Organization directory and roster at 100 and 1,000 organizations.

Prints the time per request and its ratio (1,000 vs 100), and the number of queries of each, which
must not grow with the size of the tree. Run: `make bench` (or `.venv/bin/python bench/...`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

os.environ.setdefault("HYEOPCHI_VAR_DIR", tempfile.mkdtemp(prefix="hyeopchi-bench-"))
os.environ.pop("DATABASE_URL", None)
harness.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.organizations import services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind  # noqa: E402
from hyeopchi.organizations.models import Organization  # noqa: E402

SYSTEM = Actor.system("bench")


def build_site(slug: str, size: int) -> tuple[str, int]:
    site = services.create_organization(
        actor=SYSTEM, name=f"시{slug}", kind=OrganizationKind.METROPOLITAN_GOVERNMENT, site_slug=slug
    )
    committees: list[Organization] = []
    for index in range(size - 1):
        # Ten children to a parent, breadth first: the tree grows wider and deeper with size.
        parent = committees[index // 10 - 1] if index >= 10 else site
        organization = services.create_organization(
            actor=SYSTEM, name=f"위원회{index:04d}", kind=OrganizationKind.COMMITTEE, parent=parent
        )
        committees.append(organization)
    body = committees[0]
    for seat_index in range(5):
        post = services.create_post(
            actor=SYSTEM, organization=body, name=f"자리{seat_index}", role="member", max_holders=5
        )
        for member in range(3):
            person = services.create_person(actor=SYSTEM, name=f"위원{seat_index}-{member}")
            services.appoint_member(actor=SYSTEM, post=post, person=person, start_date=dt.date(2024, 1, 1))
    return f"/{slug}/organizations/", body.pk


def measure(client: Client, path: str, repeat: int = 15) -> tuple[float, int]:
    client.get(path)  # warm templates and caches
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(timings), len(queries.captured_queries)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    rows = {}
    for slug, size in (("small", 100), ("large", 1000)):
        directory, body_pk = build_site(slug, size)
        rows[size] = {
            "directory": measure(client, directory),
            "organization": measure(client, f"{directory}{body_pk}/"),
        }
    print(f"{'page':<14}{'100 orgs':>12}{'1,000 orgs':>12}{'ratio':>8}{'queries':>12}")
    for page in ("directory", "organization"):
        (small_time, small_queries), (large_time, large_queries) = rows[100][page], rows[1000][page]
        print(
            f"{page:<14}{small_time * 1000:>10.1f}ms{large_time * 1000:>10.1f}ms"
            f"{large_time / small_time:>8.2f}{small_queries:>6} →{large_queries:>3}"
        )


if __name__ == "__main__":
    main()
