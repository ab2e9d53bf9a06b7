"""Participatory budgets (주민참여예산, 지방재정법 §39): processes, headings, projects, ballots, tallies.

**Ballot secrecy.** That a person voted (``Participation``) and what they voted (``Ballot``) are two
tables with no link between them. While voting is open a ballot carries a *seal*, an HMAC of the
heading and the person under a key kept outside the database (``budgeting.secrecy``), so the voter
can change it until the close; when voting closes every seal is erased and the ballots are stored
again in a random order under new random ids, so neither a column nor the order of rows ties a
ballot to a person. ``docs/budget-ballot-secrecy.md`` states what this protects against and what
it does not.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.budgeting.enums import Channel, Feasibility, Phase, Rule, VoteType
from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin, in_page_language
from hyeopchi.core.models import BaseModel
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal


class Process(BilingualTitleMixin, BaseModel):
    """One year's (or one theme's) participatory budget of a site, in phases."""

    site = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="budget_processes")
    slug = models.SlugField(_("address"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    organizer = optional_link(Organization, _("responsible department"), "organized_budget_processes")
    one_heading_only = models.BooleanField(
        _("one heading per person"),
        default=False,
        help_text=_("A person votes in one heading of the process only (e.g. the 동 where they take part)."),
    )
    consent_to_demographics = models.BooleanField(
        _("ask for age with the ballot"),
        default=False,
        help_text=_("Voters may agree to keep their age group with their ballot, for the open data."),
    )
    sealed_at = models.DateTimeField(_("ballots sealed at"), null=True, blank=True, editable=False)

    class Meta:
        db_table = "budgeting_process"
        ordering = ["site", "-created_at"]
        verbose_name = _("budget process")
        verbose_name_plural = _("budget processes")
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="budget_process_slug")]

    def __str__(self) -> str:
        return self.title


class ProcessPhase(models.Model):
    """A phase's dates (inclusive, Asia/Seoul); a process's phases follow each other without gaps."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        db_table = "budgeting_phase"
        ordering = ["process", "starts_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["process", "phase"], name="budget_phase_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="budget_phase_period"),
        ]

    def __str__(self) -> str:
        return f"{self.phase} {self.starts_on}–{self.ends_on}"


