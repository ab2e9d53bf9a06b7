"""The dashboards and the white paper at a large site's size: 1,000 held meetings of 20 bodies with
10,000 attendance records, 5,000 tasks of 25 organizations with 20,000 progress reports, 10,000
proposals with 30,000 supports. Prints each dashboard page and table file's time (median, p95) and
query count (target ≤ 300 ms), and the white paper's PDF and HWPX: time, pages, pages per second and
the peak memory of the process that wrote them (targets: PDF ≤ 60 s, ≤ 1 GB).

With ``search`` (alone, or after the rest), the site search over 100,000 entries of every type, 20
bodies and eleven years: each query's time through the search page (median, p95; target p95 ≤ 150 ms)
and its query count, which must not grow with what it finds.

    .venv/bin/python bench/bench_reports.py [search]
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_reports.py [search]
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from urllib.parse import urlencode  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.meetings.models import Attendance, Meeting  # noqa: E402
from hyeopchi.organizations import services as organization_services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind, PostRole  # noqa: E402
from hyeopchi.organizations.models import Organization  # noqa: E402
from hyeopchi.proposals.models import Proposal, Support  # noqa: E402
from hyeopchi.tasks.models import ProgressReport, Task  # noqa: E402

SYSTEM = Actor.system("bench")
BODIES, MEETINGS, SEATS = 20, 1_000, 10
OWNERS, TASKS, REPORTS_PER_TASK = 25, 5_000, 4
PROPOSALS, SUPPORTS_PER_PROPOSAL = 10_000, 3
START = dt.datetime(2019, 1, 7, 5, 0, tzinfo=dt.UTC)


def build(site) -> None:
    bodies = [
        organization_services.create_organization(
            actor=SYSTEM, name=f"위원회 {n:02d}", kind=OrganizationKind.COMMITTEE, parent=site
        )
        for n in range(BODIES)
    ]
    posts = {
        body.pk: [
            organization_services.create_post(actor=SYSTEM, organization=body, name=f"위원 {k}", role=PostRole.MEMBER)
            for k in range(SEATS)
        ]
        for body in bodies
    }
    meetings = [
        Meeting(
            organizer=bodies[n % BODIES],
            title=f"정례회의 {n}",
            start=START + dt.timedelta(days=2 * n),
            end=START + dt.timedelta(days=2 * n, hours=2),
            status="held",
        )
        for n in range(MEETINGS)
    ]
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=m, post=post, status="present" if (m.pk + k) % 5 else "absent")
            for m in Meeting.objects.filter(organizer__site=site)
            for k, post in enumerate(posts[m.organizer_id])
        ],
        batch_size=5000,
    )
    owners = [
        organization_services.create_organization(
            actor=SYSTEM, name=f"부서 {n:02d}", kind=OrganizationKind.DEPARTMENT, parent=site
        )
        for n in range(OWNERS)
    ]
    first_day = START.date()
    Task.objects.bulk_create(
        [
            Task(
                site=site,
                kind="other",
                title=f"과제 {n}",
                owner=owners[n % OWNERS],
                status=("completed", "in_progress", "planned", "delayed")[n % 4],
                progress=(100, 50, 0, 20)[n % 4],
                end_date=first_day + dt.timedelta(days=n % 2400),
            )
            for n in range(TASKS)
        ],
        batch_size=5000,
    )
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                task=task,
                reported_on=first_day + dt.timedelta(days=(task.pk * 7 + k * 90) % 2500),
                progress=min(100, 25 * (k + 1)),
                status="completed" if k == REPORTS_PER_TASK - 1 and task.status == "completed" else "in_progress",
                narrative="진행",
            )
            for task in Task.objects.filter(site=site)
            for k in range(REPORTS_PER_TASK)
        ],
        batch_size=5000,
    )
    user_model = get_user_model()
    user_model.objects.bulk_create(
        [user_model(username=f"r{n}", password="!") for n in range(SUPPORTS_PER_PROPOSAL)]  # noqa: S106
    )
    users = list(user_model.objects.filter(username__startswith="r").values_list("pk", flat=True))
    Proposal.objects.bulk_create(
        [
            Proposal(
                site=site,
                kind="citizen",
                title=f"제안 {n}",
                body="내용",
                addressee=site,
                author_user_id=users[n % len(users)],
                status="submitted",
                submitted_at=START + dt.timedelta(hours=5 * n),
            )
            for n in range(PROPOSALS)
        ],
        batch_size=5000,
    )
    ids = list(Proposal.objects.filter(site=site).values_list("pk", flat=True))
    Support.objects.bulk_create(
        [Support(proposal_id=pk, user_id=user) for pk in ids for user in users], batch_size=10_000
    )
    harness.analyse()


def main() -> None:
    with harness.built_site(build) as (site, seconds):
        print(
            f"data: {Meeting.objects.count():,} meetings, {Attendance.objects.count():,} attendance records, "
            f"{Task.objects.count():,} tasks, {ProgressReport.objects.count():,} progress reports, "
            f"{Proposal.objects.count():,} proposals, {Support.objects.count():,} supports "
            f"(built in {seconds:.0f} s)"
        )
        client = Client()
        worst = 0.0
        for name, path in (
            ("dashboard page", "/bench/dashboard/"),
            ("participation table (CSV)", "/bench/dashboard/participation.csv"),
            ("funnel table (CSV)", "/bench/dashboard/funnel.csv"),
            ("implementation table (CSV)", "/bench/dashboard/implementation.csv"),
            ("meetings table (CSV)", "/bench/dashboard/meetings.csv"),
            ("open-data page", "/bench/data/"),
            ("open-data catalogue (DCAT)", "/bench/data/catalog.jsonld"),
        ):
            timings, queries = harness.page_times(client, path, 15)
            print(harness.page_line(name, timings, queries))
            worst = max(worst, harness.p95(timings))
        print(f"worst p95: {worst * 1000:.1f} ms (target 300 ms)")
        white_paper(site)


def white_paper(site) -> None:
    """Each file written in a child process, so its peak memory is the render's own."""
    from hyeopchi.reports import services  # noqa: PLC0415

    paper = services.create_white_paper(
        actor=SYSTEM, site=site, spec=services.PaperSpec("벤치 백서", dt.date(2019, 1, 1), dt.date(2025, 12, 31))
    )
    for extension in ("pdf", "hwpx"):
        seconds, pages, peak = harness.in_child(_render, paper.pk, extension)
        rate = f", {pages / seconds:.1f} pages/s" if pages else ""
        print(
            f"white paper {extension.upper()}: {seconds:.1f} s, {pages or '–'} pages{rate}, "
            f"peak memory {peak / 1024:.0f} MB" + (" (targets 60 s, 1,024 MB)" if extension == "pdf" else "")
        )


