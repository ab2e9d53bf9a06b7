"""Forms for meetings (series, agenda, decisions, forwarding, attendance, minutes, documents) and
for the programs people register for; they shape input, services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.consent import GUARDIAN_AGE, registration_notice
from hyeopchi.meetings import services
from hyeopchi.meetings.enums import AgendaItemKind, AttendanceStatus, Decision, DocumentKind, MeetingStatus
from hyeopchi.meetings.models import AgendaItem, Cohort, Meeting
from hyeopchi.organizations.models import Organization, Post
from hyeopchi.web.common.forms import DateTimeInput, PlannedDateTimeField


class SeatsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Post) -> str:
        return f"{obj.organization.display_name} · {obj.display_name}"


class MeetingField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.numbered_title} · {timezone.localtime(obj.start):%Y-%m-%d %H:%M}"


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    rrule = forms.CharField(
        label=_("Recurrence rule"),
        max_length=500,
        help_text=_("RFC 5545 RRULE, e.g. FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH (every two months, second Thursday)."),
    )
    dtstart = PlannedDateTimeField(label=_("First meeting"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, initial=120)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    first_number = forms.IntegerField(label=_("Number of the first meeting"), min_value=1, initial=1)
    invited = SeatsField(
        label=_("Seats invited every time"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invited_even = SeatsField(
        label=_("Seats invited in even months only"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For example heads in even months and deputy heads in odd months."),
    )
    invited_odd = SeatsField(
        label=_("Seats invited in odd months only"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
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

    def __init__(self, *args: Any, posts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("invited", "invited_even", "invited_odd"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = posts

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["exdate_list"] = self._local_datetimes("exdates")
        data["rdate_list"] = self._local_datetimes("rdates")
        chosen = [set(data.get(name) or []) for name in ("invited", "invited_even", "invited_odd")]
        if (chosen[0] & chosen[1]) or (chosen[0] & chosen[2]) or (chosen[1] & chosen[2]):
            self.add_error("invited", _("Invite each seat in one way only."))
        return data

    def invitations(self) -> list[tuple[Any, list[int]]]:
        data = self.cleaned_data
        return (
            [(post, []) for post in data["invited"]]
            + [(post, [2, 4, 6, 8, 10, 12]) for post in data["invited_even"]]
            + [(post, [1, 3, 5, 7, 9, 11]) for post in data["invited_odd"]]
        )


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


class ForwardForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Items to forward"), queryset=AgendaItem.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    target = MeetingField(label=_("Forward to"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = self.fields["items"]
        assert isinstance(items, forms.ModelMultipleChoiceField)
        items.queryset = meeting.agenda_items.filter(parent__isnull=True).order_by("position")
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        # Meetings of the same site in the following year that have not taken place yet.
        target.queryset = (
            Meeting.objects.filter(
                organizer__site_id=meeting.organizer.site_id,
                start__gt=meeting.start,
                start__lte=meeting.start + dt.timedelta(days=366),
            )
            .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
            .select_related("organizer")
            .order_by("start")
        )


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 14}), required=False)


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=MeetingStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB."))


class AttendanceForm(forms.Form):
    """One attendance choice (and proxy name) per invited seat."""

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        choices = [("", _("not recorded")), *AttendanceStatus.choices]
        for seat in seats:
            holder = ", ".join(h.person.display_name for h in seat.holders) or _("vacant")
            label = f"{seat.post.organization.display_name} {seat.post.display_name} ({holder})"
            initial = seat.attendance.status if seat.attendance else ""
            self.fields[f"status_{seat.post.pk}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=initial
            )
            self.fields[f"proxy_{seat.post.pk}"] = forms.CharField(
                label=_("Proxy for %(seat)s") % {"seat": label},
                max_length=100,
                required=False,
                initial=seat.attendance.proxy_name if seat.attendance else "",
            )

    def entries(self) -> list[tuple[Any, str, str]]:
        """(seat, status, proxy name) for every seat whose attendance was chosen."""
        rows = []
        for seat in self.seats:
            status = self.cleaned_data.get(f"status_{seat.post.pk}")
            if status:
                rows.append((seat, status, self.cleaned_data.get(f"proxy_{seat.post.pk}") or ""))
        return rows


class CohortField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Cohort) -> str:
        start, end = timezone.localtime(obj.start), timezone.localtime(obj.end)
        return f"{obj.label} · {start:%Y-%m-%d}~{end:%m-%d}"


class RegistrationForm(forms.Form):
    cohort = CohortField(label=_("Cohort"), queryset=Cohort.objects.none(), widget=forms.RadioSelect, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    contact = forms.CharField(
        label=_("Phone or e-mail"), max_length=200, help_text=_("Used only to reach you about this program.")
    )
    grade = forms.IntegerField(label=_("School grade"), min_value=1, max_value=12, required=False)
    age = forms.IntegerField(label=_("Age"), min_value=0, max_value=120, required=False)
    residence_code = forms.CharField(label=_("Residence (si/gun/gu code)"), max_length=5, required=False)
    guardian_name = forms.CharField(label=_("Legal guardian's name"), max_length=100, required=False)
    guardian_contact = forms.CharField(label=_("Legal guardian's phone or e-mail"), max_length=200, required=False)
    guardian_consent = forms.BooleanField(
        label=_("I am the participant's legal guardian and agree to the notice above for them."), required=False
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of personal data as stated above (required)."),
        error_messages={"required": _("The registration cannot be taken without consent to the notice.")},
    )

    def __init__(self, *args: Any, program: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ModelChoiceField)
        cohort.queryset = program.cohorts.order_by("start", "pk")
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


class MoveMeetingForm(forms.Form):
    start = PlannedDateTimeField(label=_("New start"), widget=DateTimeInput())
    end = PlannedDateTimeField(label=_("New end"), widget=DateTimeInput())
