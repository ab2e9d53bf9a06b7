"""Creating tasks: one commitment at a time, the task an accepted answer makes, or many at once
(an import)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import BatchEvent, append_events, prepare_events, record_event
from hyeopchi.core.bulk import prepare_insert, reserve_ids
from hyeopchi.core.errors import ConflictError, ValidationFailedError
from hyeopchi.core.signals import rows_written
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.enums import AnswerOutcome, ProposalKind
from hyeopchi.proposals.models import Answer, Proposal
from hyeopchi.tasks import permissions
from hyeopchi.tasks.enums import Rollup, TaskKind, TaskStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import ProgressReport, Task
from hyeopchi.tasks.services._common import HUNDRED, _deny
from hyeopchi.tasks.services.plans import recompute_ancestors
from hyeopchi.tasks.workflows import TASK_TRANSITIONS

KINDS = frozenset(TaskKind.values)


def task_problems(
    *,
    owner: Organization,
    title: str,
    kind: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    department: Organization | None,
) -> dict[str, list[str]]:
    """What is wrong with a new task's fields, by field (empty when nothing is)."""
    fields: dict[str, list[str]] = {}
    if not 2 <= len(title) <= 300 or "\x00" in title:
        fields["title"] = [_("Write a title of up to 300 characters.")]
    if kind not in KINDS:
        fields["kind"] = [_("Choose a kind.")]
    if start_date and end_date and end_date < start_date:
        fields["end_date"] = [_("The end comes before the start.")]
    if department is not None and department.site_id != owner.site_id:
        fields["department"] = [_("Choose an organization of the same site.")]
    return fields


