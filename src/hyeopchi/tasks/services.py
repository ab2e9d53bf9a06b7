"""Every write to tasks: commitments, milestones, roll-up settings and progress reports.

A report or a weight change recomputes the progress of every ancestor whose setting rolls up
its children, inside the same transaction, locking each ancestor before reading its children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.files import check_upload
from hyeopchi.core.notifications import notify
from hyeopchi.core.queries import first_or_raise
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.enums import AnswerOutcome, ProposalKind
from hyeopchi.proposals.models import Answer, Proposal
from hyeopchi.tasks import permissions, rollup, selectors
from hyeopchi.tasks.enums import Rollup, TaskKind, TaskStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Evidence, Milestone, ProgressReport, Task, TaskFollow
from hyeopchi.tasks.workflows import TASK_TRANSITIONS

HUNDRED = Decimal(100)


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError(
        Code.NOT_ALLOWED, _("Only the administrators and secretaries of the owning organization can do this.")
    )


def _locked(task: Task) -> Task:
    return first_or_raise(
        Task.objects.select_for_update(of=("self",)).select_related("owner", "department", "site").filter(pk=task.pk),
        NotFoundError(Code.NOT_FOUND, _("There is no such task.")),
    )


def _notify(task: Task, message: Any, **values: Any) -> None:
    notify(selectors.interested_user_ids(task), "tasks.changed", message, subject=task, **values)


def _percent(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationFailedError(Code.INVALID_REPORT, fields={field: [_("Give a number from 0 to 100.")]}) from error
    if not Decimal(0) <= number <= HUNDRED:
        raise ValidationFailedError(Code.INVALID_REPORT, fields={field: [_("Give a number from 0 to 100.")]})
    return number


# --- creating tasks ----------------------------------------------------------------------------


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
    fields: dict[str, list[str]] = {}
    title = title.strip()
    if not 2 <= len(title) <= 300 or "\x00" in title:
        fields["title"] = [_("Write a title of up to 300 characters.")]
    if kind not in TaskKind.values:
        fields["kind"] = [_("Choose a kind.")]
    if rollup_mode not in Rollup.values:
        fields["rollup"] = [_("Choose how progress is counted.")]
    if start_date and end_date and end_date < start_date:
        fields["end_date"] = [_("The end comes before the start.")]
    if department is not None and department.site_id != owner.site_id:
        fields["department"] = [_("Choose an organization of the same site.")]
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
        _recompute_ancestors(actor, task)
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


# --- plan ----------------------------------------------------------------------------------------


@transaction.atomic
def set_rollup(*, actor: Actor, task: Task, mode: str, weights: Mapping[int, Decimal] | None = None) -> Task:
    """Choose how a parent's progress is counted; weighted mode sets every child's weight.

    Raises: ValidationFailedError for a parent without children, or weights that are missing,
    out of (0, 1] or do not sum to exactly 1.
    """
    task = _locked(task)
    if not permissions.can_manage_task(actor, task):
        raise _deny()
    if mode not in Rollup.values:
        raise ValidationFailedError(Code.INVALID_ROLLUP, fields={"rollup": [_("Choose how progress is counted.")]})
    children = list(Task.objects.select_for_update().filter(parent=task).order_by("pk"))
    if mode != Rollup.OWN and not children:
        raise ValidationFailedError(
            Code.INVALID_ROLLUP, fields={"rollup": [_("Only a task with sub-tasks can take its progress from them.")]}
        )
    if mode == Rollup.WEIGHTED:
        chosen = dict(weights or {})
        values = [chosen.get(child.pk) for child in children]
        try:
            rollup.check_weights(values)
        except rollup.RollupError as error:
            raise ValidationFailedError(
                Code.INVALID_ROLLUP,
                fields={"weights": [_("Give every sub-task a weight above 0; the weights must add up to 1.")]},
            ) from error
        for child, value in zip(children, values, strict=True):
            child.weight = value
            child.save(update_fields=["weight", "updated_at"])
    previous = task.rollup
    task.rollup = mode
    task.save(update_fields=["rollup", "updated_at"])
    record_event(
        actor,
        "tasks.rollup_set",
        task,
        {
            "rollup": [previous, mode],
            "weights": {str(c.pk): str(c.weight) for c in children} if mode == Rollup.WEIGHTED else {},
        },
    )
    _recompute(actor, task)
    _recompute_ancestors(actor, task)
    return task


def _recompute(actor: Actor, task: Task) -> bool:
    """Set a rolled-up task's progress from its children; True when it changed."""
    if task.rollup == Rollup.OWN:
        return False
    children = list(Task.objects.filter(parent=task).values_list("progress", "weight"))
    value = rollup.rolled_up(task.rollup, children)
    if value is None or value == task.progress:
        return False
    previous = task.progress
    task.progress = value
    task.save(update_fields=["progress", "updated_at"])
    record_event(
        actor, "tasks.progress_rolled_up", task, {"progress": [str(previous), str(value)], "rollup": task.rollup}
    )
    return True


def _recompute_ancestors(actor: Actor, task: Task) -> None:
    parent_id = task.parent_id
    while parent_id is not None:
        parent = _locked(Task(pk=parent_id))
        if not _recompute(actor, parent):
            return
        parent_id = parent.parent_id


