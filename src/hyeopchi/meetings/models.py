"""Meeting series, meetings, agenda items, attendance, minutes and documents.

Field names follow Open Civic Data's Event and OParl's Meeting / AgendaItem where they fit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import BilingualTitleMixin
from hyeopchi.core.models import BaseModel
from hyeopchi.meetings.enums import (
    AgendaItemKind,
    AttendanceStatus,
    Decision,
    DocumentKind,
    MeetingStatus,
    MinutesStatus,
    ProgramKind,
    RegistrationChannel,
    RegistrationStatus,
)
from hyeopchi.organizations.models import Organization, Person, Post


class MeetingSeries(BilingualTitleMixin, BaseModel):
    """Recurring meetings of one organizer: a rule, its exceptions and the seats it invites."""

    organizer = models.ForeignKey(
        Organization, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="series"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    rrule = models.CharField(
        _("recurrence rule"), max_length=500, help_text=_("RFC 5545 RRULE, e.g. FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH.")
    )
    dtstart = models.DateTimeField(_("first occurrence"))
    duration = models.DurationField(_("duration"), default=dt.timedelta(hours=2))
    until = models.DateField(_("last day"), null=True, blank=True)
    # Local (Asia/Seoul) ISO datetimes: EXDATE removes an occurrence of the rule, RDATE adds one.
    exdates = models.JSONField(_("excluded dates"), default=list, blank=True)
    rdates = models.JSONField(_("added dates"), default=list, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    horizon_days = models.PositiveIntegerField(
        _("days generated ahead"), default=365, help_text=_("Occurrences are generated this many days ahead of today.")
    )
    first_number = models.PositiveIntegerField(
        _("number of the first meeting"),
        default=1,
        help_text=_("For a series that continues meetings held before the platform (e.g. 6)."),
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of invited seats)"),
        default=50,
        help_text=_("More than this share of the invited seats must be present."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    invited_posts: models.ManyToManyField[Post, SeriesInvitation] = models.ManyToManyField(
        Post, through="SeriesInvitation", related_name="invited_by_series", blank=True
    )

    class Meta:
        db_table = "meetings_series"
        ordering = ["organizer__path", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="series_quorum_range"),
            models.CheckConstraint(condition=Q(horizon_days__lte=1830), name="series_horizon_limit"),
        ]

    def __str__(self) -> str:
        return self.title


class SeriesInvitation(BaseModel):
    """A seat invited to a series, in every month or only in some (heads in even months)."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="invitations")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="series_invitations")
    months = models.JSONField(
        _("months"),
        default=list,
        blank=True,
        help_text=_("Months (1–12) in which this seat is invited; empty means every month."),
    )

    class Meta:
        db_table = "meetings_series_invitation"
        ordering = ["series", "post__organization__path", "post__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["series", "post"], name="series_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.series} · {self.post}"

    def clean(self) -> None:
        months = self.months
        if not isinstance(months, list) or not all(
            isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12 for month in months
        ):
            raise ValidationError({"months": _("Give months as numbers from 1 to 12.")})


class Meeting(BilingualTitleMixin, BaseModel):
    """One meeting: an occurrence of a series, or a meeting of its own."""

    series = optional_link(MeetingSeries, _("series"), "meetings")
    # The slot the rule gave this occurrence; kept when the meeting is moved.
    recurrence_id = models.DateTimeField(_("original start"), null=True, blank=True)
    organizer = models.ForeignKey(
        Organization, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (percent of invited seats)"), default=50)
    is_public = models.BooleanField(_("public"), default=True)
    # Bumped on every change a calendar client must see (iCal SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        db_table = "meetings_meeting"
        ordering = ["start", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["series", "recurrence_id"], name="meeting_unique_occurrence"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="meeting_end_after_start"),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="meeting_quorum_range"),
        ]
        indexes = [models.Index(fields=["organizer", "start"], name="meeting_organizer_start")]

    def __str__(self) -> str:
        return self.numbered_title

    @property
    def numbered_title(self) -> str:
        if self.number:
            return _("%(title)s (No. %(number)d)") % {"title": self.display_title, "number": self.number}
        return self.display_title

    @property
    def site(self) -> Organization | None:
        """The site whose pages show the meeting (its organizer's)."""
        return self.organizer.site

    @property
    def awaits_record(self) -> bool:
        """Its time has passed and nobody recorded how it went: still "scheduled" after its end.
        Staff see it as 결과 미입력; the public no longer sees it as 예정."""
        return self.status == MeetingStatus.SCHEDULED and self.end < timezone.now()


