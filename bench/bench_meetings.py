"""Meetings at scale: occurrence generation, and the meetings list and meeting page over
10,000 meetings with 100,000 agenda items and the 1,000 series the generation made (with their
meetings), each page seen by an anonymous visitor, a signed-in citizen and a member of staff who is
secretary of the site and every organizer.

Run on PostgreSQL (the figures the issue asks for):
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_meetings.py
or on SQLite without the wrapper. Prints medians, p95 and query counts.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.meetings import recurrence, services  # noqa: E402
from hyeopchi.meetings.models import AgendaItem, Meeting, MeetingSeries  # noqa: E402
from hyeopchi.organizations import services as organization_services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind  # noqa: E402
from hyeopchi.organizations.models import Organization  # noqa: E402

SYSTEM = Actor.system("bench")
SEOUL = recurrence.SEOUL
# The shapes of governance meetings: bi-monthly, monthly, quarterly, heads in even months.
RULES = [
    "FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU",
    "FREQ=MONTHLY;BYDAY=3WE",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH",
    "FREQ=YEARLY;BYMONTH=2,4,6,8,10,12;BYDAY=3WE",
]


def timed(function, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return timings


def expansion_benchmark() -> None:
    start = dt.datetime(2026, 1, 5, 14, tzinfo=SEOUL)
    dtstarts = [
        recurrence.occurrences(
            RULES[i % 4], start + dt.timedelta(days=i % 28), start=start, end=start + dt.timedelta(days=120)
        )[0]
        for i in range(1000)
    ]

    def expand_all() -> int:
        return sum(
            len(
                recurrence.occurrences(
                    RULES[i % 4], dtstarts[i], start=dtstarts[i], end=dtstarts[i] + dt.timedelta(days=365)
                )
            )
            for i in range(1000)
        )

    count = expand_all()
    timings = timed(expand_all, 5)
    print(f"expand a year of 1,000 series ({count} occurrences): median {statistics.median(timings) * 1000:.0f} ms")


def generation_benchmark(site) -> None:
    """Create 1,000 series and generate a year of meetings for each, through the service."""
    body = organization_services.create_organization(
        actor=SYSTEM, name="생성 벤치", kind=OrganizationKind.COUNCIL, parent=site
    )
    start = dt.datetime(2026, 1, 5, 14, tzinfo=SEOUL)
    series = MeetingSeries.objects.bulk_create(
        MeetingSeries(
            organizer=body,
            title=f"정례회의 {i}",
            rrule=RULES[i % 4],
            dtstart=recurrence.occurrences(RULES[i % 4], start, start=start, end=start + dt.timedelta(days=120))[0],
        )
        for i in range(1000)
    )
    through = dt.date(2026, 12, 31)
    begin = time.perf_counter()
    created = services.generate_occurrences_for(actor=SYSTEM, series=series, through=through)
    elapsed = time.perf_counter() - begin
    print(
        f"generate a year for 1,000 series through the service ({created} meetings, "
        f"audit included): {elapsed * 1000:.0f} ms"
    )


def bulk_data(site) -> Meeting:
    """10,000 meetings of 100 organizers, 10 agenda items each (100,000 items)."""
    organizers = [
        organization_services.create_organization(
            actor=SYSTEM, name=f"위원회 {n:03d}", kind=OrganizationKind.COMMITTEE, parent=site
        )
        for n in range(100)
    ]
    start = dt.datetime(2020, 1, 6, 14, tzinfo=SEOUL)
    meetings = [
        Meeting(
            organizer=organizers[n % 100],
            title=f"회의 {n}",
            number=n // 100 + 1,
            start=start + dt.timedelta(hours=n * 7),
            end=start + dt.timedelta(hours=n * 7 + 2),
        )
        for n in range(10_000)
    ]
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    items = [
        AgendaItem(meeting_id=meeting_id, position=p + 1, title=f"안건 {p + 1}", kind="report")
        for meeting_id in ids
        for p in range(10)
    ]
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    return Meeting.objects.get(pk=ids[len(ids) // 2])


def page_benchmark(slug: str, meeting: Meeting, clients: dict[str, Client]) -> None:
    pages = (
        ("meetings list", f"/{slug}/meetings/"),
        ("upcoming only, page 2", f"/{slug}/meetings/?when=upcoming&page=2"),
        ("list, page 100", f"/{slug}/meetings/?page=100"),
        ("meeting page", f"/{slug}/meetings/{meeting.pk}/"),
    )
    for name, path in pages:
        for who, (timings, queries) in harness.viewer_times(clients, path).items():
            print(harness.page_line(f"{name} ({who})", timings, queries))


def main() -> None:
    with harness.test_database():
        print(f"database: {connection.vendor}")
        expansion_benchmark()
        site = harness.bench_site()
        generation_benchmark(site)
        meeting = bulk_data(site)
        harness.analyse()
        print(
            f"data: {Meeting.objects.count()} meetings, {AgendaItem.objects.count()} agenda items, "
            f"{MeetingSeries.objects.count()} series"
        )
        clients = harness.viewers(Organization.objects.filter(site=site))
        page_benchmark("bench", meeting, clients)


if __name__ == "__main__":
    main()