class Heading(BaseModel):
    """A budget within the process (a district's, a 동's, a theme's), with its ballot and rules."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="headings")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (won)"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    vote_type = models.CharField(_("ballot"), max_length=20, choices=VoteType.choices, default=VoteType.APPROVAL)
    min_picks = models.PositiveSmallIntegerField(_("fewest picks"), default=1)
    max_picks = models.PositiveSmallIntegerField(_("most picks"), null=True, blank=True)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("least share of the money to spend (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    max_points = models.PositiveSmallIntegerField(_("points to share"), null=True, blank=True)
    rank_points = models.JSONField(_("points per rank"), default=list, blank=True)
    category_limits = models.JSONField(
        _("most picks per category"), default=dict, blank=True, help_text=_('e.g. {"복지": 1, "환경": 1}')
    )
    rule = models.CharField(_("tally rule"), max_length=30, choices=Rule.choices, default=Rule.GREEDY)
    add1_unit = models.PositiveIntegerField(
        _("add1 step (won)"),
        default=1000,
        help_text=_(
            "Equal Shares' add1 raises each voter's money by this much per run: 1,000 won, the unit of Korean "
            "budget documents (천원); 1 won would take hundreds of thousands of runs."
        ),
    )
    min_vote_percent = models.PositiveSmallIntegerField(
        _("least share of the votes (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    vote_weight = models.PositiveSmallIntegerField(
        _("weight of the public vote"), default=100, help_text=_("Out of the sum of all weights.")
    )
    # Who may vote: verified residents of these areas (5-digit codes), optionally people who work
    # or study there; an age range on the first day of voting; the site's own staff excluded.
    area_codes = models.JSONField(_("areas"), default=list, blank=True)
    also_workers = models.BooleanField(_("people who work there may vote"), default=False)
    also_students = models.BooleanField(_("people who study there may vote"), default=False)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    exclude_staff = models.BooleanField(_("the site's officials may not vote"), default=False)
    resident_tax = models.PositiveBigIntegerField(_("resident tax paid (won)"), null=True, blank=True)

    class Meta:
        db_table = "budgeting_heading"
        ordering = ["process", "position", "pk"]
        verbose_name = _("heading")
        verbose_name_plural = _("headings")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="budget_heading_amount"),
            models.CheckConstraint(
                condition=Q(max_picks__isnull=True) | Q(max_picks__gte=models.F("min_picks")),
                name="budget_heading_picks",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return in_page_language(self.name, self.name_en)


class Project(BilingualTitleMixin, BaseModel):
    """A project on a heading's ballot, from a proposal or entered by staff."""

    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="projects")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveBigIntegerField(_("cost (won)"))
    category = models.CharField(_("category"), max_length=60, blank=True)
    area = optional_link(Organization, _("area"), "budget_projects_in")
    responsible = optional_link(Organization, _("responsible organization"), "budget_projects")
    proposal = optional_link(Proposal, _("from the proposal"), "budget_projects")
    feasibility = models.CharField(
        _("feasibility"), max_length=20, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    feasibility_reason = models.TextField(_("reason"), blank=True)
    votes = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    selected = models.BooleanField(_("selected"), default=False, editable=False)

    class Meta:
        db_table = "budgeting_project"
        ordering = ["heading", "number"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        constraints = [
            models.UniqueConstraint(fields=["heading", "number"], name="budget_project_number"),
            models.CheckConstraint(condition=Q(cost__gte=1), name="budget_project_cost"),
        ]

    def __str__(self) -> str:
        return self.title


def project_file_path(instance: ProjectFile, filename: str) -> str:
    return f"budgets/{instance.project_id}/{filename}"


class ProjectFile(BaseModel):
    """A file of a project: a plan, an estimate, a map; an image is shown on the project's page with
    its description as the text alternative."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=project_file_path, max_length=300)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    description = models.CharField(_("image description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "budgeting_project_file"
        ordering = ["project", "pk"]
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


class ScoreSource(BaseModel):
    """A score combined with the public vote by its weight (a committee's review, a survey)."""

    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="score_sources")
    name = models.CharField(_("name"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        db_table = "budgeting_score_source"
        ordering = ["heading", "pk"]
        verbose_name = _("score source")
        verbose_name_plural = _("score sources")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class ProjectScore(models.Model):
    source = models.ForeignKey(ScoreSource, on_delete=models.CASCADE, related_name="scores")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)

    class Meta:
        db_table = "budgeting_project_score"
        constraints = [models.UniqueConstraint(fields=["source", "project"], name="budget_score_once")]

    def __str__(self) -> str:
        return f"{self.source_id}/{self.project_id}: {self.score}"


class Participation(models.Model):
    """That a person voted in a heading, and how; never what (see the module's note)."""

    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="participations")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    user = optional_link(settings.AUTH_USER_MODEL, _("account"), "budget_participations", models.CASCADE)
    # A paper voter without an account: a keyed hash of the name and date of birth staff checked.
    paper_key = models.CharField(max_length=64, blank=True)
    # "process:person" where the process allows one heading per person: unique, so two headings
    # voted at once cannot both pass.
    exclusive_key = models.CharField(max_length=40, null=True, blank=True, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    voted_at = models.DateTimeField(_("voted at"))

    class Meta:
        db_table = "budgeting_participation"
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["heading", "user"], condition=Q(user__isnull=False), name="budget_one_ballot_per_person"
            ),
            models.UniqueConstraint(
                fields=["heading", "paper_key"], condition=~Q(paper_key=""), name="budget_one_paper_ballot"
            ),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(paper_key=""), name="budget_participant"),
        ]
        indexes = [models.Index(fields=["process", "user"], name="budget_participation_process")]

    def __str__(self) -> str:
        return f"{self.heading_id}: {self.channel}"


class Ballot(models.Model):
    """What was voted, without who: picked project numbers (ranked for ordinal ballots) and points."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="ballots")
    picks = models.JSONField(default=list)
    points = models.JSONField(default=list, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    valid = models.BooleanField(default=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)  # only with the voter's consent
    seal = models.CharField(max_length=64, blank=True)

    class Meta:
        db_table = "budgeting_ballot"
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["heading", "seal"], condition=~Q(seal=""), name="budget_ballot_seal")
        ]

    def __str__(self) -> str:
        return str(self.id)


class Result(models.Model):
    """A heading's tally: the rule, when, and the outcome with its explanation (``tally.Outcome``)."""

    heading = models.OneToOneField(Heading, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(_("rule"), max_length=40)
    computed_at = models.DateTimeField(_("counted at"))
    ballots = models.PositiveIntegerField(_("valid ballots"))
    void = models.PositiveIntegerField(_("void ballots"), default=0)
    spent = models.PositiveBigIntegerField(_("allocated (won)"))
    outcome = models.JSONField(default=dict)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        db_table = "budgeting_result"
        verbose_name = _("budget result")
        verbose_name_plural = _("budget results")

    def __str__(self) -> str:
        return f"{self.heading_id}: {self.rule}"
