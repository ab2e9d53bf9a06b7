"""Forms for proposals: filters, writing, comments, debates, reports, answers, recommendations,
blocks; they shape input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals.enums import (
    Answerer,
    AnswerOutcome,
    Metric,
    Position,
    ProposalKind,
    ProposalStatus,
    ReportReason,
    StepEffect,
)
from hyeopchi.web.common.forms import DateInput, PlannedDateField, RepeatedRows


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [c for c in ProposalStatus.choices if c[0] != "draft"],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ProposalKind.choices])
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("recent", _("Newest")), ("supports", _("Most supported")), ("debate", _("Most debated"))],
    )


class ProposalForm(forms.Form):
    addressee = forms.ModelChoiceField(label=_("Addressed to"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organization_selectors.site_organizations(site)
        field.initial = site.pk


class ProposalEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 8}))


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DebateForm(forms.Form):
    position = forms.ChoiceField(label=_("Your position"), choices=Position.choices, widget=forms.RadioSelect)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Details"), required=False, max_length=500)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AnswerOutcome.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    respondent = forms.ModelChoiceField(
        label=_("Answered by"),
        required=False,
        queryset=Person.objects.none(),
        help_text=_("A person holding a seat in the answering organization today."),
    )
    text_en = forms.CharField(label=_("Answer in English"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    task_title = forms.CharField(
        label=_("Title of the task to carry it out"),
        required=False,
        max_length=300,
        help_text=_("When accepted, a task is created; empty: the proposal's title."),
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=Organization.objects.none()
    )
    end_date = PlannedDateField(label=_("To be done by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, answering: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organization_selectors.site_organizations(site)
        respondent = self.fields["respondent"]
        assert isinstance(respondent, forms.ModelChoiceField)
        today = timezone.localdate()
        respondent.queryset = (
            Person.objects.filter(memberships__post__organization=answering, memberships__start_date__lte=today)
            .exclude(memberships__end_date__lt=today)
            .distinct()
            .order_by("name")
        )


class RequestAnswerForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Answering organization"), queryset=Organization.objects.none())
    due_on = PlannedDateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organization_selectors.site_organizations(site)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RecommendationForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Organization.objects.none())
    round_number = forms.IntegerField(label=_("Round"), min_value=1, max_value=999)
    number = forms.IntegerField(label=_("Recommendation number"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = committees


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


STEP_ROWS, MAX_STEP_ROWS = 2, 8


class LadderForm(forms.Form):
    """A site's thresholds from a date: the steps a proposal climbs, in order."""

    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("The name people know these rules by, with their year.")
    )
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    valid_from = PlannedDateField(
        label=_("In force from"),
        widget=DateInput(),
        help_text=_("Proposals submitted from this day climb these steps; earlier ones keep theirs."),
    )
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        required=False,
        help_text=_("The rule or decision that sets these thresholds."),
    )

    groups = [(_("Name and date"), "name name_en valid_from basis")]

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = organization_selectors.site_organizations(site)
        self.steps = RepeatedRows(
            self,
            "steps",
            self._step_fields,
            key="name",
            minimum=STEP_ROWS,
            maximum=MAX_STEP_ROWS,
            legend=_("Step"),
            help_text=_(
                "In climbing order. When the count reaches the threshold within the window, the step's effect "
                "happens: a public debate opens, or an answer is owed within the days given."
            ),
        )
        self.repeated = [self.steps]

    def _step_fields(self) -> dict[str, forms.Field]:
        answering = forms.ModelChoiceField(
            label=_("Answering organization"),
            queryset=self.organizations,
            required=False,
            empty_label="—",
            help_text=_("Empty: the organization the proposal is addressed to."),
        )
        return {
            "name": forms.CharField(label=_("Step name"), max_length=200, required=False),
            "name_en": forms.CharField(label=_("English name"), max_length=200, required=False),
            "metric": forms.ChoiceField(label=_("Counted"), choices=[("", "—"), *Metric.choices], required=False),
            "threshold": forms.IntegerField(label=_("Threshold"), min_value=1, max_value=10_000_000, required=False),
            "window_days": forms.IntegerField(
                label=_("Within (days)"), min_value=1, max_value=3650, required=False, help_text=_("Empty: no limit.")
            ),
            "effect": forms.ChoiceField(label=_("Effect"), choices=[("", "—"), *StepEffect.choices], required=False),
            "answerer": forms.ChoiceField(
                label=_("Answered by"), choices=[("", "—"), *Answerer.choices], required=False
            ),
            "answer_organization": answering,
            "answer_days": forms.IntegerField(
                label=_("Answer within (days)"), min_value=1, max_value=365, required=False
            ),
        }

    def ladder_fields(self) -> dict[str, Any]:
        """The cleaned values as ``services.create_ladder`` takes them."""
        data = self.cleaned_data
        steps = []
        for _n, row in self.steps.values(data):
            step = {part: value for part, value in row.items() if value not in (None, "")}
            steps.append(step)
        return {name: data[name] for name in ("name", "name_en", "valid_from", "basis")} | {"steps": steps}
