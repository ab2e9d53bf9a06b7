from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    INNOVATION_TASK = "innovation_task", _("innovation task")
    REPRESENTATIVE_POLICY = "representative_policy", _("representative policy")
    RECOMMENDATION = "recommendation", _("accepted recommendation")
    ACCEPTED_PROPOSAL = "accepted_proposal", _("accepted proposal")
    JOINT_PROJECT = "joint_project", _("joint project")
    MEETING_DECISION = "meeting_decision", _("meeting decision")
    BUDGET_PROJECT = "budget_project", _("participatory budget project")
    OTHER = "other", _("other commitment")


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    DELAYED = "delayed", _("delayed")
    SUSPENDED = "suspended", _("suspended")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_STATUSES = frozenset({TaskStatus.PLANNED, TaskStatus.IN_PROGRESS, TaskStatus.DELAYED})


class Attention(models.TextChoices):
    """What makes an active task need attention: its end date passed, or no report for long."""

    OVERDUE = "overdue", _("past its end date")
    STALE = "stale", _("no recent report")


class Rollup(models.TextChoices):
    OWN = "own", _("reported on the task itself")
    MEAN = "mean", _("plain average of its sub-tasks")
    WEIGHTED = "weighted", _("weighted sum of its sub-tasks")


class ImportKind(models.TextChoices):
    TASKS = "tasks", _("Tasks")
    PROPOSALS = "proposals", _("Recommendations and consultation items")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    CHECKING = "checking", _("checking every row")
    WRITING = "writing", _("writing")
    DONE = "done", _("imported")
    REFUSED = "refused", _("refused: nothing was written")
    FAILED = "failed", _("failed: nothing was written")


FINISHED_IMPORTS = frozenset({ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED})