def _render(paper_pk: int, extension: str) -> tuple[float, int, int]:
    import resource  # noqa: PLC0415
    import tempfile  # noqa: PLC0415
    import time  # noqa: PLC0415

    from hyeopchi.reports import rendering  # noqa: PLC0415
    from hyeopchi.reports.models import WhitePaper  # noqa: PLC0415
    from hyeopchi.reports.whitepaper import compile_paper  # noqa: PLC0415

    paper = WhitePaper.objects.get(pk=paper_pk)
    started = time.perf_counter()
    document = compile_paper(paper, as_of=dt.date(2025, 12, 31))
    pages = 0
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"paper.{extension}"
        if extension == "pdf":
            rendered = rendering.to_pdf(rendering.to_html(document))
            output.write_bytes(rendered.data)
            pages = rendered.pages
        else:
            output.write_bytes(rendering.to_hwpx(document))
    return time.perf_counter() - started, pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


ENTRIES = 100_000
DISTINCT_TEXTS = 2_000
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEARCHES = (
    ("a common word", {"q": "협치"}),
    ("a word with its particle", {"q": "주민들이"}),
    ("two words", {"q": "위원회 회의"}),
    ("a rare word", {"q": "그늘막"}),
    ("a common word, one type", {"q": "협치", "type": "proposal"}),
    ("a common word, type, body and year", {"q": "협치", "type": "task", "body": "BODY", "year": "2021"}),
    ("a common word, page 50", {"q": "협치", "page": "50"}),
    ("everything, one year", {"year": "2020"}),
    ("a word nothing holds", {"q": "우주정거장"}),
)


