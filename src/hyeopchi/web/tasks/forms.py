"""Forms for tasks: filters, progress reports, sub-tasks, roll-up, milestones, imports; they shape input, services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization
from hyeopchi.tasks.enums import Attention, ImportKind, Rollup, TaskKind, TaskStatus
from hyeopchi.tasks.models import Task
from hyeopchi.web.common.forms import DateInput, PlannedDateField


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *TaskStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *TaskKind.choices])
    attention = forms.ChoiceField(
        label=_("Needs attention"), required=False, choices=[("", _("All")), *Attention.choices]
    )
    # A database id: a number past 64 bits would make the query fail, so it filters nothing instead.
    owner = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


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
    reported_on = PlannedDateField(label=_("As of"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    progress = forms.DecimalField(label=_("Progress (%)"), required=False, min_value=0, max_value=100, decimal_places=2)
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB each."),
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if task.rollup != Rollup.OWN:
            del self.fields["progress"], self.fields["status"]


class SubTaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices)
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=Organization.objects.none()
    )
    start_date = PlannedDateField(label=_("From"), required=False, widget=DateInput())
    end_date = PlannedDateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organization_selectors.site_organizations(site)


class NewTaskForm(SubTaskForm):
    """A top-level task of an organization: a sub-task's fields with an English title and a description."""

    title_en = forms.CharField(label=_("English title"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    field_order = ["title", "title_en", "kind", "description", "department", "start_date", "end_date"]


class RollupForm(forms.Form):
    mode = forms.ChoiceField(label=_("Progress from"), choices=Rollup.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, children: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        for child in children:
            self.fields[f"weight_{child.pk}"] = forms.DecimalField(
                label=_("Weight of “%(title)s”") % {"title": child.title},
                required=False,
                min_value=0,
                max_value=1,
                decimal_places=4,
                initial=child.weight,
            )

    def weights(self) -> dict[int, Any]:
        return {
            child.pk: self.cleaned_data.get(f"weight_{child.pk}")
            for child in self.children
            if self.cleaned_data.get(f"weight_{child.pk}") is not None
        }


class ImportForm(forms.Form):
    what = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8 or CP949) or XLSX, with a header row."))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    due_on = PlannedDateField(label=_("Due on"), required=False, widget=DateInput())


class AdoptAsTaskForm(forms.Form):
    title = forms.CharField(label=_("Title of the task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices, initial=TaskKind.MEETING_DECISION)
    department = forms.ModelChoiceField(
        label=_("Responsible department"), required=False, queryset=Organization.objects.none()
    )
    end_date = PlannedDateField(label=_("To be done by"), required=False, widget=DateInput())

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("owner", "department"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organization_selectors.site_organizations(site)
