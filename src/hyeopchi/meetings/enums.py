from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    # 직무대리: the person formally acting for the member (e.g. a deputy mayor's 직무대리); counts and votes.
    ACTING = "acting", _("an acting holder came")
    # 대리출석: someone sent in the member's place; counts and votes only where the body's rules allow.
    PROXY = "proxy", _("a stand-in came")


class AgendaItemKind(models.TextChoices):
    REPORT = "report", _("report")
    DISCUSSION = "discussion", _("discussion")
    DECISION = "decision", _("decision")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    DEFERRED = "deferred", _("deferred")
    FORWARDED = "forwarded", _("forwarded")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("agenda")
    MATERIAL = "material", _("meeting material")
    MINUTES = "minutes", _("minutes")
    OTHER = "other", _("other")


class ProgramKind(models.TextChoices):
    FORUM = "forum", _("forum")
    EDUCATION = "education", _("education program")
    READING_CLASS = "reading_class", _("reading class")
    DIALOGUE = "dialogue", _("on-site dialogue")
    OTHER = "other", _("other")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class RegistrationChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PHONE = "phone", _("by phone (entered by staff)")


class RecusalGround(models.TextChoices):
    """Why a member takes no part in an item (the standard 제척·기피·회피 clause)."""

    EXCLUDED = "excluded", _("excluded by a ground of the rules")  # 제척
    CHALLENGED = "challenged", _("challenged, and the objection was upheld")  # 기피
    WITHDREW = "withdrew", _("withdrew of their own accord")  # 회피


class ClosedGround(models.TextChoices):
    """Grounds for not disclosing information, 공공기관의 정보공개에 관한 법률 §9①."""

    OTHER_LAW = "1", _("§9(1)1: secret under another law")
    NATIONAL_SECURITY = "2", _("§9(1)2: national security, defence, unification or diplomacy")
    SAFETY = "3", _("§9(1)3: people's life, body or property")
    INVESTIGATION = "4", _("§9(1)4: trials, crime prevention or investigation")
    DELIBERATION = "5", _("§9(1)5: a decision or review still in progress")
    PERSONAL = "6", _("§9(1)6: personal information")
    BUSINESS = "7", _("§9(1)7: a business secret")
    SPECULATION = "8", _("§9(1)8: gain or loss to particular people")
