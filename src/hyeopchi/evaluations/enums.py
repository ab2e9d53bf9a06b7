from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("being set up")
    PREPARING = "preparing", _("pool and draw")
    SCORING = "scoring", _("scoring")
    PROVISIONAL = "provisional", _("provisional results, appeals open")
    FINAL = "final", _("final")


class PanelKind(models.TextChoices):
    EXPERT = "expert", _("expert panel")
    CITIZEN = "citizen", _("citizen panel")
    PUBLIC_ONLINE = "public_online", _("online public")
    DATA = "data", _("data")


class ConflictReason(models.TextChoices):
    EMPLOYMENT = "employment", _("employed there now or within the last years")
    FAMILY = "family", _("family relation with its head or responsible staff")
    CONTRACT = "contract", _("contract or advisory relation")
    STAKEHOLDER_LIST = "stakeholder_list", _("named on the target's stakeholder list")
    DECLARED = "declared", _("declared by the evaluator (recusal)")
    RESIDENCE = "residence", _("lives in the target's jurisdiction")
    OBJECTION = "objection", _("objection by the target")
    SAME_ORGANIZATION = "same_organization", _("same organization")
    # The standard 제척 clause of Korean committees' ordinances:
    SPOUSE = "spouse", _("the evaluator or their spouse or former spouse is a party, or shares its rights or duties")
    RELATIVE = "relative", _("a relative of a party, now or formerly")
    TESTIMONY = "testimony", _("testified, advised, researched, did contracted work or appraised on the matter")
    AGENT = "agent", _("the evaluator, or an organization they belong to, is or was a party's agent")


class ConflictDecider(models.TextChoices):
    """Who decided an objection (기피): the office, or the committee without the challenged member."""

    OFFICE = "office", _("the evaluating office")
    COMMITTEE = "committee", _("the committee, without the challenged member")


class ConflictStatus(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class AppealGround(models.TextChoices):
    DATA = "data", _("wrong input data")
    RUBRIC = "rubric", _("misapplied rubric")
    COI = "coi", _("undisclosed conflict of interest")
    ARITHMETIC = "arithmetic", _("arithmetic error")


class AppealStatus(models.TextChoices):
    FILED = "filed", _("filed")
    REJECTED = "rejected", _("rejected")
    UPHELD = "upheld", _("upheld")


class Remedy(models.TextChoices):
    CORRECT_DATA = "correct_data", _("correct the data")
    VOID_RATER = "void_rater", _("void a conflicted rater's ratings")
    RESCORE = "rescore", _("re-score the indicator")
    RULE_FIX = "rule_fix", _("fix a rule error (all targets)")