@transaction.atomic
def add_milestone(
    *, actor: Actor, task: Task, title: str, due_on: dt.date | None = None, title_en: str = ""
) -> Milestone:
    if not permissions.can_manage_task(actor, task):
        raise _deny()
    if not title.strip():
        raise ValidationFailedError(Code.INVALID_TASK, fields={"title": [_("Write a title.")]})
    milestone = Milestone.objects.create(task=task, title=title.strip(), title_en=title_en.strip(), due_on=due_on)
    record_event(
        actor, "tasks.milestone_added", milestone, {"task": task.pk, "due_on": due_on.isoformat() if due_on else None}
    )
    return milestone


@transaction.atomic
def complete_milestone(*, actor: Actor, milestone: Milestone, done_on: dt.date) -> Milestone:
    if not permissions.can_report_on(actor, milestone.task):
        raise _deny()
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    record_event(actor, "tasks.milestone_done", milestone, {"done_on": done_on.isoformat()})
    return milestone


# --- progress reports ----------------------------------------------------------------------------


@transaction.atomic
def report_progress(
    *,
    actor: Actor,
    task: Task,
    reported_on: dt.date,
    narrative: str,
    progress: Decimal | int | str | None = None,
    status: str | None = None,
    files: Sequence[UploadedFile] = (),
    narrative_en: str = "",
    today: dt.date | None = None,
) -> ProgressReport:
    """Add a dated progress report (이행상황 보고); ancestors that roll up are recomputed.

    A task that takes its progress from its sub-tasks reports a narrative and a status only.
    Completing a task without a figure records 100 %.
    Raises: PermissionDeniedError; ValidationFailedError for a date in the future or before the
    latest report, a figure outside 0–100, an empty narrative, or a refused file;
    InvalidTransitionError for a status the current one cannot move to.
    """
    task = _locked(task)
    if not permissions.can_report_on(actor, task):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the owner's or the responsible department's staff can report on this task.")
        )
    today = today or timezone.localdate()
    fields: dict[str, list[str]] = {}
    if reported_on > today:
        fields["reported_on"] = [_("A report cannot be dated in the future.")]
    elif task.last_reported_on and reported_on < task.last_reported_on:
        fields["reported_on"] = [
            _("A later report exists (as of %(date)s).") % {"date": task.last_reported_on.isoformat()}
        ]
    if not narrative.strip() or "\x00" in narrative:
        fields["narrative"] = [_("Say what was done.")]
    new_status = status or task.status
    if new_status not in TaskStatus.values:
        fields["status"] = [_("Choose a status.")]
    value: Decimal
    if task.rollup != Rollup.OWN:
        if progress not in (None, ""):
            fields["progress"] = [_("This task's progress comes from its sub-tasks.")]
        value = task.progress
    elif progress in (None, ""):
        value = HUNDRED if new_status == TaskStatus.COMPLETED else task.progress
    else:
        value = _percent(progress, "progress")
    if fields:
        raise ValidationFailedError(Code.INVALID_REPORT, fields=fields)
    if new_status != task.status and new_status not in TASK_TRANSITIONS[task.status]:
        raise InvalidTransitionError(
            Code.INVALID_STATUS,
            _("A task that is “%(from)s” cannot become “%(to)s”.")
            % {"from": TaskStatus(task.status).label, "to": TaskStatus(new_status).label},
        )
    checked = [(upload, check_upload(upload, code=Code.EVIDENCE_REFUSED)) for upload in files]
    report = ProgressReport.objects.create(
        task=task,
        reported_on=reported_on,
        progress=value,
        status=new_status,
        narrative=narrative.strip(),
        narrative_en=narrative_en.strip(),
        author_id=actor.user_pk,
    )
    for upload, document_type in checked:
        evidence = Evidence(
            report=report,
            title=(upload.name or "evidence")[:300],
            media_type=document_type.media_type,
            size=upload.size or 0,
        )
        evidence.file.save(upload.name or "evidence", upload, save=False)
        evidence.save()
    previous = (task.status, str(task.progress))
    task.status, task.progress, task.last_reported_on = new_status, value, reported_on
    task.save(update_fields=["status", "progress", "last_reported_on", "updated_at"])
    record_event(
        actor,
        "tasks.progress_reported",
        task,
        {
            "report": report.pk,
            "reported_on": reported_on.isoformat(),
            "status": [previous[0], new_status],
            "progress": [previous[1], str(value)],
            "evidence": [e.file.name for e in report.evidence.all()],
        },
    )
    _recompute_ancestors(actor, task)
    if previous[0] != new_status:
        _notify(
            task, gettext_lazy("“%(title)s” is now %(status)s."), title=task.title, status=TaskStatus(new_status).label
        )
    else:
        _notify(
            task,
            gettext_lazy("“%(title)s”: progress %(progress)s%% as of %(date)s."),
            title=task.title,
            progress=f"{value:.0f}",
            date=reported_on.isoformat(),
        )
    return report


@transaction.atomic
def follow(*, actor: Actor, task: Task, on: bool = True) -> None:
    if actor.user_pk is None:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Sign in to take part."))
    if on:
        TaskFollow.objects.get_or_create(task=task, user_id=actor.user_pk)
    else:
        TaskFollow.objects.filter(task=task, user_id=actor.user_pk).delete()
