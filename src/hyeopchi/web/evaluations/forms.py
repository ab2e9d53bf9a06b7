"""Forms of evaluation rounds; they shape input, the services decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.evaluations import engine, files
from hyeopchi.evaluations.enums import AppealGround, ConflictReason, ConflictStatus, RatingStatus, Remedy
from hyeopchi.evaluations.models import Rating
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.forms import BodyField, DateInput, PlannedDateField, SearchInput, body_labels


class SeedCommitmentForm(forms.Form):
    commitment = forms.CharField(
        label=_("SHA-256 of the seed"),
        max_length=64,
        min_length=64,
        help_text=_(
            "Published before the draw; the seed itself is revealed when drawing. Make the seed with its "
            "random salt (as suggested above): a seed without one is refused at the draw."
        ),
    )
    beacon_source = forms.CharField(
        label=_("Public value to combine with the seed (optional)"),
        max_length=300,
        required=False,
        help_text=_(
            "Name a value that does not exist yet, e.g. the winning numbers of a named future lottery draw: "
            "then nobody, the office included, can choose the outcome."
        ),
    )


class DrawForm(forms.Form):
    seed = forms.CharField(label=_("Seed"), max_length=128)
    beacon_value = forms.CharField(
        label=_("The public value, as drawn"),
        max_length=300,
        required=False,
        help_text=_("Only where the round named one with its commitment."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the pools and the conflicts: the draw cannot be undone."), required=True
    )


class RecusalForm(forms.Form):
    note = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        help_text=_("For the office only, e.g. a former employer or a family relation."),
    )


class RatingForm(forms.Form):
    """One field per indicator the evaluator's panel rates, with its scale."""

    reason = forms.CharField(
        label=_("Reason for amending"),
        required=False,
        max_length=500,
        help_text=_("Needed only to change a submitted rating."),
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[engine.Indicator, engine.PanelRule]],
        ratings: dict[str, Rating],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        for indicator, _rule in indicators:
            rating = ratings.get(indicator.key)
            if rating is not None:
                if rating.not_applicable:
                    initial[f"na_{indicator.key}"] = True
                else:
                    initial[f"value_{indicator.key}"] = rating.value.normalize()
                initial[f"comment_{indicator.key}"] = rating.comment
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator, rule in indicators:
            label = _("%(key)s %(name)s (%(points)s points)") % {
                "key": indicator.key,
                "name": indicator.name,
                "points": f"{engine.to_decimal(indicator.points).normalize():f}",
            }
            self.fields[f"value_{indicator.key}"] = _value_field(rule, label)
            if rule.not_applicable:
                self.fields[f"na_{indicator.key}"] = forms.BooleanField(
                    label=_("%(key)s is not applicable to this target") % {"key": indicator.key}, required=False
                )
            self.fields[f"comment_{indicator.key}"] = forms.CharField(
                label=_("Comment on %(key)s") % {"key": indicator.key},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
        # The reason is asked for only where there is something to amend: a submitted sheet.
        if any(r.status == RatingStatus.SUBMITTED for r in ratings.values()):
            self.order_fields([*(f for f in self.fields if f != "reason"), "reason"])
        else:
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for indicator, _rule in self.indicators:
            if data.get(f"na_{indicator.key}") and data.get(f"value_{indicator.key}") is not None:
                self.add_error(
                    f"value_{indicator.key}",
                    _("Give %(key)s a rating or mark it not applicable, not both.") % {"key": indicator.key},
                )
        return data

    def values(self) -> list[tuple[str, Decimal | None, str]]:
        """(indicator, value, comment) for each indicator answered; None: not applicable."""
        answered: list[tuple[str, Decimal | None, str]] = []
        for indicator, _rule in self.indicators:
            comment = self.cleaned_data.get(f"comment_{indicator.key}", "")
            if self.cleaned_data.get(f"na_{indicator.key}"):
                answered.append((indicator.key, None, comment))
            elif self.cleaned_data.get(f"value_{indicator.key}") is not None:
                answered.append((indicator.key, self.cleaned_data[f"value_{indicator.key}"], comment))
        return answered


def _value_field(rule: engine.PanelRule, label: str) -> forms.Field:
    """A rubric with descriptors is a choice of its levels, each with what it means; other scales
    take a number (a rubric in whole levels, a survey panel's mean with decimals)."""
    if rule.mode == "rubric" and rule.descriptors:
        return forms.TypedChoiceField(
            label=label,
            required=False,
            coerce=Decimal,
            empty_value=None,
            choices=[
                (str(level), _("Level %(level)s: %(descriptor)s") % {"level": level, "descriptor": descriptor})
                for level, descriptor in enumerate(rule.descriptors, start=1)
            ],
            widget=forms.RadioSelect,
        )
    low, high, help_text = _scale(rule)
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        decimal_places=0 if rule.mode == "rubric" else 4,
        help_text=help_text,
    )


