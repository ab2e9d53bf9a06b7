"""Consent to the collection and use of personal data (개인정보 보호법 §15②).

A notice states the four things the law asks for: why the data is collected, which items, how long
they are kept, and that the person may refuse and what follows. A notice's wording changes only
with a new version; each consent records the version the person agreed to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.models import Consent


@dataclass(frozen=True)
class Notice:
    key: str
    version: int
    title: Promise | str
    purpose: Promise | str
    items: Promise | str
    retention: Promise | str
    refusal: Promise | str


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


def registration_notice() -> Notice:
    """What registering for a program collects, kept until the retention period after the program
    (REGISTRATION_RETENTION_DAYS)."""
    days = settings.REGISTRATION_RETENTION_DAYS
    return Notice(
        key="registration",
        version=1,
        title=_("Collection and use of personal data for this registration (required)"),
        purpose=_("To keep your place in the program, tell you about it and count who took part."),
        items=_(
            "The participant's name and a phone number or e-mail address; the school grade, age or area of "
            "residence where the program asks for them; for a child under 14, the legal guardian's name and contact."
        ),
        retention=gettext("Until %(days)d days after the program's last session; then destroyed.") % {"days": days},
        refusal=_(
            "You may refuse. Without this consent the registration cannot be taken online; the organizer can "
            "take it by phone."
        ),
    )


PANEL_APPLICATION = Notice(
    key="panel_application",
    version=1,
    title=_("Collection and use of personal data for a citizen panel application (required)"),
    purpose=_(
        "To draw a citizen panel that mirrors the residents by area, gender and age, and to reach you if you are drawn."
    ),
    items=_("Your name and account; your area of residence, gender and age band."),
    retention=_(
        "If you are not drawn, until the draw; then destroyed. If you are drawn, until the evaluation's final "
        "results; your ratings stay, under a pseudonym."
    ),
    refusal=_("You may refuse. Without this consent you cannot apply; the results stay public to everyone."),
)


GUARDIAN_AGE = 14  # 개인정보 보호법 §22-2: a child under 14 needs a legal guardian's consent


def needs_guardian(*, age: int | None, grade: int | None) -> bool:
    """Whether a participant may be under 14: a given age under 14, or without an age a school grade up
    to the first year of middle school (7), where children are 12 or 13."""
    if age is not None:
        return age < GUARDIAN_AGE
    return grade is not None and grade <= 7


def give_consent(actor: Actor, user: Any, notice: Notice) -> Consent:
    """Record that ``user`` agreed to ``notice`` now, inside the caller's transaction (audited)."""
    consent = Consent.objects.create(user=user, notice=notice.key, version=notice.version, given_at=timezone.now())
    record_event(actor, "core.consent_given", consent, {"notice": notice.key, "version": notice.version})
    return consent
