"""Evaluation rounds: creating them, their rules and their status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import (
    InvalidTransitionError,
)
from hyeopchi.evaluations import compute
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import (
    FrameworkStatus,
)
from hyeopchi.evaluations.models import (
    Framework,
    Panel,
    Round,
)
from hyeopchi.evaluations.services._common import S, _deny, _engine, _invalid, _locked, _office
from hyeopchi.evaluations.workflows import ROUND_TRANSITIONS
from hyeopchi.organizations.models import Organization


def create_round(
    *,
    actor: Actor,
    office: Organization,
    slug: str,
    title: str,
    framework: Framework,
    rules: Mapping[str, Any],
    title_en: str = "",
    calendar: Mapping[str, dt.date | None] | None = None,
    panels: Sequence[Mapping[str, Any]] = (),
) -> Round:
    from hyeopchi.organizations.permissions import can_manage_roster  # noqa: PLC0415

    if not can_manage_roster(actor, office):
        raise _deny()
    if framework.status != FrameworkStatus.PUBLISHED:
        raise _invalid(_("Publish the framework before a round uses it."), "framework")
    parsed = compute.parse_framework(framework.spec)
    try:
        compute.parse_rules(rules, parsed)
    except EngineError as error:
        raise _engine(error, "rules") from error
    if Round.objects.filter(slug=slug).exists():
        raise _invalid(_("Another round already has this address."), "slug")
    with transaction.atomic():
        round_ = Round.objects.create(
            office=office,
            slug=slug,
            title=title,
            title_en=title_en,
            framework=framework,
            rules=dict(rules),
            **(calendar or {}),
        )
        for spec in panels:
            Panel.objects.create(round=round_, **spec)
        record_event(
            actor=actor,
            verb="evaluations.round_created",
            target=round_,
            payload={"framework": framework.content_hash},
        )
    return round_


def change_rules(*, actor: Actor, round_: Round, rules: Mapping[str, Any], reason: str) -> Round:
    """Rules may change before results are final (e.g. an appeal finds a rule error)."""
    _office(actor, round_)
    if round_.status == S.FINAL:
        raise InvalidTransitionError("evaluations.final", _("The results are final."))
    try:
        compute.parse_rules(rules, compute.parse_framework(round_.framework.spec))
    except EngineError as error:
        raise _engine(error, "rules") from error
    with transaction.atomic():
        locked = _locked(round_)
        locked.rules = dict(rules)
        locked.save(update_fields=["rules", "updated_at"])
        record_event(
            actor=actor,
            verb="evaluations.rules_changed",
            target=locked,
            payload={"reason": reason, "rules": dict(rules)},
        )
    return locked


def move_round(*, actor: Actor, round_: Round, to: str) -> Round:
    """One step of the round's workflow; publishing and finalising have their own services."""
    _office(actor, round_)
    with transaction.atomic():
        locked = _locked(round_)
        if to not in ROUND_TRANSITIONS[locked.status] or to in (S.PROVISIONAL, S.FINAL):
            raise InvalidTransitionError(
                "evaluations.invalid_transition",
                _("The round cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": S(to).label},
            )
        if to == S.SCORING and not locked.seed:
            raise _invalid(_("Draw the evaluators before scoring opens."))
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            verb="evaluations.round_moved",
            target=locked,
            payload={"from": previous, "to": to},
        )
    return locked
