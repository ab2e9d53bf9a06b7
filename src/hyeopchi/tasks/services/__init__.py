"""Every write to tasks, by sub-domain: tasks (creating one, or many from an import), plans
(roll-up settings and milestones), reports (progress reports, following) and reminders (due and
overdue tasks, a committee's request for a report).

A report or a weight change recomputes the progress of every ancestor whose setting rolls up
its children, inside the same transaction, locking each ancestor before reading its children.

The public names are re-exported here, so callers import ``services`` and need not know the
sub-module.
"""

from hyeopchi.tasks.services.plans import add_milestone, complete_milestone, set_rollup
from hyeopchi.tasks.services.reminders import remind_due_and_overdue, reporters_of, request_report
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
    "remind_due_and_overdue",
    "report_progress",
    "reporters_of",
    "request_report",
    "set_rollup",
]
