"""The ballot, built from its heading's rules, and the staff's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.budgeting.enums import VoteType
from hyeopchi.budgeting.models import Heading, Project


def _label(project: Project) -> str:
    return f"{project.number}. {project.display_title} ({project.cost:,}원)"


class BallotForm(forms.Form):
    """Checkboxes (approval, within the budget), one choice (radio), a points box per project
    (cumulative) or a project per rank (ordinal); ``picks_and_points`` gives what the service takes."""

    def __init__(self, *args: Any, heading: Heading, projects: list[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heading, self.projects = heading, projects
        choices = [(str(p.number), _label(p)) for p in projects]
        kind = heading.vote_type
        if kind in (VoteType.APPROVAL, VoteType.KNAPSACK):
            self.fields["picks"] = forms.MultipleChoiceField(
                label=_("Projects"), choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        elif kind == VoteType.CHOOSE_1:
            self.fields["picks"] = forms.ChoiceField(
                label=_("Project"), choices=choices, required=False, widget=forms.RadioSelect
            )
        elif kind == VoteType.CUMULATIVE:
            for p in projects:
                self.fields[f"points_{p.number}"] = forms.IntegerField(
                    label=_label(p), min_value=0, max_value=heading.max_points or 0, required=False
                )
        else:
            ranks = min(heading.max_picks or len(projects), len(projects))
            for rank in range(1, ranks + 1):
                self.fields[f"rank_{rank}"] = forms.ChoiceField(
                    label=_("Rank %(n)s") % {"n": rank}, choices=[("", "—"), *choices], required=False
                )
        if heading.process.consent_to_demographics:
            self.fields["share_age"] = forms.BooleanField(
                label=_("Keep my age group (e.g. 30s) with my ballot for the open data"), required=False
            )

    def picks_and_points(self) -> tuple[list[int], list[int]]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        kind = self.heading.vote_type
        if kind in (VoteType.APPROVAL, VoteType.KNAPSACK):
            return [int(n) for n in data.get("picks") or []], []
        if kind == VoteType.CHOOSE_1:
            return ([int(data["picks"])] if data.get("picks") else []), []
        if kind == VoteType.CUMULATIVE:
            given = [(p.number, data.get(f"points_{p.number}") or 0) for p in self.projects]
            given = [(n, v) for n, v in given if v > 0]
            return [n for n, _v in given], [v for _n, v in given]
        ranked = [data.get(name) for name in self.fields if name.startswith("rank_")]
        return [int(n) for n in ranked if n], []


class CatalogueFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    max_cost = forms.IntegerField(label=_("Costing at most (won)"), min_value=1, required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("by number")),
            ("cost", _("cheapest first")),
            ("-cost", _("dearest first")),
            ("votes", _("most votes")),
        ],
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("all")), *((c, c) for c in categories)]


class PaperBallotForm(BallotForm):
    """A paper ballot as staff enter it: the voter's name and date of birth from their identity card."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("share_age", None)
        self.fields["voter_name"] = forms.CharField(label=_("Voter's name"), max_length=50)
        self.fields["birth_date"] = forms.DateField(
            label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
        )
