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
    PROXY = "proxy", _("represented by a proxy")


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
