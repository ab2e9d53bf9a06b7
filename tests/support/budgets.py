"""A budget world: 광주광역시 동구's participatory budget with one approval heading of four projects,
voting 2026-05-01 to 05-14, and residents verified to vote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from hyeopchi.budgeting.enums import Feasibility, Phase
from hyeopchi.budgeting.models import Heading, Process, Project
from hyeopchi.budgeting.services import processes
from hyeopchi.budgeting.services.processes import HeadingRules, PhaseDates
from hyeopchi.core.models import AttributeKind
from hyeopchi.organizations.eligibility import AttributeEntry, set_attribute
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from tests.factories import SYSTEM, OrganizationFactory, UserFactory
from tests.support.helpers import seoul

PHASES = [
    PhaseDates(Phase.IDEAS, dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    PhaseDates(Phase.REVIEW, dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
    PhaseDates(Phase.VOTING, dt.date(2026, 5, 1), dt.date(2026, 5, 14)),
    PhaseDates(Phase.TALLY, dt.date(2026, 5, 15), dt.date(2026, 5, 20)),
    PhaseDates(Phase.PUBLICATION, dt.date(2026, 5, 21), dt.date(2026, 6, 30)),
    PhaseDates(Phase.IMPLEMENTATION, dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
]
DURING_VOTING = seoul(2026, 5, 3)
AFTER_VOTING = seoul(2026, 5, 15)
DONGGU = "29110"


@dataclass
class BudgetWorld:
    site: Organization
    district: Organization
    department: Organization
    process: Process
    heading: Heading
    projects: list[Project]

    def resident(self, name: str = "", *, born: str = "1990-06-15", code: str = DONGGU) -> Any:
        user = UserFactory()
        if name:
            family, given = name[0], name[1:]
            user.last_name, user.first_name = family, given
            user.save(update_fields=["first_name", "last_name"])
        set_attribute(actor=SYSTEM, entry=AttributeEntry(user, AttributeKind.RESIDENCE, code))
        set_attribute(actor=SYSTEM, entry=AttributeEntry(user, AttributeKind.BIRTH_DATE, born))
        return user


def phases_around(today: dt.date) -> list[PhaseDates]:
    """Phases with voting open from two days before ``today`` to ten days after."""
    day = dt.timedelta(days=1)
    return [
        PhaseDates(Phase.IDEAS, today - 40 * day, today - 21 * day),
        PhaseDates(Phase.REVIEW, today - 20 * day, today - 3 * day),
        PhaseDates(Phase.VOTING, today - 2 * day, today + 10 * day),
        PhaseDates(Phase.TALLY, today + 11 * day, today + 15 * day),
    ]


def budget_world(
    site: Organization,
    *,
    rules: HeadingRules | None = None,
    costs: tuple[int, ...] = (),
    phases: list[PhaseDates] | None = None,
) -> BudgetWorld:
    district = OrganizationFactory(
        name="동구", name_en="Dong-gu", parent=site, kind=OrganizationKind.BASIC_GOVERNMENT, admin_code=DONGGU
    )
    department = OrganizationFactory(
        name="예산과", name_en="Budget Division", parent=site, kind=OrganizationKind.DEPARTMENT
    )
    process = processes.create_process(
        actor=SYSTEM,
        site=site,
        title="2026 동구 주민참여예산",
        title_en="Dong-gu 2026",
        slug="donggu-2026",
        phases=phases or PHASES,
        organizer=department,
    )
    heading = processes.add_heading(
        actor=SYSTEM,
        process=process,
        name="동구",
        amount=10_000_000,
        rules=rules or HeadingRules(min_picks=1, max_picks=3, area_codes=[DONGGU]),
    )
    titles = ["골목길 가로등 정비", "어린이공원 그늘막", "경로당 냉난방기 교체", "하천 산책로 벤치"]
    projects = []
    for title, cost in zip(titles, costs or (4_000_000, 3_000_000, 5_000_000, 2_000_000), strict=True):
        project = processes.add_project(actor=SYSTEM, heading=heading, title=title, cost=cost, responsible=department)
        processes.review_project(actor=SYSTEM, project=project, feasibility=Feasibility.FEASIBLE)
        projects.append(project)
    return BudgetWorld(site, district, department, process, heading, projects)


@pytest.fixture
def budget(gwangju_city: Organization) -> BudgetWorld:
    return budget_world(gwangju_city)


@pytest.fixture
def open_budget(gwangju_city: Organization) -> BudgetWorld:
    """The same budget with voting open today."""
    return budget_world(gwangju_city, phases=phases_around(timezone.localdate()))
