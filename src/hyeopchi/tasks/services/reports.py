"""Progress reports (이행상황 보고) and following a task.

A report recomputes the progress of every ancestor that rolls up its children, in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.files import check_upload
from hyeopchi.tasks import permissions
from hyeopchi.tasks.enums import Rollup, TaskStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Evidence, ProgressReport, Task, TaskFollow
from hyeopchi.tasks.services._common import HUNDRED, _locked, _notify, _percent
from hyeopchi.tasks.services.plans import recompute_ancestors
from hyeopchi.tasks.workflows import TASK_TRANSITIONS

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
    spent: int | None = None,
) -> ProgressReport:
    """Add a dated progress report (이행상황 보고); ancestors that roll up are recomputed.

    A task that takes its progress from its sub-tasks reports a narrative only: its progress and
    status follow theirs.
    Completing a task without a figure records 100 %. ``spent`` is the money spent so far (whole
    won), for a task with money allocated.
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
    elif task.rollup != Rollup.OWN and new_status != task.status:
        fields["status"] = [_("This task's status follows its sub-tasks; report on them.")]
    value: Decimal
    if task.rollup != Rollup.OWN:
        if progress not in (None, ""):
            fields["progress"] = [_("This task's progress comes from its sub-tasks.")]
        value = task.progress
    elif progress in (None, ""):
        value = HUNDRED if new_status == TaskStatus.COMPLETED else task.progress
    else:
        value = _percent(progress, "progress")
    if spent is not None and (not isinstance(spent, int) or spent < 0):
        fields["spent"] = [_("The money spent is a whole number of won, at least 0.")]
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
    if spent is not None:
        task.spent = spent
    task.save(update_fields=["status", "progress", "last_reported_on", "spent", "updated_at"])
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
            **({"spent": spent} if spent is not None else {}),
        },
    )
    recompute_ancestors(actor, task)
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
