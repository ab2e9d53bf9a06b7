"""Every page of the demo in both languages: no English left on a Korean page and no Korean on an
English page, except the records kept only in Korean, which are marked lang="ko"."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from hyeopchi.budgeting.models import Heading
from hyeopchi.meetings.models import Meeting, MeetingSeries, Program
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal
from hyeopchi.reports.models import WhitePaper
from hyeopchi.tasks.models import Task
from tests.support.languages import wrong_language

pytestmark = pytest.mark.django_db(transaction=True)


def public_pages() -> list[str]:
    gwangju = Organization.objects.get(site_slug="gwangju")
    working = Organization.objects.get(name="실무위원회")
    innovation = Organization.objects.get(name="광주혁신추진위원회")
    meeting = Meeting.objects.filter(organizer__site=gwangju).exclude(minutes=None).order_by("pk").first()
    meeting = meeting or Meeting.objects.filter(organizer__site=gwangju).order_by("pk").first()
    assert meeting is not None
    series = MeetingSeries.objects.filter(organizer__site=gwangju).order_by("pk").first()
    program = Program.objects.filter(organizer__site=gwangju).order_by("pk").first()
    answered = Proposal.objects.filter(site=gwangju, answered_at__isnull=False).order_by("pk").first()
    debated = Proposal.objects.filter(site=gwangju, comment_count__gt=0).order_by("pk").first()
    task = Task.objects.filter(site=gwangju, origin_proposal__isnull=False).order_by("pk").first()
    parent = Task.objects.filter(site=gwangju, children__isnull=False).order_by("pk").first()
    assert all(row is not None for row in (series, program, answered, debated, task, parent))
    youth = Heading.objects.get(process__slug="youth-2023")
    paper = WhitePaper.objects.get(site__site_slug="gwangmyeong")
    return [
        "/",
        "/gwangju/",
        "/gwangmyeong/",
        "/gwangju/organizations/",
        f"/gwangju/organizations/{gwangju.pk}/",
        f"/gwangju/organizations/{working.pk}/",
        f"/gwangju/organizations/{innovation.pk}/review/",
        "/gwangju/meetings/",
        f"/gwangju/meetings/{meeting.pk}/",
        "/gwangju/meetings/calendar/?month=2021-04",
        "/gwangju/meetings/calendar/?week=2021-W17",
        f"/gwangju/series/{series.pk}/",
        "/gwangju/programs/",
        f"/gwangju/programs/{program.pk}/",
        "/gwangju/proposals/",
        f"/gwangju/proposals/{answered.pk}/",
        f"/gwangju/proposals/{debated.pk}/",
        "/gwangju/proposals/thresholds/",
        "/gwangju/tasks/",
        f"/gwangju/tasks/{task.pk}/",
        f"/gwangju/tasks/{parent.pk}/",
        "/evaluations/",
        "/evaluations/innovation-2020/",
        "/evaluations/innovation-2020/versions/2/",
        "/evaluations/disaster-2020/",
        "/evaluations/gwangju-institutions-2024/",
        "/gwangmyeong/budgets/",
        "/gwangmyeong/budgets/youth-2023/",
        f"/gwangmyeong/budgets/youth-2023/{youth.pk}/",
        f"/gwangmyeong/budgets/youth-2023/{youth.pk}/projects/9/",
        f"/gwangmyeong/budgets/youth-2023/{youth.pk}/results/",
        "/gwangju/dashboard/",
        "/gwangmyeong/dashboard/",
        "/gwangmyeong/data/",
        "/gwangmyeong/white-papers/",
        f"/gwangmyeong/white-papers/{paper.pk}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


# Pages of a signed-in person: (the demo account, the page).
PERSONAL_PAGES = [
    ("citizen", "/accounts/activity/"),
    ("citizen", "/accounts/notifications/"),
    ("citizen", "/accounts/email/"),
    ("citizen", "/accounts/eligibility/"),
    ("citizen", f"/gwangmyeong/budgets/village-{timezone.localdate().year}/"),
    ("gwangmyeong-admin", f"/gwangmyeong/budgets/village-{timezone.localdate().year}/"),
    ("gwangmyeong-admin", "/gwangmyeong/budgets/new/"),
    ("gwangmyeong-admin", "/gwangmyeong/white-papers/{paper}/workshop/"),
    ("gwangmyeong-admin", "/gwangmyeong/white-papers/{paper}/chapters/{chapter}/passages/new/"),
    ("gwangmyeong-admin", f"/gwangmyeong/budgets/village-{timezone.localdate().year}/budgets/new/"),
    ("gwangju-admin", "/gwangju/eligibility/"),
    ("gwangju-admin", "/gwangju/workspace/"),
    ("gwangju-admin", "/gwangju/moderation/"),
    ("gwangju-admin", "/gwangju/proposals/thresholds/new/"),
    ("evaluation-office", "/evaluations/new/"),
    ("evaluation-office", "/evaluations/innovation-2020/office/"),
    ("evaluation-office", "/evaluations/innovation-2020/targets/T001/"),
    ("gwangju-evaluator", "/evaluations/gwangju-institutions-2024/my-assignments/"),
    ("admin", "/admin/"),
    ("admin", "/admin/axes/accessattempt/"),
]


def _findings(client: Client, path: str) -> dict[str, list[str]]:
    """The page in Korean and in English (the back office, outside the language prefix, in the
    site's language only)."""
    found = {}
    for language in ("ko",) if path.startswith("/admin/") else ("ko", "en"):
        address = path if language == "ko" else f"/en{path}"
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        names = frozenset({response.wsgi_request.user.get_username()} - {""})
        found[address] = wrong_language(response.content.decode(), language, names)
    return found


def test_public_pages_speak_one_language_each(demo: Any):
    findings: dict[str, list[str]] = {}
    for path in public_pages():
        findings.update(_findings(Client(), path))

    assert {path: texts for path, texts in findings.items() if texts} == {}


def test_personal_and_staff_pages_speak_one_language_each(demo: Any):
    findings: dict[str, list[str]] = {}
    paper = WhitePaper.objects.get(site__site_slug="gwangmyeong")
    for username, template in PERSONAL_PAGES:
        path = template.format(paper=paper.pk, chapter=paper.chapters.get(number=1).pk)
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        findings.update(_findings(client, path))

    assert {path: texts for path, texts in findings.items() if texts} == {}
