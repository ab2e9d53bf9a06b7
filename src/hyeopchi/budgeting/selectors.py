"""Reads of the budget domain: processes and their phase, a heading's catalogue, its result
explained project by project."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.budgeting.enums import Feasibility, Phase
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.messages import reason_label
from hyeopchi.budgeting.models import Heading, Participation, Process, ProcessPhase, Project, Result
from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.queries import counts_by_year, start_of
from hyeopchi.organizations.models import Organization


def processes_of(site: Organization) -> QuerySet[Process]:
    return Process.objects.filter(site=site).prefetch_related("phases", "headings").order_by("-created_at")


def process_get(site: Organization, slug: str) -> Process:
    process = Process.objects.filter(site=site, slug=slug).select_related("site", "organizer").first()
    if process is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such budget process."))
    return process


def heading_get(process: Process, pk: int) -> Heading:
    heading = Heading.objects.filter(process=process, pk=pk).select_related("process", "process__site").first()
    if heading is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such budget in this process."))
    return heading


def project_get(heading: Heading, number: int) -> Project:
    project = (
        Project.objects.filter(heading=heading, number=number).select_related("area", "responsible", "proposal").first()
    )
    if project is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such project."))
    return project


def current_phase(process: Process, today: dt.date | None = None) -> ProcessPhase | None:
    today = today or timezone.localdate()
    return next((p for p in process.phases.all() if p.starts_on <= today <= p.ends_on), None)


def voting_open(process: Process, today: dt.date | None = None) -> bool:
    phase = current_phase(process, today)
    return phase is not None and phase.phase == Phase.VOTING and process.sealed_at is None


@dataclass(frozen=True)
class RunningProcess:
    process: Process
    phase: ProcessPhase
    voting: bool  # ballots are taken today


def running_processes(site: Organization, today: dt.date | None = None) -> list[RunningProcess]:
    """The site's processes in one of their phases today: those taking ballots first, then by the
    day their phase ends."""
    today = today or timezone.localdate()
    phases = (
        ProcessPhase.objects.filter(process__site=site, starts_on__lte=today, ends_on__gte=today)
        .select_related("process")
        .order_by("ends_on", "process__title")
    )
    rows = [
        RunningProcess(p.process, p, voting=p.phase == Phase.VOTING and p.process.sealed_at is None) for p in phases
    ]
    return sorted(rows, key=lambda row: not row.voting)


def catalogue(
    heading: Heading, *, category: str = "", area: int | None = None, max_cost: int | None = None, order: str = ""
) -> QuerySet[Project]:
    """The heading's projects a visitor browses: all of them (with their feasibility) filtered by
    category, area and cost; ordered by number, cost, or (once counted) votes."""
    projects = heading.projects.select_related("area")
    if category:
        projects = projects.filter(category=category)
    if area:
        projects = projects.filter(area_id=area)
    if max_cost:
        projects = projects.filter(cost__lte=max_cost)
    orders = {"cost": ["cost", "number"], "-cost": ["-cost", "number"], "votes": ["-votes", "number"]}
    return projects.order_by(*orders.get(order, ["number"]))


def categories_of(heading: Heading) -> list[str]:
    return sorted(set(heading.projects.exclude(category="").values_list("category", flat=True)))


def feasible_projects(heading: Heading) -> list[Project]:
    return list(heading.projects.filter(feasibility=Feasibility.FEASIBLE).order_by("number"))


def won(value: str | Fraction | int | None) -> int | None:
    """An exact amount ("1040337/2") to the nearest won, for reading."""
    if value is None:
        return None
    return round(Fraction(value))


@dataclass(frozen=True)
class ResultRow:
    project: Project
    turn: int | None
    selected: bool
    reason: str
    score: Fraction
    cost: int
    price: int | None
    supporters_money: int | None
    money_left: int | None


def result_rows(heading: Heading, result: Result) -> list[ResultRow]:
    """Every counted project, the selected first in the order chosen, then by score: with why."""
    projects = {str(p.number): p for p in heading.projects.all()}
    decisions: dict[str, Any] = result.outcome.get("decisions", {})
    rows = [
        ResultRow(
            project=projects[key],
            turn=d.get("turn"),
            selected=bool(d.get("selected")),
            reason=reason_label(d.get("reason", "")),
            score=Fraction(d.get("score", "0")),
            cost=int(Fraction(d.get("cost", "0"))),
            price=won(d.get("price")),
            supporters_money=won(d.get("supporters_money")),
            money_left=won(d.get("money_left")),
        )
        for key, d in decisions.items()
        if key in projects
    ]
    rows.sort(key=lambda r: (not r.selected, r.turn or 0, -r.score, r.cost, r.project.number))
    return rows


def results_of(process: Process, *, staff: bool = False) -> dict[int, Result]:
    """The process's results by heading: published ones, or all for its staff."""
    found = Result.objects.filter(heading__process=process)
    if not staff:
        found = found.filter(published=True)
    return {r.heading_id: r for r in found}


def yearly_ballots(site: Organization, *, until: dt.date) -> dict[int, int]:
    """People who voted in the site's budgets per calendar year, up to ``until`` (one per person and
    heading, online or on paper)."""
    return counts_by_year(Participation.objects.filter(process__site=site), "voted_at", until=until)


def published_results(site: Organization) -> list[Result]:
    """The site's published results, with their heading and process, newest process first."""
    return list(
        Result.objects.filter(heading__process__site=site, published=True)
        .select_related("heading", "heading__process")
        .order_by("-heading__process__created_at", "heading__position", "heading_id")
    )


@dataclass(frozen=True)
class FundedProject:
    """A project a published result selected."""

    process: str
    heading: str
    title: str
    cost: int


def funded_between(site: Organization, *, first: dt.date, last: dt.date) -> list[FundedProject]:
    """The projects selected by the site's published results counted from ``first`` to ``last``,
    by process, heading and the order the tally chose them."""
    results = Result.objects.filter(
        heading__process__site=site,
        published=True,
        computed_at__gte=start_of(first),
        computed_at__lt=start_of(last + dt.timedelta(days=1)),
    ).select_related("heading", "heading__process")
    funded: list[FundedProject] = []
    for result in sorted(results, key=lambda r: (r.heading.process.created_at, r.heading.position, r.heading_id)):
        heading = result.heading
        titles = {str(p.number): p.display_title for p in heading.projects.all()}
        chosen = sorted(
            (d.get("turn") or 0, key) for key, d in result.outcome.get("decisions", {}).items() if d.get("selected")
        )
        decisions = result.outcome["decisions"] if chosen else {}
        funded.extend(
            FundedProject(
                heading.process.display_title,
                heading.display_name,
                titles.get(key, key),
                int(Fraction(decisions[key].get("cost", "0"))),
            )
            for _turn, key in chosen
        )
    return funded