def _scale(rule: engine.PanelRule) -> tuple[Decimal, Decimal, str]:
    if rule.mode == "rubric":
        return Decimal(1), Decimal(rule.levels), str(_("Level 1 to %(n)s") % {"n": rule.levels})
    if rule.mode == "survey":
        return Decimal(1), Decimal(rule.scale), str(_("1 to %(n)s") % {"n": rule.scale})
    if rule.mode == "checklist":
        return Decimal(0), Decimal(rule.items), str(_("Items met, 0 to %(n)s") % {"n": rule.items})
    maximum = Decimal(rule.maximum.numerator) / Decimal(rule.maximum.denominator)
    return Decimal(0), maximum, str(_("Points, 0 to %(n)s") % {"n": maximum})


class AppealForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=AppealGround.choices)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    text = forms.CharField(label=_("Grounds in detail"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, indicators: list[engine.Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [(i.key, f"{i.key} {i.name}") for i in indicators]


class MaterialForm(forms.Form):
    """A target's report or evidence, for one indicator or the whole sheet."""

    title = forms.CharField(label=_("Title"), max_length=200)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG, up to 20 MB."))

    def __init__(self, *args: Any, indicators: list[engine.Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("the whole sheet"))] + [(i.key, f"{i.key} {i.name}") for i in indicators]


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("reject", _("Reject")), ("uphold", _("Uphold and recalculate"))],
    )
    remedy = forms.ChoiceField(label=_("Remedy"), required=False, choices=[("", "—"), *Remedy.choices])
    figure = forms.DecimalField(
        label=_("Corrected figure"),
        required=False,
        max_digits=18,
        decimal_places=4,
        help_text=_("For a data correction: the indicator's corrected figure."),
    )
    void_evaluator = forms.CharField(label=_("Evaluator to void (pseudonym)"), required=False, max_length=20)
    hold_harmless = forms.BooleanField(label=_("No other target's grade may fall (hold harmless)"), required=False)
    decision = forms.CharField(label=_("Decision and reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class FinaliseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Needed for a new final version of a round already final."),
    )


SPEC_FILE_BYTES = 2 * 1024 * 1024
CALENDAR_LABELS = {
    "draw_on": _("Draw"),
    "scoring_from": _("Scoring opens"),
    "scoring_until": _("Scoring closes"),
    "provisional_on": _("Provisional results"),
    "appeal_until": _("Appeals until"),
    "final_on": _("Final results"),
}


def _calendar_fields() -> dict[str, forms.Field]:
    return {
        name: PlannedDateField(label=label, required=False, widget=DateInput())
        for name, label in CALENDAR_LABELS.items()
    }


def read_spec(upload: Any, kind: str) -> dict[str, Any]:
    """The mapping in an uploaded framework or rules file; a form error names what is wrong."""
    if upload.size > SPEC_FILE_BYTES:
        raise forms.ValidationError(_("The file is larger than 2 MB."))
    try:
        return files.spec_from_bytes(upload.name, upload.read(), kind)
    except files.FileRefusedError as error:
        raise forms.ValidationError([m for ms in error.field_messages().values() for m in ms]) from error


class NewRoundForm(forms.Form):
    """A round from the framework and rules files that ``hyeopchi evaluation compute`` reads."""

    office = forms.ModelChoiceField(label=_("Evaluating office"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("The round's web address, in Latin letters, digits and hyphens, e.g. innovation-2027."),
    )
    framework = forms.FileField(
        label=_("Framework file"),
        help_text=_("YAML or XLSX, as docs/evaluation describes: fields, indicators, points and panels."),
    )
    rules = forms.FileField(label=_("Rules file"), help_text=_("YAML or XLSX: panels, grading, ties and incentives."))

    groups = [
        (_("The round"), "office title title_en slug"),
        (_("Framework and rules"), "framework rules"),
        (_("Calendar"), " ".join(CALENDAR_LABELS)),
    ]

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        assert isinstance(office, forms.ModelChoiceField)
        office.queryset = offices
        if len(only := list(offices[:2])) == 1:
            office.initial = only[0].pk
        self.fields.update(_calendar_fields())

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug == "new":
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug

    def clean_framework(self) -> dict[str, Any]:
        return read_spec(self.cleaned_data["framework"], "framework")

    def clean_rules(self) -> dict[str, Any]:
        return read_spec(self.cleaned_data["rules"], "rules")

    def calendar(self) -> dict[str, dt.date | None]:
        return {name: self.cleaned_data.get(name) for name in CALENDAR_LABELS}


class CalendarForm(forms.Form):
    groups = [(_("Calendar"), " ".join(CALENDAR_LABELS))]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_calendar_fields())


class EnrolByGroupForm(forms.Form):
    """Every organization under a body (of one kind if chosen), as one comparison group."""

    parent = BodyField(label=_("Organizations under"), unknown=_("No organization is called “%(name)s”."))
    kind = forms.ChoiceField(
        label=_("Only of the kind"), required=False, choices=[("", _("any kind")), *OrganizationKind.choices]
    )
    group = forms.CharField(
        label=_("Comparison group"), max_length=50, help_text=_("e.g. city, county, district or public enterprise")
    )
    code_prefix = forms.RegexField(
        label=_("Code prefix"),
        regex=r"^[A-Za-z]{0,5}$",
        max_length=5,
        required=False,
        initial="T",
        help_text=_("Targets are coded with it and a number: T001, T002 …"),
    )

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, BodyField)
        self.body_labels = parent.labels = body_labels(parents)


