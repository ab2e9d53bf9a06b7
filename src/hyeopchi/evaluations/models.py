"""Evaluation rounds: frameworks, targets in groups, panels and their pools, conflicts, the draw,
ratings, data figures, result versions and appeals (reference/evaluation.md).

A framework and a round's rules are stored as the same mappings the YAML files hold (ADR 7), so a
stored round and ``hyeopchi evaluation compute`` run one function over one shape of input.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin
from hyeopchi.core.models import BaseModel
from hyeopchi.evaluations.enums import (
    AppealGround,
    AppealStatus,
    ConflictDecider,
    ConflictReason,
    ConflictStatus,
    FrameworkStatus,
    PanelKind,
    RatingStatus,
    Remedy,
    RoundStatus,
)
from hyeopchi.organizations.models import Organization


class Framework(BilingualTitleMixin, BaseModel):
    """The weighted tree an evaluation scores; immutable and hashed once published."""

    office = models.ForeignKey(
        Organization,
        verbose_name=_("evaluation office"),
        null=True,
        on_delete=models.PROTECT,
        related_name="evaluation_frameworks",
        help_text=_("The organization whose administrators and secretaries keep this framework."),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions")
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    spec = models.JSONField(_("fields and indicators"))
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        db_table = "evaluations_framework"
        ordering = ["title", "version"]
        verbose_name = _("evaluation framework")
        verbose_name_plural = _("evaluation frameworks")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Round(BilingualTitleMixin, BaseModel):
    """One run of a framework over targets, with panels, ratings, results and appeals."""

    office = models.ForeignKey(
        Organization, verbose_name=_("evaluation office"), on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="rounds"
    )
    rules = models.JSONField(_("grading and incentive rules"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    draw_on = models.DateField(_("draw"), null=True, blank=True)
    scoring_from = models.DateField(_("scoring from"), null=True, blank=True)
    scoring_until = models.DateField(_("scoring until"), null=True, blank=True)
    provisional_on = models.DateField(_("provisional results"), null=True, blank=True)
    appeal_until = models.DateField(_("appeals until"), null=True, blank=True)
    final_on = models.DateField(_("final results"), null=True, blank=True)
    seed_commitment = models.CharField(_("seed commitment (SHA-256)"), max_length=64, blank=True)
    seed = models.CharField(_("revealed seed"), max_length=128, blank=True)
    # A public value named with the commitment, before it exists (e.g. 동행복권 로또 6/45 제1200회
    # 당첨번호), and the value itself once drawn: the draw runs on the seed combined with it.
    beacon_source = models.CharField(
        _("public value combined with the seed"),
        max_length=300,
        blank=True,
        help_text=_("Named before it exists, e.g. the winning numbers of a named future lottery draw."),
    )
    beacon_value = models.CharField(_("the public value, as drawn"), max_length=300, blank=True)
    pool_hash = models.CharField(_("pool snapshot hash"), max_length=64, blank=True)

    class Meta:
        db_table = "evaluations_round"
        ordering = ["-draw_on", "title"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.title


class Target(BaseModel):
    """An organization evaluated in a round, in exactly one comparison group."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="evaluation_targets"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("comparison group"), max_length=50)
    size_factor = models.DecimalField(_("size factor"), max_digits=8, decimal_places=4, default=1)
    previous_total = models.DecimalField(_("previous total"), max_digits=6, decimal_places=2, null=True, blank=True)
    extras = models.JSONField(_("bonus and penalty items"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "evaluations_target"
        ordering = ["round", "position", "pk"]
        verbose_name = _("evaluation target")
        verbose_name_plural = _("evaluation targets")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="target_code_once"),
            models.UniqueConstraint(fields=["round", "organization"], name="target_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Panel(BilingualTitleMixin, BaseModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panels")
    key = models.CharField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=PanelKind.choices)
    title = models.CharField(_("name"), max_length=200)
    title_en = models.CharField(_("English name"), max_length=200, blank=True)
    per_target = models.PositiveIntegerField(_("evaluators per target"), default=5)
    capacity = models.PositiveIntegerField(
        _("targets per evaluator at most"), null=True, blank=True, help_text=_("Empty: the even share plus one.")
    )
    coi_years = models.PositiveIntegerField(_("years after employment that conflict"), default=3)
    residence_conflicts = models.BooleanField(_("residents may not rate their own local government"), default=False)
    solver = models.CharField(
        _("assignment"),
        max_length=20,
        default="random",
        choices=[("random", _("seeded least-loaded draw")), ("flow", _("min-cost flow by affinity"))],
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("citizens drawn at"), null=True, blank=True)

    class Meta:
        db_table = "evaluations_panel"
        ordering = ["round", "pk"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="panel_key_once")]

    def __str__(self) -> str:
        return self.title


