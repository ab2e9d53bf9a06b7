"""Forms of evaluation rounds; they shape input, the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hyeopchi.evaluations import engine
from hyeopchi.evaluations.enums import AppealGround, Remedy
from hyeopchi.evaluations.models import Rating


class SeedCommitmentForm(forms.Form):
    commitment = forms.CharField(
        label=_("SHA-256 of the seed"),
        max_length=64,
        min_length=64,
        help_text=_("Published before the draw; the seed itself is revealed when drawing."),
    )


class DrawForm(forms.Form):
    seed = forms.CharField(label=_("Seed"), max_length=128)


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
                initial[f"value_{indicator.key}"] = rating.value.normalize()
                initial[f"comment_{indicator.key}"] = rating.comment
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator, rule in indicators:
            low, high, help_text = _scale(rule)
            self.fields[f"value_{indicator.key}"] = forms.DecimalField(
                label=f"{indicator.key} {indicator.name}",
                required=False,
                min_value=low,
                max_value=high,
                decimal_places=4,
                help_text=help_text,
            )
            self.fields[f"comment_{indicator.key}"] = forms.CharField(
                label=_("Comment on %(key)s") % {"key": indicator.key},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
        self.order_fields([*(f for f in self.fields if f != "reason"), "reason"])

    def values(self) -> list[tuple[str, Decimal, str]]:
        return [
            (
                indicator.key,
                self.cleaned_data[f"value_{indicator.key}"],
                self.cleaned_data.get(f"comment_{indicator.key}", ""),
            )
            for indicator, _rule in self.indicators
            if self.cleaned_data.get(f"value_{indicator.key}") is not None
        ]


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
