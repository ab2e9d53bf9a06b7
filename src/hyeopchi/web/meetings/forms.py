"""Forms for meetings (series, agenda, decisions, forwarding, attendance, minutes, documents) and
for the programs people register for; they shape input, services decide."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.consent import GUARDIAN_AGE, registration_notice
from hyeopchi.meetings import recurrence, selectors, services
from hyeopchi.meetings.enums import (
    AgendaItemKind,
    AttendanceStatus,
    ClosedGround,
    Decision,
    DocumentKind,
    MeetingStatus,
    ProgramKind,
    RecusalGround,
    RegistrationChannel,
)
from hyeopchi.meetings.messages import describe_rule, rule_error_message
from hyeopchi.meetings.models import AgendaItem, Cohort, Meeting
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.enums import PostRole
from hyeopchi.organizations.models import Organization, Post
from hyeopchi.web.common.forms import (
    BodyField,
    DateInput,
    DateTimeInput,
    PlannedDateTimeField,
    RepeatedRows,
    SearchInput,
    body_labels,
)
from hyeopchi.web.templatetags.languages import ko


class MeetingField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Meeting) -> str:
        # An option of a select holds text only.
        return f"{obj.numbered_title} · {timezone.localtime(obj.start):%Y-%m-%d %H:%M}"


EVEN_MONTHS = [2, 4, 6, 8, 10, 12]
ODD_MONTHS = [1, 3, 5, 7, 9, 11]
CUSTOM_RULE = "custom"
# Rows of seats offered on a new form; a form sent back with all of them used offers one more.
SEAT_ROWS = 4
MAX_SEAT_ROWS = 40


def role_choices() -> list[tuple[str, Any]]:
    return [
        (organization_selectors.VOTING_SEATS, _("every voting seat")),
        (organization_selectors.EVERY_SEAT, _("every seat")),
        *PostRole.choices,
    ]


class SeriesForm(forms.Form):
    """A meeting series as a calendar's picker asks for it: the first meeting, how it repeats (the
    RRULE is built from the choice; a typed rule remains for what the picker does not offer), and
    the seats invited, chosen by body and role."""

    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    dtstart = PlannedDateTimeField(label=_("First meeting"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, initial=120)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    first_number = forms.IntegerField(label=_("Number of the first meeting"), min_value=1, initial=1)
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=[
            (recurrence.WEEKLY_ON_WEEKDAY, _("Weekly, on the weekday of the first meeting")),
            (recurrence.MONTHLY_ON_WEEKDAY, _("Monthly, on the same weekday (e.g. the fourth Tuesday)")),
            (recurrence.MONTHLY_ON_LAST_WEEKDAY, _("Monthly, on the last such weekday (e.g. the last Friday)")),
            (recurrence.MONTHLY_ON_DATE, _("Monthly, on the same date (e.g. the 23rd)")),
            (CUSTOM_RULE, _("Another rule, typed below")),
        ],
        initial=recurrence.MONTHLY_ON_WEEKDAY,
        widget=forms.RadioSelect,
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        min_value=1,
        max_value=recurrence.MAX_INTERVAL,
        initial=1,
        help_text=_("2 with a monthly choice is every other month."),
    )
    until = forms.DateField(
        label=_("Last day"), required=False, widget=DateInput, help_text=_("Leave empty for a series without an end.")
    )
    rrule = forms.CharField(
        label=_("Recurrence rule"),
        max_length=500,
        required=False,
        help_text=_("Only for “another rule”: RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYMONTH=3,9;BYDAY=2TH."),
    )
    exdates = forms.CharField(
        label=_("Dates without a meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date and time per line, e.g. 2026-10-21 14:00 (a holiday)."),
    )
    rdates = forms.CharField(
        label=_("Extra meeting dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date and time per line, e.g. 2026-10-28 14:00 (the moved meeting)."),
    )

    groups = [
        (_("The meetings"), "title title_en dtstart duration_minutes place first_number"),
        (_("Repetition"), "repeat interval until rrule exdates rdates"),
    ]

    def __init__(self, *args: Any, bodies: Iterable[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body_labels = body_labels(bodies)
        self.seats = RepeatedRows(
            self,
            "seats",
            self._seat_fields,
            key="body",
            minimum=SEAT_ROWS,
            maximum=MAX_SEAT_ROWS,
            legend=_("Invited seats"),
            help_text=_(
                "Name a body (type to search), whose seats and which role: for example the public "
                "institutions group, the seats of the organizations under it, head, in even months."
            ),
        )
        self.repeated = [self.seats]

    def _seat_fields(self) -> dict[str, forms.Field]:
        body = BodyField(label=_("Body"), required=False)
        body.labels = self.body_labels
        return {
            "body": body,
            "below": forms.ChoiceField(
                label=_("Whose seats"),
                choices=[("", _("its own seats")), ("1", _("the seats of the organizations under it"))],
                required=False,
            ),
            "role": forms.ChoiceField(label=_("Role"), choices=role_choices(), required=False),
            "months": forms.ChoiceField(
                label=_("Invited"),
                choices=[("", _("every time")), ("even", _("in even months")), ("odd", _("in odd months"))],
                required=False,
            ),
        }

    def _local_datetimes(self, name: str) -> list[dt.datetime]:
        moments = []
        for line in (self.cleaned_data.get(name) or "").splitlines():
            if not line.strip():
                continue
            try:
                moment = dt.datetime.fromisoformat(line.strip())
            except ValueError:
                self.add_error(
                    name, _("“%(line)s” is not a date and time such as 2026-10-21 14:00.") % {"line": line.strip()}
                )
                continue
            moments.append(timezone.make_aware(moment) if timezone.is_naive(moment) else moment)
        return moments

    def _rule(self, data: dict[str, Any]) -> str:
        if data.get("repeat") == CUSTOM_RULE:
            if not data.get("rrule"):
                self.add_error("rrule", _("Type the rule, or choose one of the repetitions above."))
            return str(data.get("rrule") or "")
        if not data.get("dtstart") or not data.get("repeat") or not data.get("interval"):
            return ""
        try:
            return recurrence.Pattern(data["repeat"], data["interval"]).rule(data["dtstart"])
        except recurrence.RecurrenceError as error:
            self.add_error("repeat", rule_error_message(error.code))
            return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["rrule"] = self._rule(data)
        data["exdate_list"] = self._local_datetimes("exdates")
        data["rdate_list"] = self._local_datetimes("rdates")
        data["invitations"] = self._invitations(data)
        return data

    def _invitations(self, data: dict[str, Any]) -> list[tuple[Post, list[int]]]:
        months_of = {"": [], "even": EVEN_MONTHS, "odd": ODD_MONTHS}
        chosen: dict[Post, list[int]] = {}
        for n, row in self.seats.values(data):
            seats = organization_selectors.seats_matching(row["body"], role=row["role"] or "", below=bool(row["below"]))
            months = months_of[row["months"] or ""]
            if not seats:
                self.add_error(self.seats.name(n, "body"), _("No seat of this body matches the role chosen."))
            for post in seats:
                if chosen.setdefault(post, months) != months:
                    self.add_error(
                        self.seats.name(n, "body"),
                        _("%(seat)s is already invited in another way; invite each seat in one way only.")
                        % {"seat": f"{post.organization.display_name} {post.display_name}"},
                    )
        return list(chosen.items())

    def keep_preview_errors(self) -> None:
        """Forget the errors of what a preview does not show (an empty title while still typing)."""
        for name in [name for name in self.errors if name in ("title", "title_en", "place", "duration_minutes")]:
            del self.errors[name]

    def preview(self, count: int = 6) -> dict[str, Any] | None:
        """What the series will be: the rule in words, its next dates and the seats, or None."""
        data = getattr(self, "cleaned_data", {})
        if not data.get("rrule") or not data.get("dtstart") or self.has_error("rrule") or self.has_error("repeat"):
            return None
        start = data["dtstart"]
        try:
            normalized = recurrence.normalize_rule(data["rrule"])
            dates = recurrence.occurrences(
                normalized,
                start,
                start=start,
                end=start + dt.timedelta(days=3660),
                exdates=data.get("exdate_list", []),
                rdates=data.get("rdate_list", []),
            )
        except recurrence.RecurrenceError:
            return None
        if data.get("until"):
            dates = [d for d in dates if d.date() <= data["until"]]
        bodies = Counter(post.organization.display_name for post, _months in data.get("invitations", []))
        return {
            "rule": normalized,
            "text": describe_rule(normalized, data.get("until")),
            "dates": dates[:count],
            "more": len(dates) > count,
            "seats": len(data.get("invitations", [])),
            "bodies": sorted(bodies.items()),
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItemKind.choices)
    presenter = forms.ModelChoiceField(
        label=_("Presenting organization"), queryset=Organization.objects.order_by("path"), required=False
    )
    parent = forms.ModelChoiceField(label=_("Sub-item of"), queryset=AgendaItem.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = meeting.agenda_items.filter(parent__isnull=True).order_by("position")
        presenter = self.fields["presenter"]
        assert isinstance(presenter, forms.ModelChoiceField)
        if meeting.organizer.site_id:
            presenter.queryset = Organization.objects.filter(site_id=meeting.organizer.site_id).order_by("path")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(value, label) for value, label in Decision.choices if value != Decision.FORWARDED],
    )
    text = forms.CharField(label=_("Decision text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VoteForm(forms.Form):
    """The vote on one item: counts or "이의 없음", the chair's decision on a tie, and who took no part."""

    without_objection = forms.BooleanField(
        label=_("Adopted without objection"),
        required=False,
        help_text=_("Every member present agreed when the chair asked; leave the counts empty."),
    )
    yes = forms.IntegerField(label=_("Yes"), min_value=0, max_value=100000, required=False)
    no = forms.IntegerField(label=_("No"), min_value=0, max_value=100000, required=False)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=100000, required=False)
    chair_casting = forms.ChoiceField(
        label=_("On a tie, the chair decided"),
        choices=[("", _("not a tie")), ("yes", _("for")), ("no", _("against"))],
        required=False,
        help_text=_("Only where the body's rules let the chair decide a tie."),
    )

    def __init__(self, data: Any = None, *, members: list[Any], item: AgendaItem) -> None:
        recused = {r.person_id: r.ground for r in item.recusals.all()}
        initial = {
            "without_objection": item.without_objection,
            "yes": item.votes_yes,
            "no": item.votes_no,
            "abstain": item.votes_abstain,
            "chair_casting": {True: "yes", False: "no"}.get(item.chair_casting, ""),  # type: ignore[arg-type]
        } | {f"recusal_{person.pk}": recused.get(person.pk, "") for person in members}
        super().__init__(data, initial=initial)
        self.members = members
        for person in members:
            self.fields[f"recusal_{person.pk}"] = forms.ChoiceField(
                label=format_html("{} {}", _("Took no part:"), ko(person.display_name)),
                choices=[("", _("took part")), *RecusalGround.choices],
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("without_objection") and all(data.get(name) in (None, "") for name in ("yes", "no")):
            raise forms.ValidationError(_("Give the counts, or record that there was no objection."))
        return data

    def entries(self) -> tuple[services.VoteEntry, list[services.RecusalEntry]]:
        data = self.cleaned_data
        vote = services.VoteEntry(
            yes=data.get("yes") or 0,
            no=data.get("no") or 0,
            abstain=data.get("abstain") or 0,
            without_objection=bool(data.get("without_objection")),
            chair_casting={"yes": True, "no": False}.get(data.get("chair_casting") or ""),
        )
        recusals = [
            services.RecusalEntry(person, data[f"recusal_{person.pk}"])
            for person in self.members
            if data.get(f"recusal_{person.pk}")
        ]
        return vote, recusals


def more_than_field(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    """A radio choice: "more than" (초과, as in 과반수) or "at least" (이상) a fraction."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("1", _("more than the fraction, as in a majority")), ("0", _("at least the fraction"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class MeetingRulesForm(forms.Form):
    """A body's rules from a date: the opening quorum and the decision rule as fractions."""

    valid_from = forms.DateField(label=_("In force from"), widget=DateInput)
    opening_numerator = forms.IntegerField(label=_("Opening quorum: numerator"), min_value=1, max_value=99, initial=1)
    opening_denominator = forms.IntegerField(
        label=_("Opening quorum: denominator"), min_value=1, max_value=99, initial=2
    )
    opening_more_than = more_than_field(
        _("Opening quorum"), help_text=_("Of the voting members in office on the meeting's date.")
    )
    decision_numerator = forms.IntegerField(label=_("Decision: numerator"), min_value=1, max_value=99, initial=1)
    decision_denominator = forms.IntegerField(label=_("Decision: denominator"), min_value=1, max_value=99, initial=2)
    decision_more_than = more_than_field(_("Decision"))
    decision_base = forms.ChoiceField(
        label=_("Decision: of"),
        choices=[("present", _("the voting members present")), ("in_office", _("the voting members in office"))],
        initial="present",
    )
    tie = forms.ChoiceField(
        label=_("A tie"), choices=[("fails", _("fails")), ("chair_decides", _("is decided by the chair"))]
    )
    stand_ins_count = forms.BooleanField(label=_("A stand-in counts as present and votes"), required=False)
    written_resolutions = forms.BooleanField(label=_("Written resolutions allowed"), required=False)
    notice_days = forms.IntegerField(label=_("Notice (days ahead)"), min_value=0, max_value=90, initial=7)
    citation = forms.CharField(
        label=_("Source"), max_length=300, required=False, help_text=_("e.g. an ordinance's article.")
    )


class ClosureFields(forms.Form):
    closed_ground = forms.ChoiceField(
        label=_("Closed to the public on the ground of"),
        choices=[("", _("open to the public")), *ClosedGround.choices],
        required=False,
    )
    closed_reason = forms.CharField(
        label=_("Why it is closed"), max_length=300, required=False, help_text=_("Published with the meeting.")
    )
    closed_until = forms.DateField(
        label=_("Closed until"),
        required=False,
        widget=DateInput,
        help_text=_("Published the day after; leave empty to open it by hand once the reason ends."),
    )


class ParticularsForm(ClosureFields):
    """What the minutes record of the meeting itself: the notice, a written resolution, closure."""

    notice_date = forms.DateField(label=_("Notice sent on"), required=False, widget=DateInput)
    written_resolution = forms.BooleanField(label=_("Decided in writing"), required=False)

    field_order = ["notice_date", "written_resolution", "closed_ground", "closed_reason", "closed_until"]


class ForwardForm(forms.Form):
    """Items of this meeting and the meeting to carry them to: first the body, then one of its
    meetings after this one within a year that is neither held nor cancelled."""

    items = forms.ModelMultipleChoiceField(
        label=_("Items to forward"), queryset=AgendaItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target = MeetingField(label=_("Forward to"), queryset=Meeting.objects.none())

    def __init__(self, data: Any = None, *, meeting: Meeting, body: str | None = None) -> None:
        super().__init__(data)
        items = self.fields["items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = meeting.agenda_items.filter(parent__isnull=True).order_by("position")
        self.after = meeting.start
        upcoming = (
            Meeting.objects.filter(
                organizer__site_id=meeting.organizer.site_id,
                start__gt=meeting.start,
                start__lte=meeting.start + dt.timedelta(days=366),
            )
            .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
            .select_related("organizer")
            .order_by("start")
        )
        counts = Counter(upcoming.values_list("organizer_id", flat=True))
        organizers = Meeting.objects.filter(organizer__site_id=meeting.organizer.site_id).values("organizer_id")
        # The bodies of the site that hold meetings, each with how many are ahead, for the chooser.
        self.bodies = [
            (body_org, counts.get(body_org.pk, 0))
            for body_org in Organization.objects.filter(pk__in=organizers).order_by("path")
        ]
        self.chosen = next((b for b, _count in self.bodies if body and str(b.pk) == body), None)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = upcoming.filter(organizer=self.chosen) if self.chosen else upcoming
        self.empty = self.chosen is not None and not counts.get(self.chosen.pk)


class MinutesForm(forms.Form):
    """The parts of the minutes the records cannot give (공공기록물법 시행령 §18): who else was present
    and the gist of what was said. Name, organizer, date, place, members present, the order of
    proceedings and the votes come from the meeting's records."""

    others_present = forms.CharField(
        label=_("Others present"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("People present who are not members (staff, guests), one per line."),
    )
    text = forms.CharField(label=_("Gist of the statements"), widget=forms.Textarea(attrs={"rows": 14}), required=False)


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=MeetingStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB."))


class AttendanceForm(forms.Form):
    """One attendance choice (and the name of who came in their place) per member of each seat."""

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        choices = [("", _("not recorded")), *AttendanceStatus.choices]
        for seat in seats:
            for member in seat.members:
                key = f"{seat.post.pk}_{member.holder.person.pk}"
                label = format_html(
                    "{} {} · {}",
                    ko(seat.post.organization.display_name),
                    ko(seat.post.display_name),
                    ko(member.holder.person.display_name),
                )
                attendance = member.attendance
                self.fields[f"status_{key}"] = forms.ChoiceField(
                    label=label, choices=choices, required=False, initial=attendance.status if attendance else ""
                )
                self.fields[f"proxy_{key}"] = forms.CharField(
                    label=format_html("{} ({})", label, _("who came in their place")),
                    max_length=100,
                    required=False,
                    initial=attendance.proxy_name if attendance else "",
                )

    def entries(self) -> list[tuple[Any, Any, str, str]]:
        """(seat, member, status, name of who came instead) for every member whose attendance was chosen."""
        rows = []
        for seat in self.seats:
            for member in seat.members:
                key = f"{seat.post.pk}_{member.holder.person.pk}"
                status = self.cleaned_data.get(f"status_{key}")
                if status:
                    rows.append((seat, member, status, self.cleaned_data.get(f"proxy_{key}") or ""))
        return rows


class CohortField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Cohort) -> str:
        start, end = timezone.localtime(obj.start), timezone.localtime(obj.end)
        return format_html("{} · {}~{}", ko(obj.label), f"{start:%Y-%m-%d}", f"{end:%m-%d}")


class RegistrationForm(forms.Form):
    cohort = CohortField(label=_("Cohort"), queryset=Cohort.objects.none(), widget=forms.RadioSelect, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    contact = forms.CharField(
        label=_("Phone or e-mail"), max_length=200, help_text=_("Used only to reach you about this program.")
    )
    grade = forms.IntegerField(label=_("School grade on the first day"), min_value=1, max_value=12, required=False)
    age = forms.IntegerField(
        label=_("Age on the first day"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("In full years; a verified date of birth counts instead."),
    )
    residence_code = forms.CharField(label=_("Residence (si/gun/gu code)"), max_length=5, required=False)
    guardian_name = forms.CharField(label=_("Legal guardian's name"), max_length=100, required=False)
    guardian_contact = forms.CharField(label=_("Legal guardian's phone or e-mail"), max_length=200, required=False)
    guardian_consent = forms.BooleanField(
        label=_(
            "The participant is under 14: ask their legal guardian, named above, to consent (online they are sent "
            "a link and the place is held until they answer; by phone, staff heard them consent)."
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of personal data as stated above (required)."),
        error_messages={"required": _("The registration cannot be taken without consent to the notice.")},
    )

    def __init__(self, *args: Any, program: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ModelChoiceField)
        channel = RegistrationChannel.PHONE if staff else RegistrationChannel.ONLINE
        cohort.queryset = selectors.open_cohorts(program, channel=channel, now=timezone.now())
        if program.min_grade is None and program.max_grade is None:
            del self.fields["grade"]
        if program.min_age is None and program.max_age is None:
            del self.fields["age"]
        if not program.residence_codes:
            del self.fields["residence_code"]
        if not program_may_take_children(program):
            for name in ("guardian_name", "guardian_contact", "guardian_consent"):
                del self.fields[name]
        self.consent_notice = registration_notice()
        if staff:
            self.fields["phone_application"] = forms.BooleanField(
                label=_("Application received by phone (may use reserved places)"), required=False
            )

    def guardian(self) -> services.Guardian | None:
        """The guardian who consented, when the guardian's box is ticked."""
        data = self.cleaned_data
        if not data.get("guardian_consent"):
            return None
        return services.Guardian(data.get("guardian_name", ""), data.get("guardian_contact", ""))


def program_may_take_children(program: Any) -> bool:
    """Whether a program's participants may be under 14: its ages start under 14, or, without an age
    range, its school grades start at the first year of middle school (7) or below."""
    if program.max_age is not None or program.min_age is not None:
        return (program.min_age or 0) < GUARDIAN_AGE
    if program.max_grade is not None or program.min_grade is not None:
        return (program.min_grade or 1) <= 7
    return False


class CancelOwnRegistrationForm(forms.Form):
    """The registrant, signed in, confirms the cancellation (a freed place goes to the next in line)."""

    confirm = forms.BooleanField(
        label=_("Yes, cancel this registration; my place goes to the next person waiting."),
        error_messages={"required": _("Tick the box to confirm the cancellation.")},
    )


class RegistrationLookupForm(forms.Form):
    code = forms.CharField(label=_("Registration code"), max_length=12)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=200)


class MeetingForm(forms.Form):
    """A meeting outside any series: a forum, an on-site dialogue, an extraordinary session."""

    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    start = PlannedDateTimeField(label=_("Start"), widget=DateTimeInput())
    end = PlannedDateTimeField(label=_("End"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online address"), required=False, assume_scheme="https")
    number = forms.IntegerField(
        label=_("Number"), min_value=1, required=False, help_text=_("For a numbered session, e.g. 3 for 제3차.")
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    is_public = forms.BooleanField(label=_("Public meeting"), required=False, initial=True)


COHORT_ROWS = 2
MAX_COHORT_ROWS = 20


class ProgramForm(forms.Form):
    """A program people register for, with its rules and its cohorts (기수) of places."""

    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Phone for applications"),
        max_length=40,
        required=False,
        help_text=_("Staff enter applications made by phone, into the reserved places if needed."),
    )
    registration_opens = PlannedDateTimeField(label=_("Registration opens"), widget=DateTimeInput(), required=False)
    registration_closes = PlannedDateTimeField(label=_("Registration closes"), widget=DateTimeInput(), required=False)
    min_age = forms.IntegerField(label=_("Lowest age"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Highest age"), min_value=0, max_value=120, required=False)
    min_grade = forms.IntegerField(label=_("Lowest school grade"), min_value=1, max_value=12, required=False)
    max_grade = forms.IntegerField(label=_("Highest school grade"), min_value=1, max_value=12, required=False)
    residence_codes = forms.MultipleChoiceField(
        label=_("For residents of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to take anyone."),
    )
    is_public = forms.BooleanField(label=_("Listed publicly"), required=False, initial=True)
    requires_sign_in = forms.BooleanField(
        label=_("Registration requires signing in"),
        required=False,
        help_text=_("The registration is then linked to the account and cancelled from My activity."),
    )

    groups = [
        (_("The program"), "title title_en kind description place contact_phone is_public"),
        (
            _("Who may register, and when"),
            "registration_opens registration_closes requires_sign_in min_age max_age min_grade max_grade residence_codes",
        ),
    ]

    def __init__(self, *args: Any, areas: Iterable[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        residence = self.fields["residence_codes"]
        assert isinstance(residence, forms.MultipleChoiceField)
        residence.choices = [(area.admin_code, f"{area.display_name} ({area.admin_code})") for area in areas]
        if not residence.choices:
            del self.fields["residence_codes"]
        self.cohorts = RepeatedRows(
            self,
            "cohorts",
            self._cohort_fields,
            key="label",
            minimum=COHORT_ROWS,
            maximum=MAX_COHORT_ROWS,
            legend=_("Cohorts"),
            help_text=_(
                "One row per cohort: its dates, its places and how many of them are kept for phone applications."
            ),
        )
        self.repeated = [self.cohorts]

    @staticmethod
    def _cohort_fields() -> dict[str, forms.Field]:
        return {
            "label": forms.CharField(label=_("Cohort"), max_length=50, required=False),
            "start": PlannedDateTimeField(label=_("Start"), widget=DateTimeInput(), required=False),
            "end": PlannedDateTimeField(label=_("End"), widget=DateTimeInput(), required=False),
            "capacity": forms.IntegerField(label=_("Places"), min_value=1, max_value=100_000, required=False),
            "reserved": forms.IntegerField(label=_("Reserved places"), min_value=0, max_value=100_000, required=False),
            "has_waitlist": forms.BooleanField(label=_("Waiting list"), required=False, initial=True),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        specs = []
        for n, row in self.cohorts.values(data):
            missing = [part for part in ("start", "end", "capacity") if row[part] is None]
            for part in missing:
                self.add_error(self.cohorts.name(n, part), _("Give this for every cohort."))
            if not missing:
                specs.append(
                    services.CohortSpec(
                        label=row["label"],
                        start=row["start"],
                        end=row["end"],
                        capacity=row["capacity"],
                        reserved=row["reserved"] or 0,
                        has_waitlist=bool(row["has_waitlist"]),
                    )
                )
        if not specs and not self.errors:
            self.add_error(self.cohorts.name(0, "label"), _("Give at least one cohort."))
        data["cohort_specs"] = specs
        return data

    def program_fields(self) -> dict[str, Any]:
        """The cleaned values as ``services.create_program`` takes them."""
        data = self.cleaned_data
        names = [name for name in self.declared_fields if name in self.fields]
        return {**{name: data[name] for name in names}, "cohorts": data["cohort_specs"]}


class MoveMeetingForm(forms.Form):
    start = PlannedDateTimeField(label=_("New start"), widget=DateTimeInput())
    end = PlannedDateTimeField(label=_("New end"), widget=DateTimeInput())


class MeetingFilterForm(forms.Form):
    """The filters of the meetings list: a body (with the bodies under it), a year, a status, words."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=SearchInput())
    body = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming and past")), ("upcoming", _("Upcoming only")), ("past", _("Past only"))],
    )

    def __init__(self, *args: Any, bodies: Iterable[Organization], years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.TypedChoiceField)
        body.choices = [("", _("All")), *((b.pk, b.display_name) for b in bodies)]
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [("", _("All")), *((y, str(y)) for y in years)]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All")), *MeetingStatus.choices, ("awaiting_record", _("record pending"))]
