"""Reading tasks: public lists, one task's page, overdue and stale tasks, the review table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, BooleanField, Case, Count, Max, Min, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.i18n import in_page_language
from hyeopchi.core.queries import first_or_raise, start_of, where_given
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import selectors as proposal_selectors
from hyeopchi.proposals.enums import ProposalKind, ProposalStatus
from hyeopchi.proposals.models import Answer, Proposal
from hyeopchi.tasks.enums import ACTIVE_STATUSES, Attention, TaskKind, TaskStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import ProgressReport, Task, TaskFollow


def stale_days() -> int:
    return int(getattr(settings, "HYEOPCHI_STALE_TASK_DAYS", 90))


def overdue_q(today: dt.date) -> Q:
    """Active tasks whose end date has passed."""
    return Q(status__in=ACTIVE_STATUSES, end_date__lt=today)


def stale_q(today: dt.date, days: int | None = None) -> Q:
    """Active tasks without a report in ``days`` days (counted from creation when never reported)."""
    limit = today - dt.timedelta(days=days if days is not None else stale_days())
    return Q(status__in=ACTIVE_STATUSES) & (
        Q(last_reported_on__lt=limit) | Q(last_reported_on__isnull=True, created_at__date__lt=limit)
    )


def flagged(tasks: QuerySet[Task], *, today: dt.date) -> QuerySet[Task]:
    """The tasks with ``is_overdue`` and ``is_stale`` computed by the database, for the badges."""
    return tasks.annotate(
        is_overdue=Case(When(overdue_q(today), then=True), default=False, output_field=BooleanField()),
        is_stale=Case(When(stale_q(today), then=True), default=False, output_field=BooleanField()),
    )


def needing(tasks: QuerySet[Task], attention: str, *, today: dt.date) -> QuerySet[Task]:
    """Only the overdue or only the stale tasks; all of them for an empty ``attention``."""
    if attention == Attention.OVERDUE:
        return tasks.filter(overdue_q(today))
    if attention == Attention.STALE:
        return tasks.filter(stale_q(today))
    return tasks


def tasks_list(
    site: Organization,
    *,
    status: str = "",
    kind: str = "",
    owner: int | None = None,
    query: str = "",
    top_level: bool = False,
    attention: str = "",
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """A site's tasks, filtered, each flagged overdue or stale as of ``today``."""
    today = today or timezone.localdate()
    tasks = where_given(
        Task.objects.filter(site=site).select_related("owner", "department"),
        status=status,
        kind=kind,
        owner_id=owner,
        parent__isnull=True if top_level else None,
    )
    for term in [t for t in query.split() if t][:5]:
        tasks = tasks.filter(Q(title__icontains=term) | Q(description__icontains=term))
    tasks = flagged(needing(tasks, attention, today=today), today=today)
    return tasks.order_by("owner__sort_order", "owner__name", "position", "pk")


@dataclass(frozen=True)
class Attentions:
    """How many of an organization's active tasks are overdue or stale."""

    active: int
    overdue: int
    stale: int


def attention_of(owner: Organization, *, today: dt.date) -> Attentions:
    """One query: how many active tasks the organization owns, and of them overdue and stale."""
    mine = Task.objects.filter(owner=owner, status__in=ACTIVE_STATUSES)
    counts = mine.aggregate(
        active=Count("pk"), overdue=Count("pk", filter=overdue_q(today)), stale=Count("pk", filter=stale_q(today))
    )
    return Attentions(**counts)


def task_get(*, pk: int, site: Organization) -> Task:
    return first_or_raise(
        flagged(Task.objects.filter(pk=pk, site=site), today=timezone.localdate()).select_related(
            "owner", "department", "parent", "origin_proposal__author_organization", "site"
        ),
        NotFoundError(Code.NOT_FOUND, _("There is no such task.")),
    )


def reports_of(task: Task) -> list[ProgressReport]:
    return list(ProgressReport.objects.filter(task=task).prefetch_related("evidence").order_by("-reported_on", "-pk"))


def completed_on_time(owner_ids: set[int], *, until: dt.date) -> dict[int, Decimal]:
    """Per owner: the share (%, 2 places) of its tasks due by ``until`` (cancelled ones aside)
    whose first "completed" report is dated on or before the task's end date."""
    due = (
        Task.objects.filter(owner_id__in=owner_ids, end_date__lte=until)
        .exclude(status=TaskStatus.CANCELLED)
        .annotate(done_on=Min("reports__reported_on", filter=Q(reports__status=TaskStatus.COMPLETED)))
        .values_list("owner_id", "end_date", "done_on")
    )
    counts: dict[int, list[int]] = {}
    for owner, end, done in due:
        row = counts.setdefault(owner, [0, 0])
        row[0] += 1
        row[1] += done is not None and done <= end
    return {
        owner: (Decimal(100 * on_time) / total).quantize(Decimal("0.01")) for owner, (total, on_time) in counts.items()
    }


