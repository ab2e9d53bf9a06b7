"""Every write to tasks, by sub-domain: tasks (creating one, or many from an import), plans
(roll-up settings and milestones) and reports (progress reports, following).

A report or a weight change recomputes the progress of every ancestor whose setting rolls up
its children, inside the same transaction, locking each ancestor before reading its children.

The public names are re-exported here, so callers import ``services`` and need not know the
sub-module.
"""

from hyeopchi.tasks.services.plans import add_milestone, complete_milestone, set_rollup
from hyeopchi.tasks.services.reports import follow, report_progress
from hyeopchi.tasks.services.tasks import NewTask, answer_with_task, create_task, create_tasks

__all__ = [
    "NewTask",
    "add_milestone",
    "answer_with_task",
    "complete_milestone",
    "create_task",
    "create_tasks",
    "follow",
    "report_progress",
    "set_rollup",
]
