"""Proposals at scale: 100,000 proposals and 1,000,000 supports.

Prints median and p95 server times and query counts of the list (first and a deep page, by
supports), search, the similar-proposals check, a proposal page and the API list; then the busy
proposal's page as an anonymous visitor, a signed-in citizen and a member of staff who is
secretary of the city and its 20 committees, with a ladder, answers, comments and a task present.

    .venv/bin/python bench/bench_proposals.py                                   # SQLite
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_proposals.py     # PostgreSQL
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for bench.harness
from bench import harness  # noqa: E402

harness.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.data.similar_proposals import TOPICS  # noqa: E402
from hyeopchi.core.actor import Actor  # noqa: E402
from hyeopchi.organizations import services as organization_services  # noqa: E402
from hyeopchi.organizations.enums import OrganizationKind  # noqa: E402
from hyeopchi.proposals import services as proposal_services  # noqa: E402
from hyeopchi.proposals.models import Answer, Comment, Proposal, Support, search_text  # noqa: E402
from hyeopchi.proposals.similarity import stored  # noqa: E402
from hyeopchi.tasks import services as task_services  # noqa: E402

SYSTEM = Actor.system("bench")
PROPOSALS = 100_000
USERS = 20_000
STATUSES = ["submitted", "debate", "under_review", "accepted", "not_accepted", "expired"]


def supports_of(index: int) -> int:
    """90 % of proposals have 5 supports, 9 % have 40, 1 % have 190: 1,000,000 in all."""
    bucket = index % 100
    return 190 if bucket == 0 else 40 if bucket <= 9 else 5


def build(site_id: int) -> None:
    user_model = get_user_model()
    user_model.objects.bulk_create(
        [user_model(username=f"b{n}", password="!") for n in range(USERS)],  # noqa: S106
        batch_size=5000,
    )
    first_user = user_model.objects.order_by("pk").values_list("pk", flat=True).first()
    assert first_user is not None
    texts = [(title, body) for items in TOPICS.values() for title, body in items]
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    proposals = []
    for n in range(PROPOSALS):
        title, body = texts[n % len(texts)]
        proposals.append(
            Proposal(
                site_id=site_id,
                kind="citizen",
                title=f"{title} ({n})",
                body=body,
                addressee_id=site_id,
                author_user_id=first_user + (n % USERS),
                status=STATUSES[n % len(STATUSES)],
                submitted_at=start + dt.timedelta(minutes=7 * n),
                support_count=supports_of(n),
                search_tokens=search_text(f"{title} ({n})", body),
                similarity_terms=stored(f"{title} ({n})", body),
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=5000)
    ids = list(Proposal.objects.order_by("pk").values_list("pk", flat=True))
    rows = (
        (pk, first_user + (index * 37 + k) % USERS, start)
        for index, pk in enumerate(ids)
        for k in range(supports_of(index))
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY proposals_support (proposal_id, user_id, created_at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(
                        "INSERT INTO proposals_support (proposal_id, user_id, created_at) VALUES (%s, %s, %s)", batch
                    )
                    batch = []
            if batch:
                cursor.executemany(
                    "INSERT INTO proposals_support (proposal_id, user_id, created_at) VALUES (%s, %s, %s)", batch
                )
    harness.analyse()


def surround(site, proposal: Proposal) -> list:
    """What a real proposal page carries: the site's ladder, 20 committees, two answers owed (one
    given), 60 comments and the task that carries the proposal out. Returns the committees."""
    committees = [
        organization_services.create_organization(
            actor=SYSTEM, name=f"벤치 위원회 {n:02d}", kind=OrganizationKind.COMMITTEE, parent=site
        )
        for n in range(20)
    ]
    proposal_services.create_ladder(
        actor=SYSTEM,
        site=site,
        name="벤치 단계",
        valid_from=dt.date(2020, 1, 1),
        steps=[
            {"name": "토론방", "metric": "supports", "threshold": 50, "window_days": 30, "effect": "debate"},
            {
                "name": "공식 답변",
                "metric": "participants",
                "threshold": 100,
                "window_days": 30,
                "effect": "review",
                "answerer": "committee",
                "answer_organization": committees[0],
                "answer_days": 10,
            },
        ],
    )
    now = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    Answer.objects.bulk_create(
        [
            Answer(proposal=proposal, organization=committees[0], due_on=dt.date(2024, 5, 10)),
            Answer(
                proposal=proposal,
                organization=site,
                due_on=dt.date(2024, 5, 10),
                answered_at=now,
                outcome="accepted",
                text="수용합니다.",
            ),
        ]
    )
    authors = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True)[:60])
    Comment.objects.bulk_create(
        [Comment(proposal=proposal, author_id=pk, body=f"의견 {n}: 좋은 제안입니다.") for n, pk in enumerate(authors)]
    )
    task_services.create_task(actor=SYSTEM, owner=site, title=proposal.title, origin_proposal=proposal)
    return committees


def by_viewer(clients: dict, name: str, path: str) -> float:
    worst = 0.0
    for who, (timings, queries) in harness.viewer_times(clients, path).items():
        print(harness.page_line(f"{name} ({who})", timings, queries))
        worst = max(worst, harness.p95(timings))
    return worst


def measure(client: Client, name: str, path: str, repeat: int = 30) -> float:
    timings, queries = harness.page_times(client, path, repeat)
    print(harness.page_line(name, timings, queries))
    return harness.p95(timings)


def main() -> None:
    with harness.built_site(lambda site: build(site.pk)) as (site, seconds):
        print(
            f"data: {Proposal.objects.count():,} proposals, {Support.objects.count():,} supports "
            f"(built in {seconds:.0f} s)"
        )
        client = Client()
        busy = Proposal.objects.order_by("pk").first()
        quiet = Proposal.objects.order_by("pk")[1]
        assert busy is not None
        worst = max(
            measure(client, "list, first page", "/bench/proposals/"),
            measure(client, "list, page 2,000", "/bench/proposals/?page=2000"),
            measure(client, "list by supports", "/bench/proposals/?order=supports"),
            measure(client, "list, status filter", "/bench/proposals/?status=debate"),
            measure(client, "search 그늘막", "/bench/proposals/?q=그늘막"),
            measure(client, "search 버스 배차", "/bench/proposals/?q=버스+배차"),
            measure(client, "similar while writing", "/bench/proposals/similar/?title=횡단보도+그늘막+설치"),
            measure(client, "proposal page (190 supp.)", f"/bench/proposals/{busy.pk}/"),
            measure(client, "proposal page (5 supp.)", f"/bench/proposals/{quiet.pk}/"),
            measure(client, "API list", "/api/v1/proposals?site=bench"),
        )
        committees = surround(site, busy)
        clients = harness.viewers([site, *committees])
        worst = max(worst, by_viewer(clients, "busy proposal", f"/bench/proposals/{busy.pk}/"))
        print(f"worst p95: {worst * 1000:.1f} ms (target 150 ms)")


if __name__ == "__main__":
    main()
