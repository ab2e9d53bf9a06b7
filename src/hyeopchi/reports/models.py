"""A site's white papers: the outline (chapters), the narrative staff write for each chapter with
its review, the voices (quotes with the speaker's consent), the timeline entries, and the editions
compiled from the records (v1, v2 …, each as of a date, with its files)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin
from hyeopchi.core.models import BaseModel
from hyeopchi.organizations.models import Organization
from hyeopchi.reports.enums import FINISHED_EDITIONS, ChapterKind, EditionStatus, PassageStatus, SearchKind


class WhitePaper(BilingualTitleMixin, BaseModel):
    """A white paper (백서) of a site, or of one body of it, over a period."""

    site = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="white_papers", editable=False)
    body = optional_link(Organization, _("body"), "body_white_papers")
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # The meeting whose published minutes the evaluation chapter prints (a roundtable, 좌담회), and
    # the evaluation round whose framework's indicators it lists.
    roundtable = optional_link("meetings.Meeting", _("roundtable"), "+")
    evaluation_round = optional_link("evaluations.Round", _("evaluation round"), "+")

    class Meta:
        verbose_name = _("white paper")
        verbose_name_plural = _("white papers")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="white_paper_period")
        ]

    def __str__(self) -> str:
        return self.title


class Chapter(BilingualTitleMixin, BaseModel):
    """One chapter of the outline: its number, its title and what it compiles from the records."""

    paper = models.ForeignKey(WhitePaper, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("compiles"), max_length=20, choices=ChapterKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["paper", "number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="chapter_number_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Passage(BaseModel):
    """Narrative staff write for a chapter. ``{{key}}`` in the text is a live reference to a figure
    computed from the records; an edition prints the approved text only."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(_("review"), max_length=20, choices=PassageStatus.choices, default=PassageStatus.DRAFT)
    approved_heading = models.CharField(max_length=200, blank=True, editable=False)
    approved_text = models.TextField(blank=True, editable=False)
    written_by = optional_link(settings.AUTH_USER_MODEL, _("written by"), "+", models.SET_NULL)
    approved_by = optional_link(settings.AUTH_USER_MODEL, _("approved by"), "+", models.SET_NULL)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["chapter", "position", "pk"]

    def __str__(self) -> str:
        return self.heading or self.text[:40]


class Voice(BaseModel):
    """A quote from an interview, printed with the speaker's consent (recorded with its date)."""

    paper = models.ForeignKey(WhitePaper, on_delete=models.CASCADE, related_name="voices")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    speaker = models.CharField(_("speaker"), max_length=100, help_text=_("As printed: a name or a description."))
    affiliation = models.CharField(_("role or affiliation"), max_length=200, blank=True)
    quote = models.TextField(_("quote"))
    consent_on = models.DateField(_("consent given on"))
    consent_note = models.CharField(_("how consent was given"), max_length=300)

    class Meta:
        verbose_name = _("voice")
        verbose_name_plural = _("voices")
        ordering = ["paper", "position", "pk"]

    def __str__(self) -> str:
        return self.speaker


class TimelineEntry(BaseModel):
    """A dated step of the governance's foundations (an ordinance enacted, a plan adopted)."""

    paper = models.ForeignKey(WhitePaper, on_delete=models.CASCADE, related_name="timeline")
    on = models.DateField(_("date"))
    text = models.CharField(_("what happened"), max_length=300)
    text_en = models.CharField(_("in English"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["paper", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.text}"


def edition_path(edition: Edition, filename: str) -> str:
    return f"white-papers/{edition.paper_id}/v{edition.number}/{filename}"


class Edition(models.Model):
    """A compiled white paper: its number (v1, v2 …), the date its figures are as of, the hash of
    its content, and its files (web edition, PDF, HWPX). Generated by the background worker."""

    paper = models.ForeignKey(WhitePaper, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveIntegerField(_("version"))
    as_of = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=10, default="ko")
    status = models.CharField(_("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    # The compiled document (canonical JSON of `hyeopchi.reports.document.Document`): the web
    # edition is rendered from it, so it shows what the PDF prints.
    document = models.JSONField(null=True, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    html = models.FileField(upload_to=edition_path, blank=True, max_length=300)
    pdf = models.FileField(upload_to=edition_path, blank=True, max_length=300)
    hwpx = models.FileField(upload_to=edition_path, blank=True, max_length=300)
    message = models.TextField(_("message"), blank=True)
    requested_by = optional_link(settings.AUTH_USER_MODEL, _("requested by"), "+", models.SET_NULL)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["paper", "-number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="edition_number_once")]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_EDITIONS


class SearchEntry(models.Model):
    """One public record as the site's search finds it: what it is, where it belongs (site, body,
    year, status), what a result shows (title, date, the text its snippet is cut from) and the
    terms it is found by (``core.korean.index_terms``). Kept by ``reports.search_index`` from
    the records; derived data, rebuilt at will.

    ``source`` and ``object_id`` name the record (``meetings.document`` 12); ``target`` holds what
    the web edge needs to link to it. An entry whose record is not public today is kept with
    ``public`` false and no text, so that ``refresh_on`` can bring it back the day a closure ends
    (정보공개법 §9②)."""

    site = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    kind = models.CharField(_("type"), max_length=20, choices=SearchKind.choices)
    public = models.BooleanField(default=True)
    body = optional_link(Organization, _("body"), "+", models.SET_NULL)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=400)
    text = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    target = models.JSONField(default=dict)
    refresh_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_once")]
        indexes = [
            # ``public`` last: SQLite compares a boolean as a bare column, which no index column
            # before another can serve. The facets' counts of a search over everything read the
            # second index alone.
            models.Index(fields=["site", "-date", "-id", "public"], name="search_entry_site_recent"),
            models.Index(fields=["site", "kind", "body", "year", "status", "public"], name="search_entry_facets"),
            models.Index(fields=["refresh_on"], name="search_entry_refresh", condition=Q(refresh_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title
