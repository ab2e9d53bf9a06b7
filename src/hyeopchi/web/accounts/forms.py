"""A person's notification settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from hyeopchi.core.models import EmailFrequency


class NotificationSettingForm(forms.Form):
    email_frequency = forms.ChoiceField(label=_("E-mail me"), choices=EmailFrequency.choices, widget=forms.RadioSelect)
