"""Evaluation rounds: creating them, their rules and their status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.evaluations import compute, permissions
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import FrameworkStatus
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Evaluator, Framework, Panel, Round, Target
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
    if not permissions.can_run_evaluations_of(actor, office):
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
        record_event(actor, "evaluations.round_created", round_, {"framework": framework.content_hash})
    return round_


def change_rules(*, actor: Actor, round_: Round, rules: Mapping[str, Any], reason: str) -> Round:
    """Rules may change before results are final (e.g. an appeal finds a rule error)."""
    _office(actor, round_)
    if round_.status == S.FINAL:
        raise InvalidTransitionError(Code.FINAL, _("The results are final."))
    try:
        compute.parse_rules(rules, compute.parse_framework(round_.framework.spec))
    except EngineError as error:
        raise _engine(error, "rules") from error
    with transaction.atomic():
        locked = _locked(round_)
        locked.rules = dict(rules)
        locked.save(update_fields=["rules", "updated_at"])
        record_event(actor, "evaluations.rules_changed", locked, {"reason": reason, "rules": dict(rules)})
    return locked


def move_round(*, actor: Actor, round_: Round, to: str) -> Round:
    """One step of the round's workflow; publishing and finalising have their own services."""
    _office(actor, round_)
    with transaction.atomic():
        locked = _locked(round_)
        if to not in ROUND_TRANSITIONS[locked.status] or to in (S.PROVISIONAL, S.FINAL):
            raise InvalidTransitionError(
                Code.INVALID_TRANSITION,
                _("The round cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": S(to).label},
            )
        if to == S.SCORING and not locked.seed:
            raise _invalid(_("Draw the evaluators before scoring opens."))
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record_event(actor, "evaluations.round_moved", locked, {"from": previous, "to": to})
    return locked


# Who is evaluated and who evaluates may change only before the pool is committed for the draw.
_OPEN_FOR_ENTRIES = frozenset({S.DRAFT, S.PREPARING})


@dataclass(frozen=True)
class TargetSpec:
    """An organization to evaluate: its public code and name, and its comparison group."""

    organization: Organization
    code: str
    name: str
    group: str
    size_factor: Decimal = Decimal(1)
    previous_total: Decimal | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def _refuse_entries_after_commitment(round_: Round) -> None:
    if round_.status not in _OPEN_FOR_ENTRIES or round_.seed_commitment:
        raise InvalidTransitionError(
            Code.DRAWN, _("Targets and evaluators can change only before the seed is committed.")
        )


def enrol_targets(*, actor: Actor, round_: Round, targets: Sequence[TargetSpec]) -> list[Target]:
    """Add organizations to the round, each in one comparison group, numbered after the last.

    Changes: creates the targets. Raises: PermissionDeniedError unless the actor runs the round;
    InvalidTransitionError after the seed is committed; ValidationFailedError for a code or an
    organization given twice or already enrolled (nothing is written then).
    """
    current = _office(actor, round_)
    _refuse_entries_after_commitment(current)
    codes = [spec.code for spec in targets]
    organizations = [spec.organization.pk for spec in targets]
    taken = Target.objects.filter(round=current)
    if len(set(codes)) != len(codes) or taken.filter(code__in=codes).exists():
        raise _invalid(_("Each target needs its own code in the round."), "code")
    if len(set(organizations)) != len(organizations) or taken.filter(organization_id__in=organizations).exists():
        raise _invalid(_("An organization is evaluated once in a round."), "organization")
    with transaction.atomic():
        _locked(current)
        start = taken.count()
        created = Target.objects.bulk_create(
            [
                Target(round=current, position=start + n, **{**vars(spec), "extras": dict(spec.extras)})
                for n, spec in enumerate(targets, start=1)
            ]
        )
        record_event(actor, "evaluations.targets_enrolled", current, {"count": len(created), "codes": codes})
    return created


def add_evaluators(*, actor: Actor, panel: Panel, evaluators: Sequence[Evaluator]) -> list[Evaluator]:
    """Add people to a panel: its members, or (``selected=False``) the pool a panel is drawn from.

    ``evaluators`` are unsaved ``Evaluator`` rows; their panel is set here.
    Changes: creates them. Raises: PermissionDeniedError; InvalidTransitionError after the seed is
    committed; ValidationFailedError for a pseudonym given twice or already in the panel.
    """
    current = _office(actor, panel.round)
    _refuse_entries_after_commitment(current)
    pseudonyms = [evaluator.pseudonym for evaluator in evaluators]
    if (
        len(set(pseudonyms)) != len(pseudonyms)
        or Evaluator.objects.filter(panel=panel, pseudonym__in=pseudonyms).exists()
    ):
        raise _invalid(_("Each evaluator needs their own pseudonym in the panel."), "pseudonym")
    for evaluator in evaluators:
        evaluator.panel = panel
    with transaction.atomic():
        _locked(current)
        created = Evaluator.objects.bulk_create(evaluators)
        record_event(
            actor,
            "evaluations.evaluators_added",
            current,
            {"panel": panel.key, "count": len(created), "in_pool": sum(1 for e in created if not e.selected)},
        )
    return created
