"""Which status a task may move to from each status (a report may keep the status)."""

from hyeopchi.tasks.enums import TaskStatus as S

TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.IN_PROGRESS, S.DELAYED, S.SUSPENDED, S.CANCELLED, S.COMPLETED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.DELAYED, S.SUSPENDED, S.CANCELLED}),
    S.DELAYED: frozenset({S.IN_PROGRESS, S.COMPLETED, S.SUSPENDED, S.CANCELLED}),
    S.SUSPENDED: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    # A completed task reopens when a later report says the work goes on.
    S.COMPLETED: frozenset({S.IN_PROGRESS}),
    S.CANCELLED: frozenset(),
}