class PanelApplicationForm(forms.Form):
    """A citizen's application to a citizen panel, with the consent the notice asks for."""

    name = forms.CharField(label=_("Name"), max_length=100)
    region = forms.CharField(label=_("Area where you live"), max_length=50, help_text=_("Your si, gun or gu."))
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("female", _("female")), ("male", _("male"))], widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[
            ("19-29", _("19–29")),
            ("30-39", _("30–39")),
            ("40-49", _("40–49")),
            ("50-59", _("50–59")),
            ("60+", _("60 and over")),
        ],
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of personal data as stated above (required)."),
        error_messages={"required": _("An application cannot be taken without consent to the notice.")},
    )


class ConflictFilterForm(forms.Form):
    """The filters of the office's conflicts: status, reason, and a target or evaluator."""

    conflict_status = forms.ChoiceField(label=_("Status"), required=False)
    conflict_reason = forms.ChoiceField(label=_("Reason"), required=False)
    conflict_q = forms.CharField(label=_("Target or evaluator"), required=False, max_length=100, widget=SearchInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["conflict_status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All")), *ConflictStatus.choices]
        reason = self.fields["conflict_reason"]
        assert isinstance(reason, forms.ChoiceField)
        reason.choices = [("", _("All")), *ConflictReason.choices]