class Evaluator(BaseModel):
    """A member of a panel's pool, known in public only by a per-round pseudonym."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="evaluator_seats"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    affiliation = optional_link(Organization, _("affiliation"), "+")
    employment = models.JSONField(
        _("employment history"), default=list, blank=True, help_text=_('[{"organization": id, "until": year or null}]')
    )
    residence = optional_link(Organization, _("residence"), "+")
    region = models.CharField(_("region"), max_length=50, blank=True)
    gender = models.CharField(_("gender"), max_length=10, blank=True)
    age_band = models.CharField(_("age band"), max_length=10, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    selected = models.BooleanField(_("in the panel"), default=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # A citizen who applied on the site: the consent's version, and when the attributes of an
    # applicant the draw did not select were destroyed.
    consent_version = models.PositiveSmallIntegerField(_("consent (notice version)"), null=True, blank=True)
    purged_at = models.DateTimeField(_("personal data destroyed at"), null=True, blank=True)

    class Meta:
        db_table = "evaluations_evaluator"
        ordering = ["panel", "pseudonym"]
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        constraints = [models.UniqueConstraint(fields=["panel", "pseudonym"], name="evaluator_pseudonym_once")]

    def __str__(self) -> str:
        return self.pseudonym


class Conflict(BaseModel):
    """A reason an evaluator may not rate a target; only upheld conflicts bar the pair."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="conflicts")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=30, choices=ConflictReason.choices)
    status = models.CharField(_("status"), max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.UPHELD)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # An objection's decision: who decided, how, and when.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_how = models.CharField(_("decided by"), max_length=20, choices=ConflictDecider.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        db_table = "evaluations_conflict"
        ordering = ["target", "evaluator"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "target", "reason"], name="conflict_once_per_reason")
        ]


class Assignment(BaseModel):
    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="assignments")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="assignments")
    voided = models.BooleanField(_("voided"), default=False)

    class Meta:
        db_table = "evaluations_assignment"
        ordering = ["target", "evaluator"]
        constraints = [models.UniqueConstraint(fields=["evaluator", "target"], name="assignment_once")]


class Rating(BaseModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.DecimalField(_("rating"), max_digits=14, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RatingStatus.choices, default=RatingStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    amendments = models.PositiveIntegerField(_("amendments"), default=0)
    # "Not applicable" where the framework allows it: the value is 0 and left out of every score.
    not_applicable = models.BooleanField(_("not applicable"), default=False)

    class Meta:
        db_table = "evaluations_rating"
        ordering = ["assignment", "indicator"]
        constraints = [models.UniqueConstraint(fields=["assignment", "indicator"], name="rating_once")]
        indexes = [models.Index(fields=["status"], name="rating_status")]


class DataFigure(BaseModel):
    """A data-panel indicator's figure for a target: imported, or taken from the platform."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.DecimalField(_("figure"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        db_table = "evaluations_data_figure"
        ordering = ["target", "indicator"]
        constraints = [models.UniqueConstraint(fields=["target", "indicator"], name="figure_once")]


def material_path(instance: Any, filename: str) -> str:
    return f"evaluations/{instance.target.round_id}/{instance.target_id}/{filename}"


class Material(BaseModel):
    """What a target submits for its evaluators to read (실적 자료): a report or its evidence, for
    one indicator or for the whole sheet (``indicator`` empty)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="materials")
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, max_length=300)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "evaluations_material"
        ordering = ["target", "indicator", "pk"]
        verbose_name = _("submitted material")
        verbose_name_plural = _("submitted materials")

    def __str__(self) -> str:
        return self.title


class ResultVersion(models.Model):
    """One computed result of a round, never edited: provisional ones, then final v1, v2 …"""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("computation"))
    final_number = models.PositiveIntegerField(_("final version"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    input_hash = models.CharField(max_length=64)
    output_hash = models.CharField(max_length=64)
    inputs = models.BinaryField(_("inputs (compressed canonical JSON)"))
    payload = models.JSONField(_("results"))
    diff = models.JSONField(_("changes from the previous version"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=200)

    class Meta:
        db_table = "evaluations_result_version"
        ordering = ["round", "number"]
        verbose_name = _("result version")
        verbose_name_plural = _("result versions")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["round", "final_number"], condition=Q(final_number__isnull=False), name="final_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.final_number}" if self.final_number else f"#{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("publishing", False):
            raise ValueError("result versions are never edited")
        super().save(*args, **kwargs)


class Appeal(BaseModel):
    """이의신청: a target's objection to its provisional result, and the committee's decision."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="appeals")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="appeals")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ground = models.CharField(_("ground"), max_length=20, choices=AppealGround.choices)
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    text = models.TextField(_("grounds in detail"))
    status = models.CharField(_("status"), max_length=20, choices=AppealStatus.choices, default=AppealStatus.FILED)
    remedy = models.CharField(_("remedy"), max_length=20, choices=Remedy.choices, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.ForeignKey(ResultVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals")

    class Meta:
        db_table = "evaluations_appeal"
        ordering = ["round", "created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")


class ConsensusScore(BaseModel):
    """집단평가: after 2–3 independent ratings, the panel's agreed score for one cell, entered by
    the chair with a reason; outside the individual ratings only with an extra reason."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="consensus_scores")
    indicator = models.CharField(_("indicator"), max_length=40)
    panel = models.CharField(_("panel"), max_length=40)
    value = models.DecimalField(_("agreed score"), max_digits=14, decimal_places=4)
    reason = models.TextField(_("reason"))
    override_reason = models.TextField(_("reason for going outside the ratings"), blank=True)

    class Meta:
        db_table = "evaluations_consensus"
        ordering = ["target", "indicator", "panel"]
        constraints = [models.UniqueConstraint(fields=["target", "indicator", "panel"], name="consensus_once")]
