"""Verified attributes of accounts (core.VerifiedAttribute): where a person lives, works or
studies, and their date of birth, set by a site's administrators (one by one or from a file, all or
nothing) or by an identity-verification service (core.identity).

An area is named by its 5-digit si/gun/gu code (행정구역코드), which an organization of the site
carries (Organization.admin_code); an administrator may vouch only for areas of the sites they
manage, a platform administrator for any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import PermissionDeniedError, ValidationFailedError
from hyeopchi.core.identity import IdentityVerifier
from hyeopchi.core.models import AttributeKind, VerifiedAttribute
from hyeopchi.core.tabular import Table
from hyeopchi.core.transfer import Column, RowReader, refuse_if_any, rows_of
from hyeopchi.organizations.errors import OrganizationErrorCode as Code
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_manage_organization, is_platform_administrator

AREA_KINDS = frozenset({AttributeKind.RESIDENCE, AttributeKind.WORKPLACE, AttributeKind.SCHOOL})
OLDEST = 130  # years: a date of birth before this is a typing error


@dataclass(frozen=True)
class AttributeEntry:
    """One attribute to set: for whom, which, its value and until when it holds."""

    user: Any
    kind: str
    value: str
    valid_until: dt.date | None = None


def area_named(code: str) -> Organization | None:
    """The organization (a district, a 동) whose administrative code is ``code``."""
    return Organization.objects.filter(admin_code=code.strip()).select_related("site").first() if code else None


def problems_of(kind: str, value: str, *, today: dt.date) -> list[str]:
    """What is wrong with ``value`` as an attribute of ``kind`` (nothing: an empty list)."""
    if kind not in AttributeKind.values:
        return [_("Choose what is verified: residence, workplace, school or date of birth.")]
    if kind == AttributeKind.BIRTH_DATE:
        try:
            born = dt.date.fromisoformat(value)
        except ValueError:
            return [_("Write the date of birth as YYYY-MM-DD.")]
        if born > today or born.year < today.year - OLDEST:
            return [_("This date of birth cannot be right.")]
        return []
    if area_named(value) is None:
        return [_("No organization of the platform has the area code “%(code)s”.") % {"code": value}]
    return []


def can_vouch(actor: Actor, kind: str, value: str) -> bool:
    """Whether ``actor`` may vouch for this attribute: an area of a site they manage (a date of
    birth: any site they manage); a platform administrator for any."""
    if actor.is_system or is_platform_administrator(actor):
        return True
    if kind == AttributeKind.BIRTH_DATE:
        return any(can_manage_organization(actor, site) for site in Organization.objects.sites())
    area = area_named(value)
    site = area.site if area is not None else None
    return site is not None and can_manage_organization(actor, site)


def save_attribute(actor: Actor, entry: AttributeEntry, *, source: str, now: dt.datetime) -> VerifiedAttribute:
    """Record ``entry`` as checked by ``actor`` through ``source``, without checking it: callers have."""
    attribute, _created = VerifiedAttribute.objects.update_or_create(
        user=entry.user,
        kind=entry.kind,
        defaults={
            "value": entry.value,
            "source": source,
            "verified_by": actor.user,
            "verified_at": now,
            "valid_until": entry.valid_until,
        },
    )
    record_event(
        actor, "core.attribute_verified", attribute, {"user": entry.user.pk, "kind": entry.kind, "source": source}
    )
    return attribute


@transaction.atomic
def set_attribute(*, actor: Actor, entry: AttributeEntry, now: dt.datetime | None = None) -> VerifiedAttribute:
    """Record that ``actor`` checked ``entry`` (replacing the account's earlier value of that kind).

    Raises: ValidationFailedError for an unknown kind, a bad date or an unknown area;
    PermissionDeniedError for an area outside the sites ``actor`` manages."""
    now = now or timezone.now()
    value = entry.value.strip()
    problems = problems_of(entry.kind, value, today=timezone.localdate(now))
    if problems:
        raise ValidationFailedError(Code.INVALID_ATTRIBUTE, fields={"value": problems})
    if not can_vouch(actor, entry.kind, value):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("You may vouch only for areas of the sites you manage."))
    return save_attribute(
        actor, AttributeEntry(entry.user, entry.kind, value, entry.valid_until), source="staff", now=now
    )


@transaction.atomic
def remove_attribute(*, actor: Actor, attribute: VerifiedAttribute) -> None:
    if not can_vouch(actor, attribute.kind, attribute.value):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("You may vouch only for areas of the sites you manage."))
    record_event(actor, "core.attribute_removed", attribute, {"user": attribute.user_id, "kind": attribute.kind})
    attribute.delete()


ATTRIBUTE_FILE_COLUMNS = [
    Column("account", "계정", "account", required=True),
    Column("kind", "항목", "attribute", required=True),
    Column("value", "값", "value", required=True),
    Column("valid_until", "유효 기한", "valid until"),
]

# The words a file may use for each kind, in Korean and English.
KIND_WORDS = {
    "거주": AttributeKind.RESIDENCE,
    "거주지": AttributeKind.RESIDENCE,
    "residence": AttributeKind.RESIDENCE,
    "직장": AttributeKind.WORKPLACE,
    "workplace": AttributeKind.WORKPLACE,
    "학교": AttributeKind.SCHOOL,
    "school": AttributeKind.SCHOOL,
    "생년월일": AttributeKind.BIRTH_DATE,
    "birth_date": AttributeKind.BIRTH_DATE,
    "date of birth": AttributeKind.BIRTH_DATE,
}


def _entry(reader: RowReader, actor: Actor, find_account: Callable[[str], Any], today: dt.date) -> AttributeEntry:
    user = reader.lookup("account", find_account, _("No account is called “%(value)s”."))
    kind = KIND_WORDS.get(reader.text("kind", max_length=20).strip().lower(), "")
    value = reader.text("value", max_length=40).strip()
    if not kind:
        reader.fail("kind", _("Write residence, workplace, school or birth_date."))
    else:
        for problem in problems_of(kind, value, today=today):
            reader.fail("value", problem)
        if not problems_of(kind, value, today=today) and not can_vouch(actor, kind, value):
            reader.fail("value", _("You may vouch only for areas of the sites you manage."))
    return AttributeEntry(user, kind, value, reader.date("valid_until"))


@transaction.atomic
def import_attributes(
    *, actor: Actor, table: Table, find_account: Callable[[str], Any], now: dt.datetime | None = None
) -> list[VerifiedAttribute]:
    """Every row of a file (account, attribute, value, valid until), or none: each bad cell is
    named by its row and column (ImportRefusedError)."""
    now = now or timezone.now()
    readers = rows_of(table, ATTRIBUTE_FILE_COLUMNS, Code.INVALID_ATTRIBUTE)
    entries = [_entry(reader, actor, find_account, timezone.localdate(now)) for reader in readers]
    refuse_if_any(readers, Code.INVALID_ATTRIBUTE)
    return [save_attribute(actor, entry, source="import", now=now) for entry in entries]


@transaction.atomic
def record_verification(
    *, user: Any, verifier: IdentityVerifier, answer: dict[str, str], now: dt.datetime | None = None
) -> list[VerifiedAttribute]:
    """Check an identity-verification service's answer about ``user`` and keep what it confirms
    (a date of birth; an area the platform knows). Raises VerificationFailed."""
    now = now or timezone.now()
    identity = verifier.finish(user_id=int(user.pk), answer=answer)
    entries: list[AttributeEntry] = []
    if identity.birth_date is not None:
        entries.append(AttributeEntry(user, AttributeKind.BIRTH_DATE, identity.birth_date.isoformat()))
    if identity.residence_code and area_named(identity.residence_code) is not None:
        entries.append(AttributeEntry(user, AttributeKind.RESIDENCE, identity.residence_code))
    actor = Actor.for_user(user)
    return [save_attribute(actor, entry, source=verifier.name, now=now) for entry in entries]


def attributes_of(user: Any) -> Sequence[VerifiedAttribute]:
    return list(VerifiedAttribute.objects.filter(user=user).order_by("kind"))


def holds(user: Any, kind: str, codes: Sequence[str], *, on: dt.date) -> bool:
    """Whether ``user`` has a verified ``kind`` (residence, workplace, school) in one of the areas
    ``codes``, valid on ``on`` — what participatory budgets and panels ask."""
    return (
        VerifiedAttribute.objects.filter(user=user, kind=kind, value__in=list(codes))
        .exclude(valid_until__lt=on)
        .exists()
    )


def age_on(user: Any, day: dt.date) -> int | None:
    """``user``'s age in full years on ``day`` (만 나이) from their verified date of birth."""
    value = (
        VerifiedAttribute.objects.filter(user=user, kind=AttributeKind.BIRTH_DATE)
        .values_list("value", flat=True)
        .first()
    )
    if value is None:
        return None
    born = dt.date.fromisoformat(value)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
