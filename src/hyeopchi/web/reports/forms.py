"""Forms for white papers; they shape input, the reports services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hyeopchi.organizations.enums import BODY_KINDS
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.forms import DateInput


class WhitePaperForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    publisher = forms.CharField(
        label=_("Publisher"),
        max_length=200,
        required=False,
        help_text=_("As printed on the cover; the site's name if empty."),
    )
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("The whole site"),
        help_text=_("A white paper of one body compiles only its records."),
    )

    def __init__(self, *args: Any, site: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(site=site, kind__in=BODY_KINDS).order_by("path")


class PassageForm(forms.Form):
    heading = forms.CharField(label=pgettext_lazy("passage", "Heading"), max_length=200, required=False)
    text = forms.CharField(
        label=pgettext_lazy("passage", "Text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Separate paragraphs with an empty line. Write {{key}} for a figure from the records (listed below)."
        ),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What should change"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ChapterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("English title"), max_length=200, required=False)
    position = forms.IntegerField(label=pgettext_lazy("chapter", "Position"), min_value=1, max_value=50)


class VoiceForm(forms.Form):
    speaker = forms.CharField(label=_("Speaker"), max_length=100, help_text=_("As printed: a name or a description."))
    affiliation = forms.CharField(label=_("Role or affiliation"), max_length=200, required=False)
    quote = forms.CharField(label=_("Quote"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput)
    consent_note = forms.CharField(
        label=_("How consent was given"), max_length=300, help_text=_("A signed form, a recorded call …")
    )


class TimelineForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput)
    text = forms.CharField(label=_("What happened"), max_length=300)
    text_en = forms.CharField(label=_("In English"), max_length=300, required=False)


class EditionForm(forms.Form):
    as_of = forms.DateField(label=_("Figures as of"), widget=DateInput)
