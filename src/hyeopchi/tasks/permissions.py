"""Who may do what with tasks: the owner's staff and the responsible department's staff; the
staff of the committee that issued a recommendation may ask them for a report."""

from __future__ import annotations

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_manage_roster
from hyeopchi.tasks.models import Task
from hyeopchi.tasks.selectors import issuing_committee


def can_create_task(actor: Actor, owner: Organization) -> bool:
    return can_manage_roster(actor, owner)


def can_manage_task(actor: Actor, task: Task) -> bool:
    """Change the task's plan: period, milestones, sub-tasks, roll-up."""
    return can_manage_roster(actor, task.owner)


def can_report_on(actor: Actor, task: Task) -> bool:
    """Report progress: the owner's or the responsible department's staff."""
    if can_manage_roster(actor, task.owner):
        return True
    return task.department is not None and can_manage_roster(actor, task.department)


def can_request_report(actor: Actor, task: Task) -> bool:
    """Ask for a progress report: the staff of the committee whose recommendation the task carries out."""
    committee = issuing_committee(task)
    return committee is not None and can_manage_roster(actor, committee)
