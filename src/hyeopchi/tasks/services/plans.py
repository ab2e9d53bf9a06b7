"""A task's plan: how its progress and status roll up from sub-tasks, and its milestones.

A weight change recomputes the progress and status of every ancestor whose setting rolls up its children,
inside the same transaction, locking each ancestor before reading its children.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.tasks import permissions, rollup
from hyeopchi.tasks.enums import Rollup
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Milestone, Task
from hyeopchi.tasks.services._common import _deny, _locked

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
    recompute_ancestors(actor, task)
    return task


def _recompute(actor: Actor, task: Task) -> bool:
    """Set a rolled-up task's progress and status from its children; True when either changed."""
    if task.rollup == Rollup.OWN:
        return False
    children = list(Task.objects.filter(parent=task).values_list("progress", "weight", "status"))
    value = rollup.rolled_up(task.rollup, [(progress, weight) for progress, weight, _ in children])
    status = rollup.rolled_up_status([status for _, _, status in children])
    if value is None or status is None or (value, status) == (task.progress, task.status):
        return False
    previous = (str(task.progress), task.status)
    task.progress, task.status = value, status
    task.save(update_fields=["progress", "status", "updated_at"])
    record_event(
        actor,
        "tasks.progress_rolled_up",
        task,
        {"progress": [previous[0], str(value)], "status": [previous[1], status], "rollup": task.rollup},
    )
    return True


def recompute_ancestors(actor: Actor, task: Task) -> None:
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