def _sentences() -> list[str]:
    """Sentences of the seed articles, the words the site's records are written in."""
    text = " ".join(path.read_text() for path in sorted(SEEDS.glob("*.txt")))
    return [s.strip() for s in re.split(r"(?<=[.다])\s+", text) if 15 <= len(s.strip()) <= 300]


def build_search(site) -> None:
    from hyeopchi.core.korean import search_terms  # noqa: PLC0415
    from hyeopchi.reports.enums import SearchKind  # noqa: PLC0415
    from hyeopchi.reports.models import SearchEntry  # noqa: PLC0415

    bodies = [
        organization_services.create_organization(
            actor=SYSTEM, name=f"위원회 {n:02d}", kind=OrganizationKind.COMMITTEE, parent=site
        )
        for n in range(BODIES)
    ]
    pool = _sentences()
    chance = random.Random(2026)
    texts = [" ".join(chance.sample(pool, 3)) for _ in range(DISTINCT_TEXTS - 1)] + ["폭염 대비 그늘막 설치 계획"]
    terms = [" ".join(search_terms(text)) for text in texts]
    kinds = list(SearchKind)
    statuses = ("held", "adopted", "published", "submitted", "in_progress", "in_progress", "feasible", "material")
    rows = []
    for n in range(ENTRIES):
        k = n % len(kinds)
        t = (n * 7919) % DISTINCT_TEXTS if n % 5000 else DISTINCT_TEXTS - 1  # the rare text: 20 entries
        day = dt.date(2015, 1, 1) + dt.timedelta(days=(n * 37) % 4000)
        rows.append(
            SearchEntry(
                site=site,
                source=f"bench.{kinds[k].value}",
                object_id=n,
                kind=kinds[k],
                body=bodies[n % BODIES],
                year=day.year,
                date=day,
                status=statuses[k],
                title=f"{texts[t][:30]} {n}",
                text=texts[t],
                terms=terms[t],
                target={"proposal": n},
            )
        )
    SearchEntry.objects.bulk_create(rows, batch_size=5000)
    harness.analyse()


def search_main() -> None:
    from hyeopchi.reports import search  # noqa: PLC0415
    from hyeopchi.reports.models import SearchEntry  # noqa: PLC0415

    with harness.built_site(build_search) as (site, seconds):
        body = Organization.objects.filter(site=site).exclude(pk=site.pk).order_by("pk").first()
        print(f"data: {SearchEntry.objects.count():,} search entries (built in {seconds:.0f} s)")
        client = Client()
        worst = 0.0
        for name, params in SEARCHES:
            query = {key: (str(body.pk) if value == "BODY" else value) for key, value in params.items()}
            path = "/bench/search/?" + urlencode(query)
            timings, queries = harness.page_times(client, path, 20)
            found = search.search(
                site,
                query.get("q", ""),
                search.Filters(
                    kind=query.get("type", ""),
                    body=int(query["body"]) if "body" in query else None,
                    year=int(query["year"]) if "year" in query else None,
                ),
            ).total
            print(harness.page_line(f"search: {name} ({found:,} found)", timings, queries))
            worst = max(worst, harness.p95(timings))
        print(f"search worst p95: {worst * 1000:.1f} ms (target 150 ms)")


if __name__ == "__main__":
    if sys.argv[1:] == ["search"]:
        search_main()
    else:
        main()
        search_main()