@dataclass(frozen=True)
class TaskProgress:
    """How a site's top-level tasks stand: how many in each status, how many overdue, and their
    mean progress (None when there is no task)."""

    by_status: list[tuple[str, int]]
    total: int
    overdue: int
    mean_progress: Decimal | None


def task_progress(site: Organization, *, today: dt.date) -> TaskProgress:
    top = Task.objects.filter(site=site, parent__isnull=True)
    counts = dict(top.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = [(str(label), counts[value]) for value, label in TaskStatus.choices if counts.get(value)]
    mean = top.aggregate(mean=Avg("progress"))["mean"]
    return TaskProgress(
        by_status=by_status,
        total=sum(counts.values()),
        overdue=top.filter(overdue_q(today)).count(),
        mean_progress=None if mean is None else Decimal(mean).quantize(Decimal(1)),
    )


def overdue_tasks(site: Organization, *, today: dt.date) -> QuerySet[Task]:
    """Active tasks whose end date has passed."""
    return (
        flagged(Task.objects.filter(overdue_q(today), site=site), today=today)
        .select_related("owner")
        .order_by("end_date", "pk")
    )


def stale_tasks(site: Organization, *, today: dt.date, days: int | None = None) -> QuerySet[Task]:
    """Active tasks without a report in ``days`` days (counted from creation when never reported)."""
    return (
        flagged(Task.objects.filter(stale_q(today, days), site=site), today=today)
        .select_related("owner")
        .order_by("last_reported_on", "pk")
    )


@dataclass(frozen=True)
class ReviewRow:
    """One recommendation in an implementation review."""

    proposal: Proposal
    answer: Answer | None
    task: Task | None
    last_report: ProgressReport | None

    @property
    def progress(self) -> Decimal | None:
        return self.task.progress if self.task else None

    @property
    def overdue(self) -> bool:
        return bool(self.task and getattr(self.task, "is_overdue", False))

    @property
    def stale(self) -> bool:
        return bool(self.task and getattr(self.task, "is_stale", False))


def implementation_review(
    committee: Organization, *, round_number: int | None = None, attention: str = "", today: dt.date | None = None
) -> list[ReviewRow]:
    """Every recommendation of a committee (and its sub-bodies), its answer, task and last report;
    with ``attention``, only those whose task is overdue or stale as of ``today``.

    Four queries whatever the number of recommendations.
    """
    today = today or timezone.localdate()
    recommendations = (
        Proposal.objects.filter(kind=ProposalKind.RECOMMENDATION)
        .filter(Q(author_organization=committee) | Q(author_organization__path__startswith=committee.path))
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("addressee", "author_organization", "site")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("organization").order_by("pk")),
            Prefetch(
                "tasks",
                queryset=flagged(Task.objects.select_related("owner", "department"), today=today).order_by("pk"),
            ),
        )
        .order_by("round_number", "number", "pk")
    )
    if round_number is not None:
        recommendations = recommendations.filter(round_number=round_number)
    rows = list(recommendations)
    task_ids = [t.pk for p in rows for t in p.tasks.all()[:1]]
    latest: dict[int, ProgressReport] = {}
    for report in ProgressReport.objects.filter(task_id__in=task_ids).order_by("task_id", "-reported_on", "-pk"):
        latest.setdefault(report.task_id, report)
    result = []
    for proposal in rows:
        answers = list(proposal.answers.all())
        given = [a for a in answers if a.answered_at is not None]
        answer = given[-1] if given else (answers[-1] if answers else None)
        tasks = list(proposal.tasks.all())
        task = tasks[0] if tasks else None
        result.append(ReviewRow(proposal, answer, task, latest.get(task.pk) if task else None))
    if attention == Attention.OVERDUE:
        return [row for row in result if row.overdue]
    if attention == Attention.STALE:
        return [row for row in result if row.stale]
    return result


def issuing_committee(task: Task) -> Organization | None:
    """The body whose recommendation the task carries out, if it carries one out."""
    proposal = task.origin_proposal
    return proposal.author_organization if proposal is not None else None


def interested_user_ids(task: Task) -> set[int]:
    """Followers of the task and the authors, followers and supporters of its proposal."""
    ids = set(TaskFollow.objects.filter(task=task).values_list("user_id", flat=True))
    if task.origin_proposal_id is not None:
        ids |= proposal_selectors.interested_user_ids(Proposal.objects.get(pk=task.origin_proposal_id))
    return ids


def followed_by(user_pk: int) -> list[TaskFollow]:
    """The tasks a person follows, most recently followed first (their 내 활동 page)."""
    return list(TaskFollow.objects.filter(user_id=user_pk).select_related("task__site").order_by("-pk")[:100])


@dataclass(frozen=True)
class Implementation:
    """How a group of top-level tasks (an organization's, or those of one origin) stood on a date."""

    name: str
    on_time: int
    late: int
    overdue: int
    open: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.open


