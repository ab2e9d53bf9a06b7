"""Who may do what in an evaluation round: the office runs it, evaluators rate their assignments,
a target's staff read its own report and appeal."""

from __future__ import annotations

from hyeopchi.core.actor import Actor
from hyeopchi.evaluations.models import Assignment, Evaluator, Framework, Round, Target
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_manage_roster


def can_run_evaluations_of(actor: Actor, office: Organization | None) -> bool:
    """The office's administrators and secretaries run its frameworks and rounds."""
    if actor.is_system:
        return True
    return office is not None and can_manage_roster(actor, office)


def can_manage_framework(actor: Actor, framework: Framework) -> bool:
    return can_run_evaluations_of(actor, framework.office)


def can_run_round(actor: Actor, round_: Round) -> bool:
    return can_run_evaluations_of(actor, round_.office)


def is_evaluator(actor: Actor, evaluator: Evaluator) -> bool:
    return actor.user_pk is not None and evaluator.user_id == actor.user_pk


def is_target_staff(actor: Actor, target: Target) -> bool:
    if actor.is_system:
        return True
    return actor.is_authenticated and can_manage_roster(actor, target.organization)


def can_read_target_report(actor: Actor, target: Target) -> bool:
    return is_target_staff(actor, target) or can_run_round(actor, target.round)


def can_read_materials(actor: Actor, target: Target) -> bool:
    """The target's staff, the office, and the evaluators the target is assigned to (not a
    voided assignment) read what the target submitted."""
    if can_read_target_report(actor, target):
        return True
    return (
        actor.user_pk is not None
        and Assignment.objects.filter(target=target, evaluator__user_id=actor.user_pk, voided=False).exists()
    )
