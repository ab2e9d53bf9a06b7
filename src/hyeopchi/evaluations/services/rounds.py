"""Evaluation rounds: creating them, their rules and their status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.evaluations import compute, engine, permissions
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import FrameworkStatus, PanelKind
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Conflict, Evaluator, Framework, Panel, Round, Target
from hyeopchi.evaluations.services._common import S, _deny, _engine, _invalid, _locked, _office
from hyeopchi.evaluations.services.frameworks import create_framework, publish_framework
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


MAX_PER_TARGET = 100


def _in_language(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)


def _panels_of(rules: Mapping[str, Any], framework: engine.Framework) -> list[dict[str, Any]]:
    """A panel for each panel key of the framework, of the kind the rules give it; the rules may
    also name it (``title``, ``title_en``) and say how many evaluators rate each target."""
    try:
        parsed = compute.parse_rules(rules, framework)
    except EngineError as error:
        raise _engine(error, "rules") from error
    raw_panels = rules.get("panels") or {}
    panels = []
    for key, definition in parsed.panels.items():
        raw = raw_panels.get(key) or {}  # a mapping: parse_rules refused any other shape
        per_target = raw.get("per_target", 0 if definition.kind == PanelKind.DATA else 5)
        if isinstance(per_target, bool) or not isinstance(per_target, int) or not 0 <= per_target <= MAX_PER_TARGET:
            raise _invalid(
                _("panels %(key)s per_target: give a whole number from 0 to %(most)s.")
                % {"key": key, "most": MAX_PER_TARGET},
                "rules",
            )
        panels.append(
            {
                "key": key,
                "kind": definition.kind,
                "title": str(raw.get("title") or _in_language("ko", PanelKind(definition.kind).label))[:200],
                "title_en": str(raw.get("title_en") or _in_language("en", PanelKind(definition.kind).label))[:200],
                "per_target": per_target,
            }
        )
    return panels


def create_round_from_files(
    *,
    actor: Actor,
    office: Organization,
    slug: str,
    title: str,
    framework_spec: Mapping[str, Any],
    rules: Mapping[str, Any],
    title_en: str = "",
    calendar: Mapping[str, dt.date | None] | None = None,
) -> Round:
    """A round from the framework and rules files that ``hyeopchi evaluation compute`` reads.

    The framework is created and published under its content hash, or the office's published
    framework with that hash is reused; a panel is opened for each panel the framework uses.
    Changes: creates the framework (if new), the round and its panels, all or nothing.
    Raises: PermissionDeniedError; ValidationFailedError naming the place in the framework
    ("spec") or the rules ("rules") that is wrong, or a slug already taken.
    """
    if not permissions.can_run_evaluations_of(actor, office):
        raise _deny()
    try:
        parsed = compute.parse_framework(framework_spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    panels = _panels_of(rules, parsed)
    with transaction.atomic():
        framework = Framework.objects.filter(
            office=office, content_hash=parsed.hash, status=FrameworkStatus.PUBLISHED
        ).first()
        if framework is None:
            framework_title = str(framework_spec.get("title") or title)[:200]
            framework = create_framework(actor=actor, office=office, title=framework_title, spec=framework_spec)
            framework = publish_framework(actor=actor, framework=framework)
        return create_round(
            actor=actor,
            office=office,
            slug=slug,
            title=title,
            title_en=title_en,
            framework=framework,
            rules=rules,
            calendar=calendar,
            panels=panels,
        )


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


@dataclass(frozen=True)
class EvaluatorEntry:
    """An evaluator to add: the unsaved row, the key of its panel, and the conflicts it declares
    as (target code, ConflictReason value)."""

    panel: str
    evaluator: Evaluator
    conflicts: Sequence[tuple[str, str]] = ()


def import_evaluators(*, actor: Actor, round_: Round, entries: Sequence[EvaluatorEntry]) -> int:
    """Add evaluators to the round's panels with the conflicts they declare (upheld at once).

    Changes: creates the evaluators and their conflicts, all or nothing. Raises:
    PermissionDeniedError; InvalidTransitionError after the seed is committed; ValidationFailedError
    for a panel the round does not have or a pseudonym given twice. Returns how many were added.
    """
    current = _office(actor, round_)
    panels = {panel.key: panel for panel in current.panels.all()}
    targets = dict(current.targets.values_list("code", "pk"))
    unknown = sorted({entry.panel for entry in entries} - set(panels))
    if unknown:
        raise _invalid(_("The round has no panel “%(value)s”.") % {"value": unknown[0]}, "panel")
    with transaction.atomic():
        for key, panel in panels.items():
            chosen = [entry.evaluator for entry in entries if entry.panel == key]
            if chosen:
                add_evaluators(actor=actor, panel=panel, evaluators=chosen)
        conflicts = [
            Conflict(
                evaluator=entry.evaluator, target_id=targets[code], reason=reason, note=_("from the imported file")
            )
            for entry in entries
            for code, reason in entry.conflicts
            if code in targets
        ]
        Conflict.objects.bulk_create(conflicts)
        record_event(
            actor, "evaluations.evaluators_imported", current, {"count": len(entries), "conflicts": len(conflicts)}
        )
    return len(entries)


CALENDAR_FIELDS = ("draw_on", "scoring_from", "scoring_until", "provisional_on", "appeal_until", "final_on")


def set_calendar(*, actor: Actor, round_: Round, calendar: Mapping[str, dt.date | None]) -> Round:
    """The round's dates (draw, scoring window, provisional results, appeals, final results), in
    that order when given. Changes: the dates. Raises: PermissionDeniedError; ValidationFailedError
    for a date before the one it follows, or once the results are final."""
    current = _office(actor, round_)
    if current.status == S.FINAL:
        raise InvalidTransitionError(Code.FINAL, _("The results are final."))
    dates = [(name, calendar.get(name)) for name in CALENDAR_FIELDS]
    given = [(name, day) for name, day in dates if day is not None]
    for (_before, earlier), (name, later) in zip(given, given[1:], strict=False):
        if later < earlier:
            raise _invalid(_("Each date of the calendar must be on or after the one before it."), name)
    with transaction.atomic():
        locked = _locked(current)
        for name, day in dates:
            setattr(locked, name, day)
        locked.save(update_fields=[*CALENDAR_FIELDS, "updated_at"])
        record_event(actor, "evaluations.calendar_set", locked, dict(dates))
    return locked
