"""Threshold ladders: creating one, and moving a proposal up its steps as counts reach them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import OPEN_STATUSES, Answerer, Metric, ProposalStatus, StepEffect
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Answer, Ladder, LadderStep, Proposal, StepReached
from hyeopchi.proposals.selectors import staff_user_ids
from hyeopchi.proposals.services._common import _transition


def _steps(proposal: Proposal) -> list[LadderStep]:
    if proposal.ladder_id is None:
        return []
    return list(LadderStep.objects.filter(ladder_id=proposal.ladder_id).order_by("order"))


def _aim_at(proposal: Proposal, step: LadderStep | None) -> None:
    """Remember what the next step counts and how many it needs, for the counting hot path."""
    proposal.next_metric = step.metric if step else ""
    proposal.next_threshold = step.threshold if step else None


def _window_end(start: dt.datetime, step: LadderStep | None) -> dt.datetime | None:
    if step is None or step.window_days is None:
        return None
    return start + dt.timedelta(days=step.window_days)


@transaction.atomic
def create_ladder(
    *,
    actor: Actor,
    site: Organization,
    name: str,
    valid_from: dt.date,
    steps: Iterable[dict[str, Any]],
    name_en: str = "",
    basis: str = "",
) -> Ladder:
    """Set a site's thresholds from a date; earlier proposals keep the ladder they started with.

    ``steps`` are dicts of LadderStep fields in climbing order. Raises ValidationFailedError for a
    ladder without steps, thresholds that fall as the ladder climbs on the same metric, an answer
    step without an answerer, or a second ladder from the same date.
    """
    if not permissions.can_moderate(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators can set thresholds."))
    rows = list(steps)
    errors: list[str] = []
    if not rows:
        errors.append(_("A ladder needs at least one step."))
    last: dict[str, int] = {}
    for order, row in enumerate(rows, start=1):
        metric, threshold = row.get("metric"), int(row.get("threshold") or 0)
        if metric not in Metric.values:
            errors.append(_("Step %(n)s: choose what is counted.") % {"n": order})
            continue
        if threshold < 1:
            errors.append(_("Step %(n)s: the threshold must be at least 1.") % {"n": order})
        if threshold < last.get(str(metric), 0):
            errors.append(_("Step %(n)s: the threshold is lower than an earlier step's.") % {"n": order})
        last[str(metric)] = threshold
        effect = row.get("effect")
        if effect not in StepEffect.values:
            errors.append(_("Step %(n)s: choose what the step does.") % {"n": order})
        if effect in {StepEffect.REVIEW, StepEffect.ANSWER} and row.get("answerer") not in Answerer.values:
            errors.append(_("Step %(n)s: say who answers.") % {"n": order})
    if Ladder.objects.filter(site=site, valid_from=valid_from).exists():
        errors.append(_("This site already has a ladder from that date."))
    if errors:
        raise ValidationFailedError(Code.INVALID_LADDER, fields={"steps": errors})
    ladder = Ladder.objects.create(site=site, name=name, name_en=name_en, valid_from=valid_from, basis=basis)
    for order, row in enumerate(rows, start=1):
        LadderStep.objects.create(ladder=ladder, order=order, **row)
    record_event(
        actor,
        "proposals.ladder_created",
        ladder,
        {
            "valid_from": valid_from.isoformat(),
            "steps": [{k: v.pk if isinstance(v, Organization) else v for k, v in row.items()} for row in rows],
        },
    )
    return ladder


def _metric_value(proposal: Proposal, metric: str) -> int:
    return proposal.support_count if metric == Metric.SUPPORTS else proposal.participant_count


def _owe_answer(
    actor: Actor,
    proposal: Proposal,
    organization: Organization,
    *,
    due_on: dt.date | None,
    step: LadderStep | None = None,
) -> Answer:
    answer = Answer.objects.create(proposal=proposal, step=step, organization=organization, due_on=due_on)
    record_event(
        actor,
        "proposals.answer_requested",
        answer,
        {"proposal": proposal.pk, "organization": organization.pk, "due_on": due_on.isoformat() if due_on else None},
    )
    notify(
        staff_user_ids(organization),
        "proposals.answer_requested",
        gettext_lazy("An answer is due on “%(title)s”."),
        subject=proposal,
        title=proposal.title,
    )
    return answer


def _reach(actor: Actor, proposal: Proposal, step: LadderStep, now: dt.datetime, *, promoted: bool) -> None:
    StepReached.objects.create(
        proposal=proposal, step=step, reached_at=now, promoted=promoted, count=_metric_value(proposal, step.metric)
    )
    steps = _steps(proposal)
    proposal.steps_reached = step.order
    following = next((s for s in steps if s.order == step.order + 1), None)
    proposal.deadline = _window_end(now, following)
    _aim_at(proposal, following)
    payload = {"step": step.order, "count": _metric_value(proposal, step.metric), "promoted": promoted}
    answerer_org = step.answer_organization or proposal.addressee
    if step.effect in {StepEffect.REVIEW, StepEffect.ANSWER}:
        due = timezone.localdate(now) + dt.timedelta(days=step.answer_days) if step.answer_days else None
        _owe_answer(actor, proposal, answerer_org, due_on=due, step=step)
    target = {StepEffect.DEBATE: ProposalStatus.DEBATE, StepEffect.REVIEW: ProposalStatus.UNDER_REVIEW}.get(
        StepEffect(step.effect)
    )
    if target is not None and target != proposal.status:
        _transition(actor, proposal, target, verb="proposals.step_reached", payload=payload)
    else:
        proposal.save(update_fields=["deadline", "steps_reached", "next_metric", "next_threshold", "updated_at"])
        record_event(actor, "proposals.step_reached", proposal, payload)
    notify(
        [
            *staff_user_ids(proposal.addressee),
            *staff_user_ids(answerer_org),
            *([proposal.author_user_id] if proposal.author_user_id else []),
        ],
        "proposals.step_reached",
        gettext_lazy("“%(title)s” reached the step “%(step)s”."),
        subject=proposal,
        title=proposal.title,
        step=step.name,
    )


def _advance(actor: Actor, proposal: Proposal, now: dt.datetime) -> None:
    """Reach every next step whose threshold the counts now meet (in order, each once)."""
    for step in _steps(proposal):
        if step.order <= proposal.steps_reached:
            continue
        if step.order != proposal.steps_reached + 1 or _metric_value(proposal, step.metric) < step.threshold:
            return
        _reach(actor, proposal, step, now, promoted=False)


def _window_open(proposal: Proposal, now: dt.datetime) -> None:
    if proposal.status not in OPEN_STATUSES:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    if proposal.deadline is not None and now > proposal.deadline:
        raise ConflictError(Code.CLOSED, _("The time for this step has run out."))
