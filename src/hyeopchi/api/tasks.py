"""Tasks through the API: lists, a task, new tasks, progress reports, milestones, following, asking
for a report, the roll-up setting and the implementation review."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hyeopchi.api.auth import signed_in
from hyeopchi.api.pagination import Pagination
from hyeopchi.api.proposals import AnswerOut, ProposalOut, organization_or_error
from hyeopchi.api.schemas import Choice, Date, Id, QueryText, ShortText, Text
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, ValidationFailedError
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.errors import ProposalErrorCode
from hyeopchi.tasks import selectors as task_selectors
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.errors import TaskErrorCode
from hyeopchi.tasks.models import Milestone, ProgressReport, Task

router = Router(tags=["tasks"])


class TaskOut(Schema):
    id: int
    site: str = Field(..., alias="site.site_slug")
    kind: str
    title: str
    title_en: str
    owner_id: int
    department_id: int | None
    parent_id: int | None
    origin_proposal_id: int | None
    status: str
    progress: Decimal
    rollup: str
    weight: Decimal | None
    start_date: dt.date | None
    end_date: dt.date | None
    last_reported_on: dt.date | None
    overdue: bool = Field(..., alias="is_overdue", description="Active and past its end date, as of today.")
    stale: bool = Field(..., alias="is_stale", description="Active and without a report in the stale period.")


class TaskFilters(Schema):
    site: QueryText | None = None
    status: Choice = ""
    kind: Choice = ""
    owner: Id | None = None
    attention: Literal["", "overdue", "stale"] = ""
    q: QueryText = ""


class TaskIn(Schema):
    owner_id: Id
    title: ShortText
    kind: Choice = "other"
    description: Text = ""
    department_id: Id | None = None
    parent_id: Id | None = None
    start_date: Date | None = None
    end_date: Date | None = None


class ReportOut(Schema):
    id: int
    task_id: int
    reported_on: dt.date
    progress: Decimal
    status: str
    narrative: str


class ProgressIn(Schema):
    reported_on: Date
    narrative: Text
    status: Choice | None = None
    progress: Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)] | None = None


class RollupIn(Schema):
    mode: Annotated[str, Field(pattern=r"^(own|mean|weighted)$")]
    weights: dict[str, Annotated[Decimal, Field(gt=0, le=1, decimal_places=4)]] = {}


class ReviewRowOut(Schema):
    proposal: ProposalOut
    answer: AnswerOut | None
    task: TaskOut | None
    last_report: ReportOut | None


def _task(task_id: int) -> Task:
    found = (
        task_selectors.flagged(Task.objects.filter(pk=task_id), today=timezone.localdate())
        .select_related("site", "owner", "department")
        .first()
    )
    if found is None:
        raise NotFoundError(TaskErrorCode.NOT_FOUND, _("There is no such task."))
    return found


@router.get("/tasks", response=list[TaskOut])
@paginate(Pagination)
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> Any:
    if filters.site:
        site_org = Organization.objects.filter(site_slug=filters.site).first()
        if site_org is None:
            return Task.objects.none()
        return task_selectors.tasks_list(
            site_org,
            status=filters.status,
            kind=filters.kind,
            owner=filters.owner,
            attention=filters.attention,
            query=filters.q,
        ).select_related("site")
    today = timezone.localdate()
    tasks = task_selectors.flagged(
        task_selectors.needing(Task.objects.all(), filters.attention, today=today), today=today
    ).select_related("site")
    return (tasks.filter(owner_id=filters.owner) if filters.owner else tasks).order_by("pk")


@router.get("/tasks/{task_id}", response=TaskOut)
def get_task(request: HttpRequest, task_id: Id) -> Task:
    return _task(task_id)


@router.post("/tasks", response={201: TaskOut}, auth=signed_in)
def create_task(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    owner = organization_or_error("owner_id", payload.owner_id)
    assert owner is not None
    parent = _task(payload.parent_id) if payload.parent_id else None
    task = task_services.create_task(
        actor=Actor.for_user(request.user),
        owner=owner,
        title=payload.title,
        kind=payload.kind,
        description=payload.description,
        parent=parent,
        department=organization_or_error("department_id", payload.department_id),
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(201, _task(task.pk))


@router.get("/tasks/{task_id}/reports", response=list[ReportOut])
def list_reports(request: HttpRequest, task_id: Id) -> list[ProgressReport]:
    return task_selectors.reports_of(_task(task_id))


@router.post("/tasks/{task_id}/reports", response={201: ReportOut}, auth=signed_in)
def report_progress(request: HttpRequest, task_id: Id, payload: ProgressIn) -> Status[ProgressReport]:
    made = task_services.report_progress(
        actor=Actor.for_user(request.user),
        task=_task(task_id),
        reported_on=payload.reported_on,
        narrative=payload.narrative,
        status=payload.status,
        progress=payload.progress,
    )
    return Status(201, made)


@router.put("/tasks/{task_id}/rollup", response=TaskOut, auth=signed_in)
def set_rollup(request: HttpRequest, task_id: Id, payload: RollupIn) -> Task:
    weights: dict[int, Decimal] = {}
    for key, value in payload.weights.items():
        if not key.isdigit() or len(key) > 19:
            raise ValidationFailedError(
                TaskErrorCode.INVALID_ROLLUP, fields={"weights": [_("Weights are keyed by sub-task id.")]}
            )
        weights[int(key)] = value
    task_services.set_rollup(
        actor=Actor.for_user(request.user), task=_task(task_id), mode=payload.mode, weights=weights
    )
    return _task(task_id)


class MilestoneOut(Schema):
    id: int
    task_id: int
    title: str
    title_en: str
    due_on: dt.date | None
    done_on: dt.date | None


class MilestoneIn(Schema):
    title: ShortText
    title_en: ShortText = ""
    due_on: Date | None = None


class ReportRequestOut(Schema):
    told: int = Field(description="How many people who report on the task were asked.")


@router.get("/tasks/{task_id}/milestones", response=list[MilestoneOut])
def list_milestones(request: HttpRequest, task_id: Id) -> Any:
    return _task(task_id).milestones.all()


@router.post("/tasks/{task_id}/milestones", response={201: MilestoneOut}, auth=signed_in)
def add_milestone(request: HttpRequest, task_id: Id, payload: MilestoneIn) -> Status[Milestone]:
    """A step of the task's plan, with the day it is due (the task's managers)."""
    milestone = task_services.add_milestone(
        actor=Actor.for_user(request.user),
        task=_task(task_id),
        title=payload.title,
        title_en=payload.title_en,
        due_on=payload.due_on,
    )
    return Status(201, milestone)


@router.post("/tasks/{task_id}/milestones/{milestone_id}/done", response=MilestoneOut, auth=signed_in)
def complete_milestone(request: HttpRequest, task_id: Id, milestone_id: Id) -> Milestone:
    """The milestone is done today (those who report on the task)."""
    milestone = _task(task_id).milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFoundError(TaskErrorCode.NOT_FOUND, _("There is no such milestone."))
    return task_services.complete_milestone(
        actor=Actor.for_user(request.user), milestone=milestone, done_on=timezone.localdate()
    )


@router.post("/tasks/{task_id}/report-requests", response=ReportRequestOut, auth=signed_in)
def request_report(request: HttpRequest, task_id: Id) -> dict[str, int]:
    """The staff of the committee that issued the task's recommendation ask its reporters for a
    progress report."""
    return {"told": task_services.request_report(actor=Actor.for_user(request.user), task=_task(task_id))}


@router.post("/tasks/{task_id}/follow", response={204: None}, auth=signed_in)
def follow_task(request: HttpRequest, task_id: Id) -> Status[None]:
    """Be told of the task's progress reports."""
    task_services.follow(actor=Actor.for_user(request.user), task=_task(task_id), on=True)
    return Status(204, None)


@router.delete("/tasks/{task_id}/follow", response={204: None}, auth=signed_in)
def unfollow_task(request: HttpRequest, task_id: Id) -> Status[None]:
    task_services.follow(actor=Actor.for_user(request.user), task=_task(task_id), on=False)
    return Status(204, None)


@router.get("/organizations/{organization_id}/review", response=list[ReviewRowOut])
def implementation_review(
    request: HttpRequest,
    organization_id: Id,
    round: Annotated[int, Field(ge=1, le=999)] | None = None,
    attention: Literal["", "overdue", "stale"] = "",
) -> list[dict[str, Any]]:
    committee = Organization.objects.filter(pk=organization_id).first()
    if committee is None:
        raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("No organization has this id."))
    rows = task_selectors.implementation_review(committee, round_number=round, attention=attention)
    return [{"proposal": r.proposal, "answer": r.answer, "task": r.task, "last_report": r.last_report} for r in rows]
