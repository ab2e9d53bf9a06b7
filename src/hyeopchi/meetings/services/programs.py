"""Programs and their cohorts, registrations (online or by phone) with a waiting list, cancellations."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.consent import needs_guardian, registration_notice
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.messaging import send_message
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings import selectors
from hyeopchi.meetings.enums import RegistrationChannel, RegistrationStatus
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.models import Cohort, Program, Registration
from hyeopchi.meetings.permissions import can_manage_meetings
from hyeopchi.meetings.services._common import _deny
from hyeopchi.organizations.eligibility import age_on
from hyeopchi.organizations.models import Organization

# Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class CohortSpec:
    label: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    reserved: int = 0
    has_waitlist: bool = True


@transaction.atomic
def create_program(
    *,
    actor: Actor,
    organizer: Organization,
    title: str,
    kind: str,
    cohorts: Sequence[CohortSpec],
    title_en: str = "",
    description: str = "",
    place: str = "",
    contact_phone: str = "",
    registration_opens: dt.datetime | None = None,
    registration_closes: dt.datetime | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    min_grade: int | None = None,
    max_grade: int | None = None,
    residence_codes: Sequence[str] = (),
    is_public: bool = True,
    requires_sign_in: bool = False,
) -> Program:
    """Open a program for registration with one or more cohorts.

    Changes: creates the program and its cohorts. Raises: PermissionDeniedError;
    ValidationFailedError for ranges that cannot be met or a cohort without places.
    """
    if not can_manage_meetings(actor, organizer):
        raise _deny()
    if not cohorts:
        raise ValidationFailedError(Code.INVALID_PROGRAM, fields={"cohorts": [_("Give at least one cohort.")]})
    program = Program(
        organizer=organizer,
        title=title.strip(),
        title_en=title_en.strip(),
        kind=kind,
        description=description,
        place=place,
        contact_phone=contact_phone,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        min_age=min_age,
        max_age=max_age,
        min_grade=min_grade,
        max_grade=max_grade,
        residence_codes=list(residence_codes),
        is_public=is_public,
        requires_sign_in=requires_sign_in,
    )
    fields: dict[str, list[str]] = {}
    if min_age is not None and max_age is not None and min_age > max_age:
        fields["min_age"] = [_("The lowest age cannot be above the highest.")]
    if min_grade is not None and max_grade is not None and min_grade > max_grade:
        fields["min_grade"] = [_("The lowest grade cannot be above the highest.")]
    for spec in cohorts:
        if spec.capacity < 1 or not 0 <= spec.reserved <= spec.capacity:
            fields["cohorts"] = [_("Each cohort needs places, and no more reserved than places.")]
        if spec.end < spec.start:
            fields["cohorts"] = [_("A cohort cannot end before it starts.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROGRAM, fields=fields)
    clean_or_raise(program, code=Code.INVALID_PROGRAM)
    program.save()
    for spec in cohorts:
        Cohort.objects.create(program=program, **vars(spec))
    record_event(
        actor,
        "meetings.program_created",
        program,
        {"organizer": organizer.pk, "cohorts": [[c.label, c.capacity, c.reserved] for c in cohorts]},
    )
    return program


def _registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _eligibility_errors(
    program: Program, *, age: int | None, grade: int | None, residence_code: str, on: dt.date
) -> dict[str, list[str]]:
    """Age and school grade as they will be on ``on``, the cohort's first day."""
    fields: dict[str, list[str]] = {}
    day = on.isoformat()
    if program.min_age is not None or program.max_age is not None:
        low, high = program.min_age or 0, program.max_age or 200
        if age is None or not low <= age <= high:
            fields["age"] = [
                _("This program is for ages %(low)d to %(high)d on its first day, %(day)s.")
                % {"low": low, "high": high, "day": day}
            ]
    if program.min_grade is not None or program.max_grade is not None:
        low, high = program.min_grade or 1, program.max_grade or 12
        if grade is None or not low <= grade <= high:
            fields["grade"] = [
                _("This program is for school grades %(low)d to %(high)d on its first day, %(day)s.")
                % {"low": low, "high": high, "day": day}
            ]
    if program.residence_codes and residence_code not in program.residence_codes:
        fields["residence_code"] = [_("This program is for residents of its area only.")]
    return fields


def _places_for(cohort: Cohort, channel: str) -> int:
    """Online registrants cannot take the reserved places; staff entering a phone application can."""
    if channel == RegistrationChannel.PHONE:
        return cohort.capacity
    return cohort.capacity - cohort.reserved


