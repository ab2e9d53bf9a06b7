"""The ballot, built from its heading's rules, and the staff's forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.budgeting.enums import Feasibility, Phase, Rule, VoteType
from hyeopchi.budgeting.models import Heading, Project
from hyeopchi.budgeting.services.processes import HeadingRules, PhaseDates
from hyeopchi.organizations.models import Organization

# The API's bounds (``api.budgeting``): whole won up to 10^15 (1,000조), counts up to 10,000.
MOST_WON = 10**15
MOST_COUNT = 10_000


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


# -- the staff's forms ------------------------------------------------------------------------------


class ProcessForm(forms.Form):
    """A new process: each phase's first day (a phase left empty is skipped), and the last day; a
    phase runs until the day before the next one begins, so the phases never gap or overlap."""

    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=60,
        required=False,
        help_text=_("Latin letters, digits and hyphens, e.g. youth-2027."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    one_heading_only = forms.BooleanField(label=_("A person votes in one budget of the process only"), required=False)
    consent_to_demographics = forms.BooleanField(
        label=_("Voters are asked to consent to their age decade being published with the ballots"), required=False
    )
    ends_on = forms.DateField(label=_("Last day of the last phase"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for phase in Phase:
            self.fields[f"starts_{phase.value}"] = forms.DateField(
                label=_("First day: %(phase)s") % {"phase": phase.label},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        self.order_fields([*(name for name in self.fields if name != "ends_on"), "ends_on"])

    def phases(self) -> list[PhaseDates]:
        given = [(p, self.cleaned_data[f"starts_{p}"]) for p in Phase.values if self.cleaned_data.get(f"starts_{p}")]
        ends = [start - dt.timedelta(days=1) for _, start in given[1:]] + [self.cleaned_data["ends_on"]]
        return [PhaseDates(phase, start, end) for (phase, start), end in zip(given, ends, strict=True)]


def _whole_numbers(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as error:
        raise forms.ValidationError(_("Write whole numbers separated by commas, e.g. 3, 2, 1.")) from error


class HeadingForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    amount = forms.IntegerField(label=_("Amount (won)"), min_value=1, max_value=MOST_WON)
    resident_tax = forms.IntegerField(
        label=_("Resident tax paid by the area (won)"),
        min_value=0,
        max_value=MOST_WON,
        required=False,
        help_text=_(
            "For village projects paid from the resident tax: the amounts can then be set in proportion to it."
        ),
    )
    vote_type = forms.ChoiceField(label=_("Ballot"), choices=VoteType.choices)
    min_picks = forms.IntegerField(label=_("Fewest picks"), min_value=0, max_value=MOST_COUNT, initial=1)
    max_picks = forms.IntegerField(
        label=_("Most picks (ranks, for a ranking)"), min_value=1, max_value=MOST_COUNT, required=False
    )
    min_spend_percent = forms.IntegerField(
        label=_("Least share of the amount a ballot within the budget spends (%)"),
        min_value=0,
        max_value=100,
        initial=0,
    )
    max_points = forms.IntegerField(
        label=_("Points each voter shares out"), min_value=1, max_value=MOST_COUNT, required=False
    )
    rank_points = forms.CharField(label=_("Points per rank, first rank first"), required=False, max_length=200)
    category_limits = forms.CharField(
        label=_("Most picks per category"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line per category: the category, an equals sign and the number, e.g. welfare=1."),
    )
    rule = forms.ChoiceField(label=_("Tally rule"), choices=Rule.choices)
    min_vote_percent = forms.IntegerField(
        label=_("Least share of the votes a project needs (%)"), min_value=0, max_value=100, initial=0
    )
    area_codes = forms.MultipleChoiceField(
        label=_("Residents of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: anyone signed in."),
    )
    also_workers = forms.BooleanField(label=_("People who work there may vote too"), required=False)
    also_students = forms.BooleanField(label=_("People who study there may vote too"), required=False)
    min_age = forms.IntegerField(label=_("Youngest age"), min_value=0, max_value=150, required=False)
    max_age = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=150, required=False)
    exclude_staff = forms.BooleanField(label=_("The site's own officials do not vote"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_codes"].choices = areas  # type: ignore[attr-defined]

    def clean_rank_points(self) -> list[int]:
        return _whole_numbers(self.cleaned_data["rank_points"])

    def clean_category_limits(self) -> dict[str, int]:
        limits: dict[str, int] = {}
        for number, line in enumerate(self.cleaned_data["category_limits"].splitlines(), start=1):
            if not line.strip():
                continue
            category, sign, count = line.partition("=")
            if not sign or not category.strip() or not count.strip().isdigit():
                raise forms.ValidationError(
                    _("Line %(n)s: write the category, an equals sign and a number, e.g. welfare=1.") % {"n": number}
                )
            limits[category.strip()] = int(count.strip())
        return limits

    def rules(self) -> HeadingRules:
        data = self.cleaned_data
        return HeadingRules(
            vote_type=data["vote_type"],
            min_picks=data["min_picks"],
            max_picks=data["max_picks"],
            min_spend_percent=data["min_spend_percent"],
            max_points=data["max_points"],
            rank_points=data["rank_points"],
            category_limits=data["category_limits"],
            rule=data["rule"],
            min_vote_percent=data["min_vote_percent"],
            area_codes=data["area_codes"],
            also_workers=data["also_workers"],
            also_students=data["also_students"],
            min_age=data["min_age"],
            max_age=data["max_age"],
            exclude_staff=data["exclude_staff"],
        )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    cost = forms.IntegerField(label=_("Cost (won)"), min_value=1, max_value=MOST_WON)
    category = forms.CharField(label=_("Category"), max_length=60, required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Organization.objects.none(), required=False)
    responsible = forms.ModelChoiceField(
        label=_("Carried out by"), queryset=Organization.objects.none(), required=False
    )
    proposal = forms.IntegerField(
        label=_("From the proposal number"),
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text=_("The number in the proposal's address."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = organizations  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    feasibility = forms.ChoiceField(label=_("Decision"), choices=Feasibility.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Needed when the project is not feasible: the proposer reads it."),
    )
    cost = forms.IntegerField(label=_("Cost after review (won)"), min_value=1, max_value=MOST_WON, required=False)


class ProjectFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB."))
    description = forms.CharField(
        label=_("What the image shows"),
        max_length=500,
        required=False,
        help_text=_("For an image: read out to those who cannot see it."),
    )