def _standings(site: Organization, as_of: dt.date, within: Organization | None, *fields: str) -> list[tuple[Any, ...]]:
    """``fields``, the end date and the day of the first "completed" report up to ``as_of`` of each
    of the site's top-level tasks (owned under ``within``, when given) that existed on ``as_of``,
    cancelled ones aside."""
    tasks = Task.objects.filter(site=site, parent__isnull=True).filter(existed_on(as_of))
    if within is not None:
        tasks = tasks.filter(owner__path__startswith=within.path)
    done_on = Min(
        "reports__reported_on", filter=Q(reports__status=TaskStatus.COMPLETED, reports__reported_on__lte=as_of)
    )
    return list(
        tasks.exclude(status=TaskStatus.CANCELLED).annotate(done_on=done_on).values_list(*fields, "end_date", "done_on")
    )


@dataclass(frozen=True)
class Standings:
    """How the site's top-level tasks stood on a date, per owner (most tasks first, then by name)
    and per origin (in the kinds' order)."""

    by_owner: list[Implementation]
    by_origin: list[Implementation]


def implementation_standings(site: Organization, *, as_of: dt.date, within: Organization | None = None) -> Standings:
    """The site's top-level tasks (owned under ``within``, when given) that existed on ``as_of``
    (cancelled ones aside), in one query: done by their end date (the first "completed" report on or
    before it), done late, overdue (not done, end date passed) and open; per owner and per origin."""
    owners: dict[tuple[int, str], list[int]] = {}
    origins: dict[str, list[int]] = {}
    for owner, name, kind, end, done in _standings(site, as_of, within, "owner_id", "owner__name", "kind"):
        standing = _standing(end, done, as_of)
        owners.setdefault((owner, name), [0, 0, 0, 0])[standing] += 1
        origins.setdefault(kind, [0, 0, 0, 0])[standing] += 1
    by_owner = sorted(
        (Implementation(name, *row) for (_, name), row in owners.items()), key=lambda row: (-row.total, row.name)
    )
    by_origin = [Implementation(str(label), *origins[kind]) for kind, label in TaskKind.choices if kind in origins]
    return Standings(by_owner, by_origin)


def implementation_by_owner(
    site: Organization, *, as_of: dt.date, within: Organization | None = None
) -> list[Implementation]:
    """The standings per owner (see `implementation_standings`)."""
    return implementation_standings(site, as_of=as_of, within=within).by_owner


def implementation_by_origin(
    site: Organization, *, as_of: dt.date, within: Organization | None = None
) -> list[Implementation]:
    """The standings per kind of task: innovation task, accepted recommendation, budget project …"""
    return implementation_standings(site, as_of=as_of, within=within).by_origin


def last_change(site: Organization) -> dt.datetime | None:
    """When a task of the site last changed (None when it has none)."""
    last: dt.datetime | None = Task.objects.filter(site=site).aggregate(last=Max("updated_at"))["last"]
    return last


@dataclass(frozen=True)
class CompletedTask:
    """A top-level task completed in a period, with its progress history in brief."""

    title: str
    owner: str
    kind: str
    end_date: dt.date | None
    first_report: dt.date
    done_on: dt.date
    reports: int


def completed_between(
    site: Organization, *, first: dt.date, last: dt.date, within: Organization | None = None
) -> list[CompletedTask]:
    """The site's top-level tasks (owned under ``within``, when given) whose first "completed"
    report falls from ``first`` to ``last``: with their first report and the number of reports up
    to ``last``; in the order they were completed, then by title."""
    tasks = Task.objects.filter(site=site, parent__isnull=True).exclude(status=TaskStatus.CANCELLED)
    if within is not None:
        tasks = tasks.filter(owner__path__startswith=within.path)
    rows = (
        tasks.annotate(
            done_on=Min(
                "reports__reported_on", filter=Q(reports__status=TaskStatus.COMPLETED, reports__reported_on__lte=last)
            ),
            first_report=Min("reports__reported_on"),
            report_count=Count("reports", filter=Q(reports__reported_on__lte=last)),
        )
        .filter(done_on__gte=first, done_on__lte=last)
        .values_list("title", "title_en", "owner__name", "kind", "end_date", "first_report", "done_on", "report_count")
        .order_by("done_on", "title", "pk")
    )
    kinds = dict(TaskKind.choices)
    return [
        CompletedTask(in_page_language(title, title_en), owner, str(kinds.get(kind, kind)), end, begun, done, n)
        for title, title_en, owner, kind, end, begun, done, n in rows
    ]


def existed_on(day: dt.date) -> Q:
    """Tasks that existed on ``day``: started by then, or, without a start date, entered by then
    (a task entered later with its history counts from its start)."""
    return Q(start_date__lte=day) | Q(start_date__isnull=True, created_at__lt=start_of(day + dt.timedelta(days=1)))


def _standing(end: dt.date | None, done: dt.date | None, as_of: dt.date) -> int:
    """0 done on time, 1 done late, 2 overdue, 3 open."""
    if done is not None:
        return 0 if end is None or done <= end else 1
    return 2 if end is not None and end < as_of else 3