@transaction.atomic
def register(
    *,
    actor: Actor,
    cohort: Cohort,
    name: str,
    contact: str,
    age: int | None = None,
    grade: int | None = None,
    residence_code: str = "",
    channel: str = RegistrationChannel.ONLINE,
    consent: bool = False,
    guardian: Guardian | None = None,
    guardian_link: Callable[[str], str] | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register for a cohort: a place if one is free, else the waiting list.

    ``now`` is when the application was made (by default, now): records of earlier years, as the
    demo replays them, give theirs; the registration window is checked at that moment.

    ``consent`` is the registrant's agreement to the registration notice (core.consent; by phone, the
    organizer confirms it was read and given); a participant who may be under 14 also needs a legal
    guardian's consent (개인정보 보호법 §22-2), given as ``guardian``. By phone, staff heard the guardian
    consent; online, the guardian is sent a link (``guardian_link`` turns its token into the
    address) and the place is held until they answer (``answer_as_guardian``), at most
    GUARDIAN_CONSENT_DAYS days.

    The cohort row is locked while places are counted, so concurrent registrations never take
    more places than there are.
    Changes: creates the registration (confirmed or waitlisted).
    Raises: PermissionDeniedError for a phone registration by someone who is not staff, or
    without signing in where the program requires it;
    ValidationFailedError when the registrant is not eligible or a field is missing;
    InvalidTransitionError outside the registration window; ConflictError for a second
    registration with the same contact, or a full cohort without a waiting list.
    """
    cohort = Cohort.objects.select_for_update().select_related("program__organizer").get(pk=cohort.pk)
    program = cohort.program
    if channel == RegistrationChannel.PHONE and not can_manage_meetings(actor, program.organizer):
        raise _deny()
    if program.requires_sign_in and not actor.is_authenticated:
        raise PermissionDeniedError(Code.SIGN_IN_REQUIRED, _("Sign in to register for this program."))
    now = now or timezone.now()
    closed = selectors.registration_closed(program, cohort, channel=channel, now=now)
    if closed:
        raise InvalidTransitionError(Code.REGISTRATION_CLOSED, closed)
    # Age counts on the cohort's first day (만 나이); a verified date of birth outweighs the age typed.
    first_day = timezone.localdate(cohort.start)
    verified_age = (
        age_on(actor.user, first_day) if channel == RegistrationChannel.ONLINE and actor.is_authenticated else None
    )
    age = verified_age if verified_age is not None else age
    fields: dict[str, list[str]] = {}
    if not name.strip():
        fields["name"] = [_("Enter the registrant's name.")]
    if not contact.strip():
        fields["contact"] = [_("Enter a phone number or an e-mail address.")]
    fields |= _eligibility_errors(program, age=age, grade=grade, residence_code=residence_code, on=first_day)
    fields |= _consent_errors(consent, guardian, child=needs_guardian(age=age, grade=grade))
    if fields:
        raise ValidationFailedError(Code.NOT_ELIGIBLE, fields=fields)
    normalized = selectors.normalized_contact(contact)
    live = cohort.registrations.exclude(status=RegistrationStatus.CANCELLED)
    if live.filter(contact=normalized, name=name.strip()).exists():
        raise ConflictError(Code.ALREADY_REGISTERED, _("This person is already registered with this contact."))
    confirmed = live.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed < _places_for(cohort, channel):
        status = RegistrationStatus.CONFIRMED
    elif cohort.has_waitlist:
        status = RegistrationStatus.WAITLISTED
    else:
        raise ConflictError(Code.COHORT_FULL, _("All places of this cohort are taken."))
    registration = Registration(
        cohort=cohort,
        name=name.strip(),
        contact=normalized,
        age=age,
        grade=grade,
        residence_code=residence_code,
        status=status,
        channel=channel,
        code=_registration_code(),
        registered_by_id=actor.user_pk,
        consent_version=registration_notice().version,
        guardian_name=guardian.name.strip() if guardian else "",
        guardian_contact=selectors.normalized_contact(guardian.contact) if guardian else "",
        guardian_consented_at=now if guardian and channel == RegistrationChannel.PHONE else None,
        guardian_consent_via="phone" if guardian and channel == RegistrationChannel.PHONE else "",
    )
    clean_or_raise(registration, code=Code.NOT_ELIGIBLE, exclude=["registered_by"])
    registration.save()
    record_event(actor, f"meetings.registration_{status}", registration, {"cohort": cohort.pk, "channel": channel})
    if guardian and registration.guardian_consented_at is None:
        address = guardian_link(guardian_token(registration)) if guardian_link else ""
        transaction.on_commit(lambda: _ask_guardian(registration, address))
    return registration


GUARDIAN_SALT = "hyeopchi.meetings.guardian"


def guardian_token(registration: Registration) -> str:
    """The signed token of the guardian's link: the registration, bound to the guardian's contact."""
    return signing.dumps([registration.pk, registration.guardian_contact], salt=GUARDIAN_SALT)


def _ask_guardian(registration: Registration, address: str) -> None:
    program = registration.cohort.program
    body = _(
        "%(child)s was registered for “%(program)s” (%(cohort)s). As their legal guardian, please read what is "
        "collected and consent, or refuse, here: %(address)s\nWithout your answer within %(days)s days the "
        "registration is cancelled and its data destroyed."
    ) % {
        "child": registration.name,
        "program": program.title,
        "cohort": registration.cohort.label,
        "address": address,
        "days": settings.GUARDIAN_CONSENT_DAYS,
    }
    send_message(registration.guardian_contact, _("A legal guardian's consent is asked"), body)


def registration_for_guardian(token: str) -> Registration:
    """The registration a guardian's link is about, while it still awaits their answer.

    Raises: NotFoundError for a forged, expired or already answered link."""
    try:
        pk, contact = signing.loads(
            token, salt=GUARDIAN_SALT, max_age=dt.timedelta(days=settings.GUARDIAN_CONSENT_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise NotFoundError(Code.REGISTRATION_NOT_FOUND, _("This link is not valid or has expired.")) from error
    registration = (
        Registration.objects.select_related("cohort__program")
        .filter(pk=pk, guardian_contact=contact, guardian_consented_at__isnull=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        raise NotFoundError(Code.REGISTRATION_NOT_FOUND, _("This link is not valid or has expired."))
    return registration


@transaction.atomic
def answer_as_guardian(*, token: str, consent: bool) -> Registration:
    """The guardian's answer through their link: consent keeps the place; a refusal cancels the
    registration and destroys its personal data at once."""
    registration = registration_for_guardian(token)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if consent:
        registration.guardian_consented_at = timezone.now()
        registration.guardian_consent_via = "link"
        registration.save(update_fields=["guardian_consented_at", "guardian_consent_via", "updated_at"])
        record_event(SYSTEM_GUARDIAN, "meetings.guardian_consented", registration, {})
        return registration
    cancel_registration(actor=SYSTEM_GUARDIAN, registration=registration)
    _destroy_personal_data(Registration.objects.filter(pk=registration.pk))
    record_event(SYSTEM_GUARDIAN, "meetings.guardian_refused", registration, {})
    return registration


SYSTEM_GUARDIAN = Actor.system("guardian-link")


def _destroy_personal_data(registrations: Any) -> int:
    return int(
        registrations.update(
            name="", contact="", guardian_name="", guardian_contact="", registered_by=None, purged_at=timezone.now()
        )
    )


@transaction.atomic
def cancel_unanswered_guardian_requests(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Cancel the children's registrations whose guardian did not answer within
    GUARDIAN_CONSENT_DAYS days, and destroy their personal data; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.GUARDIAN_CONSENT_DAYS)
    unanswered = Registration.objects.filter(
        guardian_consented_at__isnull=True, created_at__lt=cutoff, purged_at__isnull=True
    ).exclude(guardian_contact="")
    for registration in unanswered.order_by("pk"):
        if registration.status != RegistrationStatus.CANCELLED:
            cancel_registration(actor=actor, registration=registration)
        record_event(actor, "meetings.guardian_request_expired", registration, {})
    return _destroy_personal_data(unanswered)


@dataclass(frozen=True)
class Guardian:
    """The legal guardian who consents for a child under 14: only a name and a contact are taken."""

    name: str
    contact: str


def _consent_errors(consent: bool, guardian: Guardian | None, *, child: bool) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if not consent:
        fields["consent"] = [_("The registration cannot be taken without consent to the notice.")]
    if child and guardian is None:
        fields["guardian_consent"] = [_("A child under 14 needs a legal guardian's consent.")]
    if child and guardian is not None and not guardian.name.strip():
        fields["guardian_name"] = [_("Enter the legal guardian's name.")]
    if child and guardian is not None and not guardian.contact.strip():
        fields["guardian_contact"] = [_("Enter the legal guardian's phone number or e-mail address.")]
    return fields


@transaction.atomic
def cancel_registration(*, actor: Actor, registration: Registration) -> Registration | None:
    """Cancel a registration and give a freed place to the first person waiting.

    Returns the promoted registration, if any. Changes: the registration's status; a waiting
    registration may become confirmed. Raises: ConflictError if it was already cancelled.
    """
    cohort = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ConflictError(Code.REGISTRATION_NOT_FOUND, _("This registration is already cancelled."))
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record_event(actor, "meetings.registration_cancelled", registration, {"from": previous})
    if previous != RegistrationStatus.CONFIRMED:
        return None
    confirmed = cohort.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed >= _places_for(cohort, RegistrationChannel.ONLINE):
        return None
    waiting = (
        cohort.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.CONFIRMED
    waiting.save(update_fields=["status", "updated_at"])
    record_event(actor, "meetings.registration_promoted", waiting, {"after": registration.pk})
    return waiting


@transaction.atomic
def purge_expired_registrations(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Destroy the personal data of registrations whose program ended more than
    REGISTRATION_RETENTION_DAYS ago (개인정보 보호법 §21): name, contact and guardian go, the rows stay
    for the program's counts. Returns how many registrations were purged; one audit event a program.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
    ended = Program.objects.annotate(last_end=Max("cohorts__end")).filter(last_end__lt=cutoff)
    purged = 0
    for program in ended.filter(cohorts__registrations__purged_at__isnull=True).distinct().order_by("pk"):
        expired = Registration.objects.filter(cohort__program=program, purged_at__isnull=True)
        count = _destroy_personal_data(expired)
        record_event(actor, "meetings.registrations_purged", program, {"count": count})
        purged += count
    return purged
