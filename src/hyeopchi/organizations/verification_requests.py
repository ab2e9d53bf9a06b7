"""Asking a site's office to verify where one lives, works or studies (확인 요청).

Without an identity-verification service (core.identity), a person's residence is recorded by the
office of the site the area belongs to, which checks it against an official record: the resident
registration, reached with the person's consent (전자정부법 §43, 행정정보 공동이용의 사전동의), or
an employment or school certificate. A person asks once per kind of attribute (one request waits at a
time, a few a day at most), and may add their date of birth for the office to check with it. The
site's administrators are told; an administrator approves, which records the attributes as staff
would (``eligibility.set_attribute``), or declines with a reason the person reads. What the person
wrote for the office is erased once the request is decided or withdrawn (개인정보 보호법 §21).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.models import AttributeKind
from hyeopchi.core.notifications import notify
from hyeopchi.organizations.eligibility import (
    AREA_KINDS,
    AttributeEntry,
    area_named,
    can_vouch,
    problems_of,
    save_attribute,
)
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.errors import OrganizationErrorCode as Code
from hyeopchi.organizations.models import Organization, OrganizationRole, VerificationRequest, VerificationStatus

MAX_STATEMENT = 500
MAX_REASON = 300
# Requests one account may make in a day, withdrawn ones included: enough to correct a mistake,
# too few to flood an office with notifications.
DAILY_LIMIT = 5


def _administrator_ids(site: Organization) -> list[int]:
    return list(
        OrganizationRole.objects.filter(organization=site, role=OrganizationRoleName.ADMINISTRATOR).values_list(
            "user_id", flat=True
        )
    )


@transaction.atomic
def ask(
    *,
    user: Any,
    kind: str,
    area_code: str,
    consented: bool,
    birth_date: dt.date | None = None,
    statement: str = "",
    now: dt.datetime | None = None,
) -> VerificationRequest:
    """Ask the office of ``area_code``'s site to verify that ``user`` lives, works or studies there.

    Raises: ValidationFailedError naming each bad field (kind, area, date of birth, statement,
    consent); ConflictError when a request of this kind is already waiting or the day's requests
    are used up."""
    now = now or timezone.now()
    statement = statement.strip()
    area = area_named(area_code)
    problems: dict[str, list[Any]] = {}
    if kind not in AREA_KINDS:
        problems["kind"] = [_("Choose whether the office checks where you live, work or study.")]
    if area is None or area.site_id is None:
        problems["area"] = [_("Choose an area from the list.")]
    if birth_date is not None:
        dated = problems_of(AttributeKind.BIRTH_DATE, birth_date.isoformat(), today=timezone.localdate(now))
        if dated:
            problems["birth_date"] = dated
    if len(statement) > MAX_STATEMENT:
        problems["statement"] = [_("Write at most %(count)s characters.") % {"count": MAX_STATEMENT}]
    if not consented:
        problems["consent"] = [_("The office can check the record only with your consent.")]
    if problems:
        raise ValidationFailedError(Code.INVALID_ATTRIBUTE, fields=problems)
    assert area is not None
    assert area.site is not None
    recent = VerificationRequest.objects.filter(user=user, requested_at__gte=now - dt.timedelta(days=1)).count()
    if recent >= DAILY_LIMIT:
        raise ConflictError(
            Code.REQUEST_LIMIT, _("You have asked %(count)s times today. Try again tomorrow.") % {"count": recent}
        )
    try:
        with transaction.atomic():
            request = VerificationRequest.objects.create(
                user=user, kind=kind, area=area, birth_date=birth_date, statement=statement, requested_at=now
            )
    except IntegrityError as error:
        raise ConflictError(
            Code.REQUEST_WAITING,
            _("A request of this kind is already waiting for the office. Withdraw it to ask again."),
        ) from error
    record_event(Actor.for_user(user), "organizations.verification_requested", request, {"kind": kind})
    notify(
        _administrator_ids(area.site),
        "organizations.verification_requested",
        gettext_lazy("Someone asks the office to verify: %(kind)s %(area)s."),
        subject=request,
        kind=AttributeKind(kind).label,
        area=area.name,
    )
    return request


def _pending(request_id: int) -> VerificationRequest:
    request = (
        VerificationRequest.objects.select_for_update(of=("self",))
        .select_related("area", "user")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such request."))
    if request.status != VerificationStatus.PENDING:
        raise InvalidTransitionError(
            Code.REQUEST_DECIDED,
            _("This request is no longer waiting: %(status)s.") % {"status": request.get_status_display()},
        )
    return request


@transaction.atomic
def decide(
    *,
    actor: Actor,
    request_id: int,
    approve: bool,
    reason: str = "",
    valid_until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> VerificationRequest:
    """Approve (recording the attributes as checked by ``actor``) or decline with ``reason``.

    Raises: NotFoundError; PermissionDeniedError outside the sites ``actor`` manages;
    InvalidTransitionError when the request was already decided or withdrawn (two administrators at
    once: the second is told); ValidationFailedError for a decline without a reason."""
    now = now or timezone.now()
    request = _pending(request_id)
    if not can_vouch(actor, request.kind, request.area.admin_code):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("You may vouch only for areas of the sites you manage."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationFailedError(
            Code.INVALID_ATTRIBUTE, fields={"reason": [_("Say why, so that the person can ask again.")]}
        )
    if len(reason) > MAX_REASON:
        raise ValidationFailedError(
            Code.INVALID_ATTRIBUTE,
            fields={"reason": [_("Write at most %(count)s characters.") % {"count": MAX_REASON}]},
        )
    if approve:
        save_attribute(
            actor,
            AttributeEntry(request.user, request.kind, request.area.admin_code, valid_until),
            source="staff",
            now=now,
        )
        if request.birth_date is not None:
            save_attribute(
                actor,
                AttributeEntry(request.user, AttributeKind.BIRTH_DATE, request.birth_date.isoformat()),
                source="staff",
                now=now,
            )
    request.status = VerificationStatus.APPROVED if approve else VerificationStatus.REJECTED
    request.reason = reason
    request.statement = ""
    request.decided_at = now
    request.decided_by_id = actor.user.pk if actor.user is not None else None
    request.save(update_fields=["status", "reason", "statement", "decided_at", "decided_by"])
    record_event(actor, "organizations.verification_decided", request, {"status": request.status})
    values: dict[str, Any] = {"kind": AttributeKind(request.kind).label, "area": request.area.name}
    if approve:
        message = gettext_lazy("The office verified: %(kind)s %(area)s.")
    else:
        message = gettext_lazy("The office could not verify %(kind)s %(area)s: %(reason)s")
        values["reason"] = reason
    # Without a subject: the link of a request leads to the office's page, not the person's.
    notify([request.user_id], "organizations.verification_decided", message, **values)
    return request


@transaction.atomic
def withdraw(*, user: Any, request_id: int, now: dt.datetime | None = None) -> VerificationRequest:
    """The person takes back a waiting request; what they wrote is erased."""
    request = _pending(request_id)
    if request.user_id != user.pk:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such request."))
    request.status = VerificationStatus.WITHDRAWN
    request.statement = ""
    request.decided_at = now or timezone.now()
    request.save(update_fields=["status", "statement", "decided_at"])
    record_event(Actor.for_user(user), "organizations.verification_withdrawn", request, {})
    return request


def waiting_for(site: Organization) -> Sequence[VerificationRequest]:
    """The requests waiting for ``site``'s office, oldest first."""
    return list(
        VerificationRequest.objects.filter(area__site=site, status=VerificationStatus.PENDING)
        .select_related("user", "area__site")
        .order_by("requested_at", "pk")
    )


def requests_of(user: Any, *, limit: int = 20) -> Sequence[VerificationRequest]:
    """``user``'s requests, the latest first."""
    return list(
        VerificationRequest.objects.filter(user=user)
        .select_related("area__site")
        .order_by("-requested_at", "-pk")[:limit]
    )
