"""A person's own account: the data it holds, downloadable, and its deletion.

Deleting an account destroys the personal data (user name, addresses, password, consents,
notifications, sign-in methods, roles and follows) while what the person wrote or did in public
stays, counted and readable, under "deleted member": the account row stays as a nameless tombstone
so that supports keep counting and comments keep their place (개인정보 보호법 §21 destruction,
with the public record kept). Each domain adds its part: `register_personal_data` for the
download, the `account_deleted` signal for what it must destroy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, CoreErrorCode, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import Consent, Notification, NotificationSetting, Profile, VerifiedAttribute

DELETED_PREFIX = "deleted-"
DELETED_NAME = _("Deleted member")

# Sent inside the deletion's transaction with ``user``: receivers destroy that domain's personal data.
account_deleted = Signal()

PersonalData = Callable[[Any], dict[str, Any]]
_sections: dict[str, PersonalData] = {}


def register_personal_data(section: str, collect: PersonalData) -> None:
    """Let a domain add ``section`` to a person's download: ``collect(user)`` gives its data."""
    _sections[section] = collect


def account_named(value: str) -> Any | None:
    """The active account a spreadsheet cell names by its user name or its e-mail address."""
    value = value.strip()
    matches = list(get_user_model().objects.filter(Q(username=value) | Q(email__iexact=value), is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def is_deleted(user: Any) -> bool:
    return bool(user is not None and str(user.get_username()).startswith(DELETED_PREFIX))


CITIZEN_NAME = _("Citizen %(number)d")
# Letters (Hangul included), digits, spaces and . _ - ; 2 to 20 of them, not starting with a space.
NICKNAME = re.compile(r"^[^\W_][\w .\-]{1,19}$")
RESERVED = re.compile(r"^(시민|citizen|탈퇴한|deleted|admin|관리자|운영자)", re.IGNORECASE)


def public_name(user: Any) -> str:
    """How a person is named beside what they wrote, everywhere: the nickname they chose, else
    "시민 N" (N the account's number); "deleted member" once the account is deleted. Never the login ID.
    Lists select ``author__profile`` with their rows."""
    if user is None or is_deleted(user):
        return str(DELETED_NAME)
    try:
        return user.profile.nickname  # type: ignore[no-any-return]
    except Profile.DoesNotExist:
        return str(CITIZEN_NAME % {"number": user.pk})


@transaction.atomic
def set_nickname(actor: Actor, nickname: str) -> Profile | None:
    """Choose (or, empty, drop) the signed-in person's nickname.

    Raises: PermissionDeniedError when not signed in; ValidationFailedError for a nickname that is not
    2–20 letters, digits, spaces or . _ -, or that looks like another kind of name ("시민 12", "관리자");
    ConflictError when someone else has it (letter case aside)."""
    if not actor.is_authenticated:
        raise PermissionDeniedError()
    nickname = " ".join(nickname.split())
    user: Any = actor.user
    if not nickname:
        Profile.objects.filter(user=user).delete()
        record_event(actor, "core.nickname_dropped", user)
        return None
    if not NICKNAME.match(nickname) or RESERVED.match(nickname):
        raise ValidationFailedError(
            CoreErrorCode.INVALID_NICKNAME,
            fields={
                "nickname": [
                    _(
                        "Use 2 to 20 letters, digits, spaces or . _ -, not starting with a word the platform "
                        "uses for names (citizen, administrator, deleted)."
                    )
                ]
            },
        )
    if Profile.objects.filter(nickname__iexact=nickname).exclude(user=user).exists():
        raise ConflictError(CoreErrorCode.NICKNAME_TAKEN, _("Someone else uses this name: choose another."))
    try:
        with transaction.atomic():
            profile, _created = Profile.objects.update_or_create(user=user, defaults={"nickname": nickname})
    except IntegrityError as error:
        raise ConflictError(CoreErrorCode.NICKNAME_TAKEN, _("Someone else uses this name: choose another.")) from error
    record_event(actor, "core.nickname_set", user, {"nickname": nickname})
    return profile


def _account_part(user: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress  # noqa: PLC0415 (allauth's models need the app registry)

    return {
        "username": user.get_username(),
        "nickname": Profile.objects.filter(user=user).values_list("nickname", flat=True).first(),
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "consents": [
            {"notice": c.notice, "version": c.version, "given_at": c.given_at.isoformat()}
            for c in Consent.objects.filter(user=user)
        ],
        "verified_attributes": [
            {"attribute": a.kind, "value": a.value, "checked_by": a.source, "checked_at": a.verified_at.isoformat()}
            for a in VerifiedAttribute.objects.filter(user=user)
        ],
        "notifications": [
            {"title": n.title, "created_at": n.created_at.isoformat(), "read": n.read_at is not None}
            for n in Notification.objects.filter(user=user)
        ],
    }


def personal_data(actor: Actor, user: Any) -> dict[str, Any]:
    """Everything the platform holds about ``user``, for the person themself."""
    if actor.user_pk != user.pk:
        raise PermissionDeniedError()
    data = {"account": _account_part(user), "exported_at": timezone.now().isoformat()}
    for section, collect in sorted(_sections.items()):
        data[section] = collect(user)
    return data


@transaction.atomic
def delete_account(actor: Actor, user: Any) -> None:
    """Delete ``user``'s account at their own request (see the module's description)."""
    from allauth.account.models import EmailAddress  # noqa: PLC0415
    from allauth.mfa.models import Authenticator  # noqa: PLC0415
    from allauth.socialaccount.models import SocialAccount  # noqa: PLC0415

    if actor.user_pk != user.pk or is_deleted(user):
        raise PermissionDeniedError()
    account_deleted.send(sender=delete_account, user=user)
    for model in (
        EmailAddress,
        SocialAccount,
        Authenticator,
        Consent,
        Notification,
        NotificationSetting,
        Profile,
        VerifiedAttribute,
    ):
        model.objects.filter(user=user).delete()
    user.username = f"{DELETED_PREFIX}{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    record_event(actor, "core.account_deleted", user)
