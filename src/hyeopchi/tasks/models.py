"""Tasks an organization committed to, their milestones and their progress reports.

A task keeps where it came from: an accepted proposal or recommendation (``origin_proposal``),
or any other record such as a meeting's agenda item (``origin``, a generic link so this domain
does not depend on meetings).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin
from hyeopchi.core.models import BaseModel
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks.enums import FINISHED_IMPORTS, ImportKind, ImportStatus, Rollup, TaskKind, TaskStatus

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Task(BilingualTitleMixin, BaseModel):
    """Something an organization committed to do, tracked to the end."""

    site = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="site_tasks", editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="tasks")
    department = optional_link(Organization, _("responsible department"), "department_tasks")
    origin_proposal = optional_link(Proposal, _("from the proposal"), "tasks")
    origin_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    origin_pk = models.CharField(max_length=64, blank=True)
    origin = GenericForeignKey("origin_type", "origin_pk")
    parent = optional_link("self", _("parent task"), "children")
    weight = models.DecimalField(_("weight in the parent"), max_digits=5, decimal_places=4, null=True, blank=True)
    rollup = models.CharField(_("progress from"), max_length=20, choices=Rollup.choices, default=Rollup.OWN)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    progress = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    last_reported_on = models.DateField(_("last report"), null=True, blank=True)
    # Money, in whole won: what the budget gave the task (a participatory budget's project) and
    # what has been spent of it so far.
    allocated = models.PositiveBigIntegerField(_("allocated (won)"), null=True, blank=True)
    spent = models.PositiveBigIntegerField(_("spent (won)"), null=True, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "tasks_task"
        ordering = ["position", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="task_progress_percent"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="task_period",
            ),
            models.UniqueConstraint(
                fields=["origin_type", "origin_pk"], condition=~Q(origin_pk=""), name="task_one_per_origin"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "status"], name="task_site_status"),
            models.Index(fields=["owner", "status"], name="task_owner_status"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(BilingualTitleMixin, BaseModel):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        db_table = "tasks_milestone"
        ordering = ["task", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ProgressReport(BaseModel):
    """A dated statement of a task's progress (이행상황 보고); never edited, only followed."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("as of"))
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices)
    narrative = models.TextField(_("what was done"))
    narrative_en = models.TextField(_("English text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "tasks_progress_report"
        ordering = ["task", "-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["task", "-reported_on"], name="report_task_recent")]

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.reported_on}"


class Evidence(BaseModel):
    """A file that backs a progress report (a plan, a photo, an HWP report)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        db_table = "tasks_evidence"
        ordering = ["report", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class TaskFollow(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "tasks_follow"
        constraints = [models.UniqueConstraint(fields=["task", "user"], name="task_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.task_id}"


class SpreadsheetImport(BaseModel):
    """A spreadsheet brought in from the web, run by the background worker: the file waits under
    the data directory until the worker reads it, and the page follows its progress."""

    site = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="spreadsheet_imports")
    kind = models.CharField(_("what"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, default="ko")
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("rows imported"), default=0)
    message = models.TextField(_("message"), blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_IMPORTS
