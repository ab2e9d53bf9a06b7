"""Reminders about tasks: a week before the end date, the day after it passed and every 30 days
while the task stays overdue; and a committee's request for a report on its recommendation.

Each goes to the administrators and secretaries of the task's owner and responsible department,
the people who report on it (``permissions.can_report_on``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import PermissionDeniedError
from hyeopchi.core.notifications import notify
from hyeopchi.proposals.selectors import staff_user_ids
from hyeopchi.tasks import permissions, selectors
from hyeopchi.tasks.enums import ACTIVE_STATUSES
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Task

DUE_SOON_DAYS = 7
OVERDUE_EVERY_DAYS = 30


def reporters_of(task: Task) -> list[int]:
    """The accounts that report on a task: the owner's and the department's staff."""
    ids = set(staff_user_ids(task.owner))
    if task.department is not None:
        ids.update(staff_user_ids(task.department))
    return sorted(ids)


def remind_due_and_overdue(*, actor: Actor, today: dt.date) -> int:
    """Remind the reporters of each active task that ends in a week, or whose end date passed
    1, 31, 61 … days ago. Returns how many tasks were reminded of."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    active = Task.objects.filter(status__in=ACTIVE_STATUSES).select_related("owner", "department", "site")
    count = 0
    for task in active.filter(end_date=soon).order_by("pk"):
        count += bool(
            notify(
                reporters_of(task),
                "tasks.due_soon",
                gettext_lazy("“%(task)s” ends on %(date)s: report how far it has come."),
                subject=task,
                task=task.title,
                date=task.end_date.isoformat() if task.end_date else "",
            )
        )
    for task in active.filter(end_date__lt=today).order_by("end_date", "pk"):
        assert task.end_date is not None
        late = (today - task.end_date).days
        if late % OVERDUE_EVERY_DAYS != 1:
            continue
        count += bool(
            notify(
                reporters_of(task),
                "tasks.overdue",
                gettext_lazy(
                    "“%(task)s” ended on %(date)s and is still open: report on it, or complete or reschedule it."
                ),
                subject=task,
                task=task.title,
                date=task.end_date.isoformat(),
            )
        )
    return count


@transaction.atomic
def request_report(*, actor: Actor, task: Task) -> int:
    """The committee that issued the task's recommendation asks its reporters for a progress
    report. Returns how many people were told.

    Raises: PermissionDeniedError unless the actor is staff of that committee.
    """
    if not permissions.can_request_report(actor, task):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the staff of the committee that issued the recommendation can ask for a report.")
        )
    committee = selectors.issuing_committee(task)
    assert committee is not None
    told = notify(
        reporters_of(task),
        "tasks.report_requested",
        gettext_lazy("%(committee)s asks for a progress report on “%(task)s”."),
        subject=task,
        committee=committee.name,
        task=task.title,
    )
    record_event(actor, "tasks.report_requested", task, {"committee": committee.pk, "told": told})
    return told
