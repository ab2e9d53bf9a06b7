"""Forms for proposals and tasks; they shape input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals.enums import (
    AnswerOutcome,
    Position,
    ProposalKind,
    ProposalStatus,
    ReportReason,
)
from hyeopchi.tasks.enums import Rollup, TaskKind, TaskStatus
from hyeopchi.tasks.models import Task
from hyeopchi.web.forms import DateInput


def _site_organizations(site: Organization) -> Any:
    return Organization.objects.filter(site=site).order_by("path")


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + [c for c in ProposalStatus.choices if c[0] != "draft"])  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ProposalKind.choices]
    )
    order = forms.ChoiceField(label=_("Order"), required=False, choices=[
        ("recent", _("Newest")), ("supports", _("Most supported")), ("debate", _("Most debated"))])  # fmt: skip


class ProposalForm(forms.Form):
    addressee = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["addressee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _site_organizations(site)
        field.initial = site.pk


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DebateForm(forms.Form):
    position = forms.ChoiceField(label=_("Your position"), choices=Position.choices,
                                 widget=forms.RadioSelect)  # fmt: skip


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Details"), required=False, max_length=500)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AnswerOutcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    respondent = forms.ModelChoiceField(
        label=_("Answered by"), required=False, queryset=Person.objects.none(),
        help_text=_("A person holding a seat in the answering organization today."),
    )  # fmt: skip
    text_en = forms.CharField(label=_("Answer in English"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    task_title = forms.CharField(label=_("Title of the task to carry it out"), required=False, max_length=300,
                                 help_text=_("When accepted, a task is created; empty: the proposal's title."))  # fmt: skip
    department = forms.ModelChoiceField(label=_("Responsible department"), required=False,
                                        queryset=Organization.objects.none())  # fmt: skip
    end_date = forms.DateField(label=_("To be done by"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, site: Organization, answering: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _site_organizations(site)
        respondent = self.fields["respondent"]
        assert isinstance(respondent, forms.ModelChoiceField)
        today = timezone.localdate()
        respondent.queryset = (
            Person.objects.filter(
                memberships__post__organization=answering, memberships__start_date__lte=today
            )
            .exclude(memberships__end_date__lt=today)
            .distinct()
            .order_by("name")
        )


class RequestAnswerForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Answering organization"), queryset=Organization.objects.none()
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _site_organizations(site)


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


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *TaskStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *TaskKind.choices]
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    reported_on = forms.DateField(label=_("As of"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    progress = forms.DecimalField(label=_("Progress (%)"), required=False, min_value=0, max_value=100,
                                  decimal_places=2)  # fmt: skip
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = MultipleFileField(label=_("Evidence files"), required=False,
                              help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB each."))  # fmt: skip

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if task.rollup != Rollup.OWN:
            del self.fields["progress"]


class SubTaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices)
    department = forms.ModelChoiceField(label=_("Responsible department"), required=False,
                                        queryset=Organization.objects.none())  # fmt: skip
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _site_organizations(site)


class RollupForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Progress from"), choices=Rollup.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, children: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            self.fields[f"weight_{child.pk}"] = forms.DecimalField(
                label=_("Weight of “%(title)s”") % {"title": child.title}, required=False,
                min_value=0, max_value=1, decimal_places=4, initial=child.weight,
            )  # fmt: skip

    def weights(self) -> dict[int, Any]:
        return {
            child.pk: self.cleaned_data.get(f"weight_{child.pk}")
            for child in self.children
            if self.cleaned_data.get(f"weight_{child.pk}") is not None
        }


class ImportForm(forms.Form):
    what = forms.ChoiceField(label=_("What the file holds"), choices=[
        ("tasks", _("Tasks")), ("proposals", _("Recommendations and consultation items"))])  # fmt: skip
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8 or CP949) or XLSX, with a header row.")
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AdoptAsTaskForm(forms.Form):
    title = forms.CharField(label=_("Title of the task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.MEETING_DECISION
    )
    department = forms.ModelChoiceField(label=_("Responsible department"), required=False,
                                        queryset=Organization.objects.none())  # fmt: skip
    end_date = forms.DateField(label=_("To be done by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("owner", "department"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _site_organizations(site)
