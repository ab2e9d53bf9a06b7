from django.db import models
from django.utils.translation import gettext_lazy as _


class ChapterKind(models.TextChoices):
    """What a white paper chapter compiles from the records (its narrative is written by staff)."""

    FOUNDATIONS = "foundations", _("foundations and structure")
    PROGRAMS = "programs", _("programs")
    OUTCOMES = "outcomes", _("outcomes and cases")
    VOICES = "voices", _("voices")
    EVALUATION = "evaluation", _("evaluation")


class PassageStatus(models.TextChoices):
    """A narrative passage's review: written, sent for review, approved for print."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")


class EditionStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    COMPILING = "compiling", _("compiling the records")
    RENDERING = "rendering", _("rendering the files")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


FINISHED_EDITIONS = frozenset({EditionStatus.DONE, EditionStatus.FAILED})


class SearchKind(models.TextChoices):
    """What a search result is; the order is the order of the type facet."""

    MEETING = "meeting", _("meeting")
    AGENDA_ITEM = "agenda_item", _("agenda item")
    MINUTES = "minutes", _("minutes")
    PROPOSAL = "proposal", _("proposal")
    TASK = "task", _("task")
    PROGRESS_REPORT = "progress_report", _("progress report")
    BUDGET_PROJECT = "budget_project", _("budget project")
    DOCUMENT = "document", _("document")