@transaction.atomic
def create_task(
    *,
    actor: Actor,
    owner: Organization,
    title: str,
    kind: str = TaskKind.OTHER,
    title_en: str = "",
    description: str = "",
    department: Organization | None = None,
    parent: Task | None = None,
    weight: Decimal | None = None,
    rollup_mode: str = Rollup.OWN,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    origin_proposal: Proposal | None = None,
    origin: models.Model | None = None,
    status: str = TaskStatus.PLANNED,
    authorized: bool = False,
    allocated: int | None = None,
) -> Task:
    """Record an organization's commitment.

    ``authorized`` is for other services that checked their own permission (a meeting adopting
    an item). Raises: PermissionDeniedError; ValidationFailedError for the title, the period, a
    department or parent of another site; ConflictError when the origin already has its task.
    """
    if not authorized and not permissions.can_create_task(actor, owner):
        raise _deny()
    if owner.site_id is None:
        raise ValidationFailedError(Code.INVALID_TASK, fields={"owner": [_("This organization has no public site.")]})
    title = title.strip()
    fields = task_problems(
        owner=owner, title=title, kind=kind, start_date=start_date, end_date=end_date, department=department
    )
    if rollup_mode not in Rollup.values:
        fields["rollup"] = [_("Choose how progress is counted.")]
    if parent is not None and parent.site_id != owner.site_id:
        fields["parent"] = [_("Choose a task of the same site.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_TASK, fields=fields)
    task = Task(
        site_id=owner.site_id,
        kind=kind,
        title=title,
        title_en=title_en.strip(),
        description=description.strip(),
        owner=owner,
        department=department,
        parent=parent,
        weight=weight,
        rollup=rollup_mode,
        start_date=start_date,
        end_date=end_date,
        origin_proposal=origin_proposal,
        status=status,
        progress=HUNDRED if status == TaskStatus.COMPLETED else Decimal(0),
        allocated=allocated,
    )
    if origin is not None:
        task.origin = origin
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError as error:
        raise ConflictError(Code.ALREADY_HAS_TASK, _("A task was already made from this.")) from error
    record_event(
        actor,
        "tasks.task_created",
        task,
        {
            "kind": kind,
            "owner": owner.pk,
            "parent": getattr(parent, "pk", None),
            "origin_proposal": getattr(origin_proposal, "pk", None),
            "origin": f"{origin._meta.label_lower}:{origin.pk}" if origin is not None else None,
        },
    )
    if parent is not None:
        recompute_ancestors(actor, task)
    return task


@transaction.atomic
def answer_with_task(
    *,
    actor: Actor,
    answer: Answer,
    outcome: str,
    text: str,
    respondent: Person | None = None,
    text_en: str = "",
    task_title: str = "",
    department: Organization | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[Answer, Task | None]:
    """Answer a proposal; accepting it (wholly or partly) creates its task in the same step.

    The organization the proposal is addressed to owns the task, whoever answered for it (in
    Gwangju a committee answers citizens for the city); a recommendation's task is kind
    "accepted recommendation", a citizen proposal's "accepted proposal".
    """
    given = proposal_services.give_answer(
        actor=actor, answer=answer, outcome=outcome, text=text, respondent=respondent, text_en=text_en, now=now
    )
    if outcome not in {AnswerOutcome.ACCEPTED, AnswerOutcome.PARTIALLY_ACCEPTED}:
        return given, None
    proposal = given.proposal
    kind = TaskKind.RECOMMENDATION if proposal.kind == ProposalKind.RECOMMENDATION else TaskKind.ACCEPTED_PROPOSAL
    task = create_task(
        actor=actor,
        owner=proposal.addressee,
        title=task_title or proposal.title,
        title_en=proposal.title_en,
        kind=kind,
        department=department,
        end_date=end_date,
        origin_proposal=proposal,
        authorized=True,
        start_date=start_date,
    )
    return given, task


@dataclass(frozen=True)
class NewTask:
    """One task of a batch (an import). Its parent is an existing task of the site (``parent``) or
    an earlier task of the same batch (``parent_index``); a status or a figure other than a new
    task's becomes its first progress report."""

    owner: Organization
    title: str
    kind: str = TaskKind.OTHER
    description: str = ""
    department: Organization | None = None
    parent: Task | None = None
    parent_index: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str = TaskStatus.PLANNED
    progress: Decimal | None = None

    def problems(self, *, site: Organization, index: int) -> dict[str, list[str]]:
        """What is wrong with this task as the ``index``-th of a batch for ``site``, by field."""
        fields = task_problems(
            owner=self.owner,
            title=self.title.strip(),
            kind=self.kind,
            start_date=self.start_date,
            end_date=self.end_date,
            department=self.department,
        )
        if self.owner.site_id != site.pk:
            fields["owner"] = [_("Choose an organization of the same site.")]
        if self.parent is not None and self.parent.site_id != site.pk:
            fields["parent"] = [_("Choose a task of the same site.")]
        if self.parent_index is not None and not 0 <= self.parent_index < index:
            fields["parent"] = [_("A sub-task comes after its parent.")]
        if self.status != TaskStatus.PLANNED and self.status not in TASK_TRANSITIONS[TaskStatus.PLANNED]:
            fields["status"] = [_("Choose a status.")]
        if self.progress is not None and not Decimal(0) <= self.progress <= HUNDRED:
            fields["progress"] = [_("Give a number from 0 to 100.")]
        return fields

    @property
    def is_reported(self) -> bool:
        return self.status != TaskStatus.PLANNED or self.progress is not None

    def first_progress(self) -> Decimal:
        if self.progress is not None:
            return self.progress.quantize(Decimal("0.01"))
        return HUNDRED if self.status == TaskStatus.COMPLETED else Decimal(0)


def create_tasks(
    *, actor: Actor, site: Organization, batch: Sequence[NewTask], narrative: str, reported_on: dt.date | None = None
) -> list[Task]:
    """Create every task of ``batch``, or none, in its order; each has its audit event, and each
    status or figure its progress report (``narrative``, dated ``reported_on``, today by default).

    What ``create_task`` and ``report_progress`` do row by row is done here in bulk: each owner's
    permission is checked once; the rows, their keys and their events are built before the
    transaction, which then only inserts them (``core.bulk``), links the events into the chain and
    recomputes each existing parent that rolls up, so other writers wait seconds, not minutes.
    Raises PermissionDeniedError; ValidationFailedError naming the first task that
    ``NewTask.problems`` refuses (an import checks every row with it first); ConflictError when
    an existing parent was deleted meanwhile.
    """
    for owner in {new.owner.pk: new.owner for new in batch}.values():
        if not permissions.can_create_task(actor, owner):
            raise _deny()
    for index, new in enumerate(batch):
        fields = new.problems(site=site, index=index)
        if fields:
            message = _("Task %(number)s of the batch was refused.") % {"number": index + 1}
            raise ValidationFailedError(Code.INVALID_TASK, message, fields=fields)
    today = reported_on or timezone.localdate()
    tasks = [
        Task(
            pk=pk,
            site_id=site.pk,
            kind=new.kind,
            title=new.title.strip(),
            description=new.description.strip(),
            owner=new.owner,
            department=new.department,
            parent=new.parent,
            start_date=new.start_date,
            end_date=new.end_date,
            status=new.status,
            progress=new.first_progress(),
            last_reported_on=today if new.is_reported else None,
        )
        for new, pk in zip(batch, reserve_ids(Task, len(batch)), strict=True)
    ]
    for task, new in zip(tasks, batch, strict=True):
        if new.parent_index is not None:
            task.parent = tasks[new.parent_index]
    reported = [(task, new) for task, new in zip(tasks, batch, strict=True) if new.is_reported]
    reports = [
        ProgressReport(
            pk=pk,
            task=task,
            reported_on=today,
            progress=task.progress,
            status=task.status,
            narrative=narrative,
            author_id=actor.user_pk,
        )
        for (task, _new), pk in zip(reported, reserve_ids(ProgressReport, len(reported)), strict=True)
    ]
    report_of = {report.task_id: report for report in reports}
    events: list[BatchEvent] = []
    for task in tasks:
        created = {"kind": task.kind, "owner": task.owner_id, "parent": task.parent_id, "origin_proposal": None}
        events.append(("tasks.task_created", task, created))
        if task.pk in report_of:
            report = {
                "report": report_of[task.pk].pk,
                "reported_on": today.isoformat(),
                "status": [TaskStatus.PLANNED, task.status],
                "progress": ["0", str(task.progress)],
                "evidence": [],
            }
            events.append(("tasks.progress_reported", task, report))
    inserts = [prepare_insert(tasks), prepare_insert(reports)]
    prepared = prepare_events(actor, events)
    try:
        with transaction.atomic():
            for insert in inserts:
                insert.run()
            rows_written.send(sender=Task, pks=[task.pk for task in tasks])
            rows_written.send(sender=ProgressReport, pks=[report.pk for report in reports])
            append_events(prepared)
            for child in {task.parent_id: task for task, new in zip(tasks, batch, strict=True) if new.parent}.values():
                recompute_ancestors(actor, child)
    except IntegrityError as error:
        raise ConflictError(
            Code.INVALID_TASK, _("A parent task was deleted meanwhile; import the file again.")
        ) from error
    return tasks
