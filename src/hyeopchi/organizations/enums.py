from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    NATIONAL_MINISTRY = "national_ministry", _("national ministry")
    METROPOLITAN_GOVERNMENT = "metropolitan_government", _("metropolitan government")
    BASIC_GOVERNMENT = "basic_government", _("basic local government (si/gun/gu)")
    DEPARTMENT = "department", _("department")
    PUBLIC_INSTITUTION = "public_institution", _("public institution")
    COMMITTEE = "committee", _("committee")
    SUBCOMMITTEE = "subcommittee", _("subcommittee")
    SPECIAL_COMMITTEE = "special_committee", _("special committee")
    COUNCIL = "council", _("council")
    CIVIC_GROUP = "civic_group", _("civic group")


# Bodies that meet as their members: a meeting of one without a series convenes its own seats.
BODY_KINDS = frozenset(
    {
        OrganizationKind.COMMITTEE,
        OrganizationKind.SUBCOMMITTEE,
        OrganizationKind.SPECIAL_COMMITTEE,
        OrganizationKind.COUNCIL,
    }
)
LOCAL_GOVERNMENT_KINDS = frozenset({OrganizationKind.METROPOLITAN_GOVERNMENT, OrganizationKind.BASIC_GOVERNMENT})


class PostRole(models.TextChoices):
    HEAD = "head", _("head")
    DEPUTY_HEAD = "deputy_head", _("deputy head")
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary")
    EMPLOYER_REPRESENTATIVE = "employer_representative", _("employer representative")
    WORKER_REPRESENTATIVE = "worker_representative", _("worker representative")
    STAFF = "staff", _("staff")


class RuleKind(models.TextChoices):
    TOTAL_BETWEEN = "total_between", _("total number of members within a range")
    SIDE_BETWEEN = "side_between", _("members of one side within a range")
    PARITY = "parity", _("two sides with equal numbers")
    ONE_PER_ORGANIZATION = "one_per_org", _("at most one seat per represented organization")
    REQUIRES_POST_FILLED = "requires_post_filled", _("a seat that must be filled")
    SUBSET_OF = "subset_of", _("members drawn from another body")


class RuleBasis(models.TextChoices):
    STATUTE = "statute", _("statute")
    BYLAW = "bylaw", _("bylaw")
    PRACTICE = "practice", _("practice")


class Severity(models.TextChoices):
    ERROR = "error", _("error")
    WARNING = "warning", _("warning")


class OrganizationRoleName(models.TextChoices):
    """Roles a user holds in one organization (and, for administrators, its sub-bodies)."""

    ADMINISTRATOR = "administrator", _("administrator")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")
    EVALUATOR = "evaluator", _("evaluator")


# Sides are free slugs on a post; these are the ones the platform knows how to name.
KNOWN_SIDES = {
    "city": _("city"),
    "district": _("district"),
    "institution": _("institution"),
    "employer": _("employer"),
    "worker": _("worker"),
    "coop_team": _("cooperation team"),
    "civil_society": _("civil society"),
    "expert": _("expert"),
    "official": _("public official"),
}


def side_label(side: str) -> str:
    return str(KNOWN_SIDES.get(side, side))
