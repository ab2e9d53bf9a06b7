"""Supports (공감) and debate participation, exact under concurrent clients."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, ValidationFailedError
from hyeopchi.proposals.enums import OPEN_STATUSES, Metric, Position, ProposalStatus
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import DebateParticipation, Proposal, Support
from hyeopchi.proposals.services._common import _locked, _locked_for_count, _participant, _signed_in
from hyeopchi.proposals.services.ladders import _advance, _window_open

# The counting hot path, one statement each: the UPDATE checks that the proposal is open and the
# person not blocked, and takes the row lock until commit; the INSERT refuses a second support.
_COUNT_SUPPORT = """
    UPDATE proposals_proposal SET support_count = support_count + 1
    WHERE id = %s AND visibility = 'visible' AND status IN ('submitted', 'debate', 'under_review')
      AND (deadline IS NULL OR deadline >= %s)
      AND NOT EXISTS (SELECT 1 FROM proposals_block b
                      WHERE b.site_id = proposals_proposal.site_id AND b.user_id = %s)
    RETURNING support_count, next_metric, next_threshold, status, steps_reached, participant_count,
      title
"""


_INSERT_SUPPORT = """
    INSERT INTO proposals_support (proposal_id, user_id, created_at) VALUES (%s, %s, %s)
    ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id
"""


@transaction.atomic
def support(*, actor: Actor, proposal: Proposal, now: dt.datetime | None = None) -> Proposal:
    """Add the actor's 공감; reaching a threshold moves the proposal up its ladder.

    Returns the proposal with its counts after the support (and its status, if a step was
    reached). Raises: PermissionDeniedError when not signed in or blocked; NotFoundError for a
    hidden proposal or a draft; ConflictError when the proposal is closed or its window has run
    out, or the person already supports it.
    """
    now = now or timezone.now()
    user_id = _signed_in(actor)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        # The INSERT first: the proposal's row lock, which every supporter of the proposal
        # waits for, is then taken as late as possible (a refused count undoes the INSERT).
        cursor.execute(_INSERT_SUPPORT, [proposal.pk, user_id, stamp])
        if cursor.fetchone() is None:
            _explain_refusal(actor, proposal, now, already_supported=True)
        cursor.execute(_COUNT_SUPPORT, [proposal.pk, stamp, user_id])
        counted = cursor.fetchone()
        if counted is None:
            _explain_refusal(actor, proposal, now)
    support_count, next_metric, next_threshold, status, steps_reached, participants, title = counted
    counts = Proposal(
        pk=proposal.pk,
        title=title,
        status=status,
        steps_reached=steps_reached,
        support_count=support_count,
        participant_count=participants,
    )
    counts._state.adding = False
    record_event(actor, "proposals.supported", counts, {"supports": support_count})
    if next_metric == Metric.SUPPORTS and next_threshold is not None and support_count >= next_threshold:
        locked = _locked_for_count(proposal)  # this transaction holds the row already
        _advance(actor, locked, now)
        return locked
    return counts


def _explain_refusal(
    actor: Actor, proposal: Proposal, now: dt.datetime, *, already_supported: bool = False
) -> NoReturn:
    """Raise the error that says why the support was refused: the proposal's state and the
    person's standing first, a second support last."""
    found = _locked_for_count(proposal)
    _participant(actor, found.site_id)
    _window_open(found, now)
    if already_supported and found.status in OPEN_STATUSES:
        raise ConflictError(Code.ALREADY_SUPPORTED, _("You already support this proposal."))
    raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))


@transaction.atomic
def withdraw_support(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Take one's 공감 back while the proposal is open; steps already reached stay reached."""
    proposal = _locked(proposal)
    user_id = _signed_in(actor)
    if proposal.status not in OPEN_STATUSES:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    deleted, _rows = Support.objects.filter(proposal=proposal, user_id=user_id).delete()
    if not deleted:
        raise ConflictError(Code.NOT_SUPPORTED, _("You do not support this proposal."))
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    proposal.support_count -= 1
    record_event(actor, "proposals.support_withdrawn", proposal, {"supports": proposal.support_count})
    return proposal


def _participate(proposal: Proposal, user_id: int, position: str | None) -> bool:
    """Record a participation once; True when it is the person's first."""
    existing = DebateParticipation.objects.filter(proposal=proposal, user_id=user_id).first()
    if existing is not None:
        if position and position != existing.position:
            existing.position = position
            existing.save(update_fields=["position"])
        return False
    DebateParticipation.objects.create(proposal=proposal, user_id=user_id, position=position or Position.NEUTRAL)
    Proposal.objects.filter(pk=proposal.pk).update(participant_count=F("participant_count") + 1)
    proposal.participant_count += 1
    return True


@transaction.atomic
def join_debate(
    *, actor: Actor, proposal: Proposal, position: str = Position.NEUTRAL, now: dt.datetime | None = None
) -> Proposal:
    """Take part in an open debate with a position (for, against, neutral); counted once a person."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    user_id = _participant(actor, proposal.site)
    if proposal.status != ProposalStatus.DEBATE:
        raise ConflictError(Code.CLOSED, _("This proposal has no open debate."))
    _window_open(proposal, now)
    if position not in Position.values:
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={"position": [_("Choose a position.")]})
    first = _participate(proposal, user_id, position)
    record_event(actor, "proposals.debate_joined", proposal, {"position": position})
    if first:
        _advance(actor, proposal, now)
    return proposal
