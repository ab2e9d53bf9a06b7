"""Who may do what with participatory budgets: the site's administrators run a process (phases,
headings, projects, feasibility, paper ballots, the tally); the responsible organization's staff
review feasibility; signed-in people who are eligible vote."""

from __future__ import annotations

from hyeopchi.budgeting.models import Process, Project
from hyeopchi.core.actor import Actor
from hyeopchi.organizations.permissions import can_manage_organization, can_manage_roster


def can_manage_process(actor: Actor, process: Process) -> bool:
    return can_manage_organization(actor, process.site)


def can_review_project(actor: Actor, project: Project) -> bool:
    process = project.heading.process
    if can_manage_process(actor, process):
        return True
    return project.responsible is not None and can_manage_roster(actor, project.responsible)
