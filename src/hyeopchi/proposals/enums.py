from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    CITIZEN = "citizen", _("citizen proposal")
    RECOMMENDATION = "recommendation", _("committee recommendation")
    CONSULTATION = "consultation", _("consultation item")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("collecting supports")
    DEBATE = "debate", _("in public debate")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


# Statuses in which people may still support a proposal or join its debate.
OPEN_STATUSES = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.DEBATE, ProposalStatus.UNDER_REVIEW})
ANSWERED_STATUSES = frozenset({ProposalStatus.ACCEPTED, ProposalStatus.PARTIALLY_ACCEPTED, ProposalStatus.NOT_ACCEPTED})


class Metric(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    PARTICIPANTS = "participants", _("debate participants")


class StepEffect(models.TextChoices):
    DEBATE = "debate", _("opens a public debate")
    REVIEW = "review", _("obliges an official review and answer")
    ANSWER = "answer", _("obliges an answer; the proposal stays open")


class Answerer(models.TextChoices):
    DEPARTMENT = "department", _("the responsible department")
    COMMITTEE = "committee", _("a committee")
    HEAD = "head", _("the head of the government")


class AnswerOutcome(models.TextChoices):
    REPLIED = "replied", _("replied (the proposal stays open)")
    ACCEPTED = "accepted", _("accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("partially accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")


class Position(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    NEUTRAL = "neutral", _("neutral")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("visible")
    AUTO_HIDDEN = "auto_hidden", _("hidden until a moderator decides")
    HIDDEN = "hidden", _("hidden by a moderator")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam or advertising")
    OFFENSIVE = "offensive", _("offensive or abusive")
    PERSONAL_DATA = "personal_data", _("exposes personal data")
    OTHER = "other", _("other")
