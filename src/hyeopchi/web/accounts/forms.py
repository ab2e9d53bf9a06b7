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
from hyeopchi.core.models import AttributeKind, EmailFrequency
from hyeopchi.organizations.models import Organization


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


class AreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.admin_code})"


class VerificationRequestForm(forms.Form):
    """A request that the office check where the person lives, works or studies."""

    kind = forms.ChoiceField(
        label=gettext_lazy("What the office checks"),
        choices=[
            (kind.value, kind.label)
            for kind in (AttributeKind.RESIDENCE, AttributeKind.WORKPLACE, AttributeKind.SCHOOL)
        ],
    )
    area = AreaChoiceField(
        label=gettext_lazy("Area"),
        queryset=Organization.objects.exclude(admin_code="").filter(site__isnull=False).order_by("admin_code"),
        to_field_name="admin_code",
        empty_label=None,
    )
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Optional: budgets and panels for an age group need it."),
    )
    statement = forms.CharField(
        label=gettext_lazy("For the office"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What the office needs to find you in the record, such as your registered address. "
            "It is erased once the request is decided."
        ),
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the office checks this against the resident registration or the certificate I show, "
            "and keeps only the area and the date of birth."
        ),
        required=False,
    )
