"""Signing up and in (django-allauth's forms with the platform's rules), and notification settings."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.models import EmailAddress
from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.consent import ACCOUNT, give_consent
from hyeopchi.core.models import EmailFrequency


class LoginForm(allauth_forms.LoginForm):
    """Sign in with a user name or an e-mail address.

    An address must be confirmed before the first sign-in; an account that staff, the demo or an
    import created without any address has nothing to confirm, and signs in as before.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("User name or e-mail address")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")

    def _login_with_password(self, request: HttpRequest, redirect_url: str | None, credentials: Any) -> HttpResponse:
        if not EmailAddress.objects.filter(user=self.user).exists():
            self._login.email_verification = EmailVerificationMethod.NONE
        return super()._login_with_password(request, redirect_url, credentials)


class SignupForm(allauth_forms.SignupForm):
    """A new account, made only with the person's consent to the account notice."""

    consent = forms.BooleanField(
        label=gettext_lazy("I agree to the collection and use of my personal data as stated above (required)."),
        error_messages={"required": gettext_lazy("An account cannot be made without this consent.")},
    )
    consent_notice = ACCOUNT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"] = self.fields.pop("consent")  # agreed to last, under the notice

    def save(self, request: HttpRequest) -> Any:
        with transaction.atomic():
            user = super().save(request)
            give_consent(Actor.for_user(user), user, ACCOUNT)
        return user


class NotificationSettingForm(forms.Form):
    email_frequency = forms.ChoiceField(label=_("E-mail me"), choices=EmailFrequency.choices, widget=forms.RadioSelect)


class DeleteAccountForm(forms.Form):
    """Deleting one's account asks for the password, so that a borrowed session cannot do it."""

    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PublicNameForm(forms.Form):
    nickname = forms.CharField(
        label=_("Nickname"), max_length=20, required=False, help_text=_("2 to 20 letters, digits, spaces or . _ -")
    )
