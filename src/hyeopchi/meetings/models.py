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
from hyeopchi.meetings import rules
from hyeopchi.meetings.enums import (
    AgendaItemKind,
    AttendanceStatus,
    ClosedGround,
    Decision,
    DocumentKind,
    MeetingStatus,
    MinutesStatus,
    ProgramKind,
    RecusalGround,
    RegistrationChannel,
    RegistrationStatus,
)
from hyeopchi.organizations.models import Organization, Person, Post


class MeetingRules(BaseModel):
    """How a body opens a meeting and decides, from a date on (its ordinance or 운영규정).

    Thresholds are fractions with "more than" (초과) or "at least" (이상), over the voting members in
    office on the meeting's date; see ``meetings.rules``. A body without rules of its own follows
    its nearest parent's, and without any the usual "재적위원 과반수 출석, 출석위원 과반수 찬성".
    """

    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meeting_rules"
    )
    valid_from = models.DateField(_("in force from"))
    opening_numerator = models.PositiveSmallIntegerField(_("opening quorum: numerator"), default=1)
    opening_denominator = models.PositiveSmallIntegerField(_("opening quorum: denominator"), default=2)
    opening_more_than = models.BooleanField(
        _("opening quorum: more than"),
        default=True,
        help_text=_("Strictly more than the fraction, rather than at least it."),
    )
    decision_numerator = models.PositiveSmallIntegerField(_("decision: numerator"), default=1)
    decision_denominator = models.PositiveSmallIntegerField(_("decision: denominator"), default=2)
    decision_more_than = models.BooleanField(_("decision: more than"), default=True)
    decision_base = models.CharField(
        _("decision: of"),
        max_length=20,
        choices=[("present", _("the voting members present")), ("in_office", _("the voting members in office"))],
        default="present",
    )
    tie = models.CharField(
        _("a tie"),
        max_length=20,
        choices=[("fails", _("fails")), ("chair_decides", _("is decided by the chair"))],
        default="fails",
    )
    stand_ins_count = models.BooleanField(
        _("stand-ins count"),
        default=False,
        help_text=_("Someone sent in a member's place counts as present and votes."),
    )
    written_resolutions = models.BooleanField(_("written resolutions allowed"), default=False)
    notice_days = models.PositiveSmallIntegerField(_("notice (days ahead)"), default=7)
    citation = models.CharField(_("source"), max_length=300, blank=True, help_text=_("e.g. an ordinance's article."))

    class Meta:
        db_table = "meetings_rules"
        ordering = ["body", "-valid_from"]
        verbose_name = _("meeting rules")
        verbose_name_plural = _("meeting rules")
        constraints = [
            models.UniqueConstraint(fields=["body", "valid_from"], name="meeting_rules_one_per_date"),
            models.CheckConstraint(
                condition=Q(opening_numerator__gte=1) & Q(opening_numerator__lte=models.F("opening_denominator")),
                name="meeting_rules_opening_fraction",
            ),
            models.CheckConstraint(
                condition=Q(decision_numerator__gte=1) & Q(decision_numerator__lte=models.F("decision_denominator")),
                name="meeting_rules_decision_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.name} · {self.valid_from}"

    def as_rules(self) -> rules.Rules:
        return rules.Rules(
            opening=rules.Threshold(self.opening_numerator, self.opening_denominator, self.opening_more_than),
            decision=rules.Threshold(self.decision_numerator, self.decision_denominator, self.decision_more_than),
            decision_base=rules.DecisionBase(self.decision_base),
            tie=rules.TieRule(self.tie),
            stand_ins_count=self.stand_ins_count,
            written_resolutions=self.written_resolutions,
            notice_days=self.notice_days,
        )


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
    is_public = models.BooleanField(_("public"), default=True)
    invited_posts: models.ManyToManyField[Post, SeriesInvitation] = models.ManyToManyField(
        Post, through="SeriesInvitation", related_name="invited_by_series", blank=True
    )

    class Meta:
        db_table = "meetings_series"
        ordering = ["organizer__path", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [models.CheckConstraint(condition=Q(horizon_days__lte=1830), name="series_horizon_limit")]

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


class ClosedToThePublic(models.Model):
    """Closure to the public on a ground of 정보공개법 §9①, with the reason published; what was
    closed is published once the reason ends (§9②), here the day after ``closed_until``."""

    closed_ground = models.CharField(_("closed to the public"), max_length=2, choices=ClosedGround.choices, blank=True)
    closed_reason = models.CharField(_("why it is closed"), max_length=300, blank=True)
    closed_until = models.DateField(
        _("closed until"), null=True, blank=True, help_text=_("What is closed is published the day after.")
    )

    class Meta:
        abstract = True

    @property
    def is_closed(self) -> bool:
        """Closed to the public today: a ground is recorded and its date has not passed."""
        return bool(self.closed_ground) and (self.closed_until is None or timezone.localdate() <= self.closed_until)


class Meeting(BilingualTitleMixin, ClosedToThePublic, BaseModel):
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
    is_public = models.BooleanField(_("public"), default=True)
    notice_date = models.DateField(_("notice sent on"), null=True, blank=True)
    written_resolution = models.BooleanField(
        _("decided in writing"), default=False, help_text=_("The members answered in writing instead of meeting.")
    )
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
        ]
        indexes = [
            models.Index(fields=["organizer", "start"], name="meeting_organizer_start"),
            # The site's lists walk this in time order and stop at the first page.
            models.Index(fields=["start"], name="meeting_start"),
        ]

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


class AgendaItem(BilingualTitleMixin, ClosedToThePublic, BaseModel):
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
    # The vote, as counted (찬성·반대·기권) or "이의 없음", with the members in office and present for
    # this item (those excluded from it left out) and whether both quorums held.
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    without_objection = models.BooleanField(_("no objection"), default=False)
    chair_casting = models.BooleanField(_("the chair's decision on a tie"), null=True, blank=True)
    vote_in_office = models.PositiveIntegerField(_("members in office at the vote"), null=True, blank=True)
    vote_present = models.PositiveIntegerField(_("members present at the vote"), null=True, blank=True)
    vote_quorum_held = models.BooleanField(_("opening quorum held"), null=True, blank=True)
    vote_majority_held = models.BooleanField(_("majority held"), null=True, blank=True)
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


class Recusal(BaseModel):
    """A member who took no part in one item (제척·기피·회피): left out of its quorums."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("ground"), max_length=20, choices=RecusalGround.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        db_table = "meetings_recusal"
        ordering = ["item", "pk"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="recusal_one_per_member")]

    def __str__(self) -> str:
        return f"{self.item} · {self.person}"


class Attendance(BaseModel):
    """Whether one member holding an invited seat came, sent an acting holder or a stand-in, or not."""

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
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "post", "person"],
                condition=Q(person__isnull=False),
                name="attendance_one_per_member",
            ),
            # Rows recorded for a seat as a whole, before attendance was kept per member.
            models.UniqueConstraint(
                fields=["meeting", "post"], condition=Q(person__isnull=True), name="attendance_one_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.post} · {self.status}"


class Minutes(BaseModel):
    """The minutes of a meeting: drafted, then published; every edit is an audit event."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("text"), blank=True)
    others_present = models.TextField(
        _("others present"),
        blank=True,
        help_text=_("People present who are not members (staff, guests), one per line."),
    )
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
