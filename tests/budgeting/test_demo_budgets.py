"""The demo's budgets at 광명시: the 2023 youth budget counted by Equal Shares and published, its
winners tasks with their money; this year's village budgets sized by resident tax and open."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hyeopchi.budgeting import pabulib
from hyeopchi.budgeting.models import Ballot, Heading, Result
from hyeopchi.budgeting.services import ballots
from hyeopchi.budgeting.transfer import export_pabulib
from hyeopchi.core.actor import Actor
from hyeopchi.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_youth_budget_is_counted_by_equal_shares(demo) -> None:
    result = Result.objects.get(heading__process__slug="youth-2023")
    assert (result.rule, result.outcome["selected"], result.spent, result.ballots, result.outcome["rounds"]) == (
        "equalshares/add1",
        ["5", "1", "2", "7", "6", "8"],
        135_000_000,
        180,
        884,
    )


def test_the_youth_winners_are_tasks_with_money_allocated_and_spent(demo) -> None:
    tasks = Task.objects.filter(kind="budget_project").order_by("pk")
    assert list(tasks.values_list("title", "allocated", "spent")) == [
        ("청년 마음건강 상담소 운영", 30_000_000, 28_800_000),
        ("청년 1인 가구 안전키트 지원", 15_000_000, 7_500_000),
        ("청년 문화예술 동아리 지원", 20_000_000, None),
        ("구직 청년 면접 정장 대여", 10_000_000, None),
        ("청년 기후행동 프로젝트", 25_000_000, None),
        ("청년 주거 상담 창구", 35_000_000, None),
    ]


def test_the_village_headings_are_sized_by_their_resident_tax(demo) -> None:
    headings = Heading.objects.filter(process__slug=f"village-{timezone.localdate().year}").order_by("position")
    assert list(headings.values_list("name", "resident_tax", "amount")) == [
        ("철산동", 182_000_000, 35_454_545),
        ("하안동", 126_000_000, 24_545_455),
    ]


def test_the_demo_citizen_may_vote_in_a_village_budget(demo) -> None:
    heading = Heading.objects.get(name="하안동")
    citizen = get_user_model().objects.get(username="citizen")
    ballots.cast(actor=Actor.for_user(citizen), heading=heading, picks=[1, 4])
    assert Ballot.objects.filter(heading=heading).count() == 13


def test_the_youth_export_passes_pabulib_checker(demo, tmp_path: Path) -> None:
    from pabulib.checker import Checker  # test-only

    heading = Heading.objects.get(process__slug="youth-2023")
    path = tmp_path / "youth.pb"
    path.write_bytes(export_pabulib(heading).encode("utf-8"))
    report = Checker().process_files([str(path)])
    (found,) = [value["results"] for key, value in report.items() if key not in ("metadata", "summary")]
    # The checker cannot verify a rule it does not know, and its label normalisation drops Hangul, so
    # it reads the Korean categories as one label spelled several ways: two warnings, no error.
    assert (report["metadata"]["valid"], found["errors"], sorted(found["warnings"]), pabulib.read(str(path)).rule) == (
        1,
        {},
        ["inconsistent label normalization", "rule validation skipped"],
        "unknown",
    )
