"""Proposals addressed to organizations, their supports, debates, answers and moderation.

A site's threshold ladder is data (``Ladder`` and its ``LadderStep`` rows), so 바로소통광주's
50 / 100 and 민주주의 서울's 50 / 100 / 1,000 are both set up without code. A proposal keeps the
ladder in force when it was submitted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin, in_page_language
from hyeopchi.core.korean import index_terms
from hyeopchi.core.models import BaseModel
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals import similarity
from hyeopchi.proposals.enums import (
    Answerer,
    AnswerOutcome,
    Metric,
    Position,
    ProposalKind,
    ProposalStatus,
    ReportReason,
    StepEffect,
    Visibility,
)


def search_text(title: str, body: str) -> str:
    """The terms a proposal is found by (``core.korean.index_terms``), space-separated."""
    return " ".join(index_terms(f"{title} {body}"))


class Ladder(BaseModel):
    """The thresholds a site's proposals climb, in force from a date (with a history)."""

    site = models.ForeignKey(Organization, verbose_name=_("site"), on_delete=models.PROTECT, related_name="ladders")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    valid_from = models.DateField(_("in force from"))
    basis = models.CharField(_("basis"), max_length=300, blank=True, help_text=_("The rule or notice that set it."))

    class Meta:
        db_table = "proposals_ladder"
        ordering = ["site", "-valid_from"]
        verbose_name = _("threshold ladder")
        verbose_name_plural = _("threshold ladders")
        constraints = [models.UniqueConstraint(fields=["site", "valid_from"], name="ladder_site_from_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%Y-%m-%d})"

    @property
    def display_name(self) -> str:
        return in_page_language(self.name, self.name_en)


class LadderStep(BaseModel):
    """One rung: when ``metric`` reaches ``threshold`` within ``window_days``, ``effect`` happens."""

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    metric = models.CharField(_("counted"), max_length=20, choices=Metric.choices)
    threshold = models.PositiveIntegerField(_("threshold"))
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"),
        null=True,
        blank=True,
        help_text=_("Days from the previous step (or submission) to reach this one; empty: no limit."),
    )
    effect = models.CharField(_("effect"), max_length=20, choices=StepEffect.choices)
    answerer = models.CharField(_("answered by"), max_length=20, choices=Answerer.choices, blank=True)
    answer_organization = models.ForeignKey(
        Organization,
        verbose_name=_("answering organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the organization the proposal is addressed to."),
    )
    answer_days = models.PositiveSmallIntegerField(_("answer within (days)"), null=True, blank=True)

    class Meta:
        db_table = "proposals_ladder_step"
        ordering = ["ladder", "order"]
        verbose_name = _("threshold step")
        verbose_name_plural = _("threshold steps")
        constraints = [
            models.UniqueConstraint(fields=["ladder", "order"], name="ladder_step_order_unique"),
            models.CheckConstraint(condition=Q(threshold__gte=1), name="ladder_step_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def display_name(self) -> str:
        return in_page_language(self.name, self.name_en)


class Proposal(BilingualTitleMixin, BaseModel):
    """Something asked of an organization; it climbs its ladder and is answered."""

    site = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="site_proposals", editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    body = models.TextField(_("proposal"))
    author_user = optional_link(settings.AUTH_USER_MODEL, _("author"), "proposals", models.SET_NULL)
    author_organization = optional_link(Organization, _("proposing organization"), "authored_proposals")
    addressee = models.ForeignKey(
        Organization, verbose_name=_("addressed to"), on_delete=models.PROTECT, related_name="received_proposals"
    )
    # A committee's recommendations are numbered within its rounds: 제2차 권고 제4호.
    round_number = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    source = optional_link("self", _("made from"), "derived")
    ladder = models.ForeignKey(Ladder, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    deadline = models.DateTimeField(_("current window ends"), null=True, blank=True)
    steps_reached = models.PositiveSmallIntegerField(default=0)
    # What the next step counts and how many it needs (empty when no step is left).
    next_metric = models.CharField(max_length=20, blank=True, editable=False)
    next_threshold = models.PositiveIntegerField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    participant_count = models.PositiveIntegerField(_("debate participants"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    report_count = models.PositiveSmallIntegerField(default=0)
    # The title's and body's search terms (``core.korean.index_terms``), indexed by ``proposals.search``.
    search_tokens = models.TextField(default="", editable=False)
    # Its civic concepts, as "support this one instead" compares them (``similarity.stored``).
    similarity_terms = models.TextField(default="", editable=False)

    class Meta:
        db_table = "proposals_proposal"
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(author_user__isnull=False) | Q(author_organization__isnull=False),
                name="proposal_has_author",
            ),
            models.UniqueConstraint(
                fields=["author_organization", "round_number", "number"],
                condition=Q(kind="recommendation"),
                name="recommendation_number_unique",
            ),
        ]
        # Each public order has an index that ends in the tie-break on id, so a page is read in
        # index order and stops at its last row; status rides along so drafts are skipped
        # without reading rows.
        indexes = [
            models.Index(fields=["site", "visibility", "-submitted_at", "-id", "status"], name="proposal_site_recent"),
            models.Index(
                fields=["site", "visibility", "-support_count", "-id", "status"], name="proposal_site_supports"
            ),
            models.Index(
                fields=["site", "visibility", "-participant_count", "-id", "status"], name="proposal_site_debated"
            ),
            models.Index(fields=["site", "status", "visibility", "-submitted_at", "-id"], name="proposal_site_status"),
            models.Index(fields=["status", "deadline"], name="proposal_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if fields is None or {"title", "body"} & set(fields):
            self.search_tokens = search_text(self.title, self.body)
            self.similarity_terms = similarity.stored(self.title, self.body)
            if fields is not None:
                kwargs["update_fields"] = [*fields, "search_tokens", "similarity_terms"]
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """제2차 권고 제4호 for a recommendation, else the platform's number."""
        if self.kind == ProposalKind.RECOMMENDATION and self.number is not None:
            return str(
                _("Round %(round)s, recommendation no. %(number)s")
                % {"round": self.round_number or 1, "number": self.number}
            )
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in {ProposalStatus.SUBMITTED, ProposalStatus.DEBATE, ProposalStatus.UNDER_REVIEW}

    @property
    def is_editable(self) -> bool:
        """Its author may still change the text: nobody has supported it or joined its debate,
        and it is neither answered nor closed. After that it can only be withdrawn."""
        return (
            self.status in {ProposalStatus.DRAFT, ProposalStatus.SUBMITTED}
            and self.support_count == 0
            and self.participant_count == 0
            and self.answered_at is None
        )


class StepReached(models.Model):
    """When a proposal reached a rung of its ladder, and the count that got it there."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(LadderStep, on_delete=models.PROTECT, related_name="+")
    reached_at = models.DateTimeField(_("reached at"))
    count = models.PositiveIntegerField(_("count"))
    promoted = models.BooleanField(_("promoted by hand"), default=False)

    class Meta:
        db_table = "proposals_step_reached"
        ordering = ["proposal", "reached_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "step"], name="step_reached_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.step_id}"


class Support(models.Model):
    """One person's 공감; one per person and proposal, withdrawable while the proposal is open."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "proposals_support"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class DebateParticipation(models.Model):
    """One person taking part in a proposal's public debate (a position, or a comment)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debate_participations")
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, default=Position.NEUTRAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "proposals_debate_participation"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="participation_once")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.proposal_id}"


class Answer(BaseModel):
    """An official answer owed or given by an organization, with its due date."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    step = models.ForeignKey(LadderStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("answering organization"),
        on_delete=models.PROTECT,
        related_name="proposal_answers",
    )
    respondent = optional_link(Person, _("answered by"), "+")
    due_on = models.DateField(_("due on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AnswerOutcome.choices, blank=True)
    text = models.TextField(_("answer"), blank=True)
    text_en = models.TextField(_("English answer"), blank=True)

    class Meta:
        db_table = "proposals_answer"
        ordering = ["proposal", "pk"]
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")
        indexes = [models.Index(fields=["answered_at", "due_on"], name="answer_due")]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.organization_id}"

    @property
    def display_text(self) -> str:
        return in_page_language(self.text, self.text_en)


class Comment(BaseModel):
    """A deliberation comment; replies go one level deep."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("comment"))
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    report_count = models.PositiveSmallIntegerField(default=0)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        db_table = "proposals_comment"
        ordering = ["proposal", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:50]


class Revision(models.Model):
    """The text a proposal or a comment had before its author edited or deleted it, kept for
    moderators (a deleted comment's text lives on only here)."""

    class Change(models.TextChoices):
        EDITED = "edited", _("edited")
        DELETED = "deleted", _("deleted")

    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions")
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        db_table = "proposals_revision"
        ordering = ["replaced_at", "pk"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, comment__isnull=False)
                | Q(proposal__isnull=False, comment__isnull=True),
                name="revision_of_one_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()} {self.replaced_at:%Y-%m-%d %H:%M}"


class Report(BaseModel):
    """One person's report of a proposal or a comment to the moderators."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "proposals_report"
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True) ^ Q(comment__isnull=True), name="report_one_target"
            ),
            models.UniqueConstraint(
                fields=["reporter", "proposal"], condition=Q(comment__isnull=True), name="report_proposal_once"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"], condition=Q(proposal__isnull=True), name="report_comment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"report by {self.reporter_id}"


class Block(BaseModel):
    """A person a moderator blocked from writing, supporting and commenting on a site."""

    site = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        db_table = "proposals_block"
        constraints = [models.UniqueConstraint(fields=["site", "user"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.user_id} blocked on {self.site_id}"


class Follow(models.Model):
    """Someone who asked to hear about a proposal's answers and status changes."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "proposals_follow"
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.proposal_id}"