class AgendaItem(BilingualTitleMixin, BaseModel):
    """An item on a meeting's agenda; may have sub-items, a subject elsewhere, and a decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = optional_link("self", _("parent item"), "children", models.CASCADE)
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.DISCUSSION)
    presenter = optional_link(Organization, _("presenter"), "presented_items")
    # What the item is about (a proposal, a task …): a generic link, so later domains plug in.
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_pk = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_pk")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_text = models.TextField(_("decision text"), blank=True)
    # A forwarded item's copy in the other meeting points back here; one copy at most.
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("forwarded from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to",
    )

    class Meta:
        db_table = "meetings_agenda_item"
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["meeting", "position"], name="agenda_meeting_position")]

    def __str__(self) -> str:
        return self.title


class Attendance(BaseModel):
    """Who held an invited seat at one meeting, and whether they came or sent a proxy."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    post = models.ForeignKey(Post, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+")
    person = optional_link(Person, _("person"), "attendances")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    proxy_name = models.CharField(_("proxy"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        db_table = "meetings_attendance"
        ordering = ["meeting", "post__organization__path", "post__sort_order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "post"], name="attendance_one_per_seat")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.post} · {self.status}"


class Minutes(BaseModel):
    """The minutes of a meeting: drafted, then published; every edit is an audit event."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        db_table = "meetings_minutes"
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_status_display()}"


def document_path(instance: Any, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class Document(BaseModel):
    """A file of a meeting or one of its agenda items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.MATERIAL)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "meetings_document"
        ordering = ["meeting", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Program(BilingualTitleMixin, BaseModel):
    """A public event people register for: a forum, an education program, a reading class."""

    organizer = models.ForeignKey(
        Organization, verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone for applications"), max_length=40, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    min_grade = models.PositiveSmallIntegerField(_("lowest school grade"), null=True, blank=True)
    max_grade = models.PositiveSmallIntegerField(_("highest school grade"), null=True, blank=True)
    residence_codes = models.JSONField(
        _("residence (si/gun/gu codes)"),
        default=list,
        blank=True,
        help_text=_("5-digit codes of the places registrants must live in; empty means anyone."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    requires_sign_in = models.BooleanField(
        _("sign-in required to register"),
        default=False,
        help_text=_("Registrants must sign in first, so each registration belongs to an account."),
    )

    class Meta:
        db_table = "meetings_program"
        ordering = ["organizer__path", "pk"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=models.F("max_age")),
                name="program_age_range",
            ),
            models.CheckConstraint(
                condition=Q(min_grade__isnull=True)
                | Q(max_grade__isnull=True)
                | Q(min_grade__lte=models.F("max_grade")),
                name="program_grade_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(BaseModel):
    """One group of a program with its dates and places (e.g. 1기, 7 places)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    label = models.CharField(_("label"), max_length=100)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("places"))
    reserved = models.PositiveIntegerField(
        _("reserved places"), default=0, help_text=_("Places held back from online registration, for staff to fill.")
    )
    has_waitlist = models.BooleanField(_("waiting list"), default=True)

    class Meta:
        db_table = "meetings_cohort"
        ordering = ["program", "start", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(reserved__lte=models.F("capacity")), name="cohort_reserved_within_capacity"
            ),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="cohort_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.program.title} {self.label}"


class Registration(BaseModel):
    """A person's place (or place in line) in a cohort; found again by its code."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("phone or e-mail"), max_length=200)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(_("school grade"), null=True, blank=True)
    residence_code = models.CharField(_("residence (si/gun/gu code)"), max_length=5, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    channel = models.CharField(
        _("channel"), max_length=20, choices=RegistrationChannel.choices, default=RegistrationChannel.ONLINE
    )
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The version of the registration notice (core.consent) agreed to; for a child under 14, the legal
    # guardian who consented (only their name and contact are taken, 개인정보 보호법 §22-2).
    consent_version = models.PositiveSmallIntegerField(_("consent (notice version)"), null=True, blank=True)
    guardian_name = models.CharField(_("legal guardian"), max_length=100, blank=True)
    guardian_contact = models.CharField(_("legal guardian's phone or e-mail"), max_length=200, blank=True)
    guardian_consented_at = models.DateTimeField(_("guardian's consent given at"), null=True, blank=True)
    guardian_consent_via = models.CharField(
        _("guardian's consent given"),
        max_length=10,
        blank=True,
        choices=[("link", _("through the link sent to them")), ("phone", _("by phone, to staff"))],
    )
    # When the personal data was destroyed, REGISTRATION_RETENTION_DAYS after the program ended; the
    # row stays, without name or contact, so that the program's counts stay true.
    purged_at = models.DateTimeField(_("personal data destroyed at"), null=True, blank=True)

    class Meta:
        db_table = "meetings_registration"
        ordering = ["cohort", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One live registration per person (name and contact) and cohort: siblings may share a
            # parent's contact; a cancelled registration may be renewed.
            models.UniqueConstraint(
                fields=["cohort", "contact", "name"],
                condition=~Q(status="cancelled") & Q(purged_at__isnull=True),
                name="registration_one_per_person",
            )
        ]
        indexes = [models.Index(fields=["cohort", "status"], name="registration_cohort_status")]

    def __str__(self) -> str:
        return f"{self.code} · {self.cohort}"
