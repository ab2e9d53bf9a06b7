"""Consent to the collection and use of personal data (개인정보 보호법 §15②).

A notice states the four things the law asks for: why the data is collected, which items, how long
they are kept, and that the person may refuse and what follows. A notice's wording changes only
with a new version; each consent records the version the person agreed to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.models import Consent


@dataclass(frozen=True)
class Notice:
    key: str
    version: int
    title: Promise
    purpose: Promise
    items: Promise
    retention: Promise
    refusal: Promise


ACCOUNT = Notice(
    key="account",
    version=1,
    title=_("Collection and use of personal data for your account (required)"),
    purpose=_(
        "To tell you apart from other members and let you propose, support, comment, register for programs "
        "and receive notifications."
    ),
    items=_("User name, e-mail address and password (stored only as a one-way hash)."),
    retention=_(
        "Until you delete your account; then they are destroyed at once. What you wrote in public stays, "
        "shown as written by a deleted member."
    ),
    refusal=_(
        "You may refuse. Without this consent no account can be made; everything public stays readable without one."
    ),
)

NOTICES = {notice.key: notice for notice in (ACCOUNT,)}


def give_consent(actor: Actor, user: Any, notice: Notice) -> Consent:
    """Record that ``user`` agreed to ``notice`` now, inside the caller's transaction (audited)."""
    consent = Consent.objects.create(user=user, notice=notice.key, version=notice.version, given_at=timezone.now())
    record_event(actor, "core.consent_given", consent, {"notice": notice.key, "version": notice.version})
    return consent
