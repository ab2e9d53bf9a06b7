"""Writing, submitting, withdrawing, expiring and following proposals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import ProposalKind, ProposalStatus
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Follow, Proposal, Revision
from hyeopchi.proposals.selectors import current_ladder
from hyeopchi.proposals.services._common import (
    BODY_MAX,
    DEFAULT_ANSWER_DAYS,
    TITLE_MAX,
    TITLE_MIN,
    _locked,
    _notify_status,
    _participant,
    _signed_in,
    _site_of,
    _transition,
)
from hyeopchi.proposals.services.ladders import _aim_at, _owe_answer, _steps, _window_end


def _check_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    fields: dict[str, list[str]] = {}
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        fields["title"] = [_("Write a title of %(min)s to %(max)s characters.") % {"min": TITLE_MIN, "max": TITLE_MAX}]
    if not body:
        fields["body"] = [_("Write what you propose.")]
    elif len(body) > BODY_MAX:
        fields["body"] = [_("Keep the proposal within %(max)s characters.") % {"max": BODY_MAX}]
    if "\x00" in title or "\x00" in body:
        fields["body"] = [_("The text contains characters that cannot be stored.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROPOSAL, fields=fields)
    return title, body


@transaction.atomic
def create_proposal(
    *,
    actor: Actor,
    addressee: Organization,
    title: str,
    body: str,
    kind: str = ProposalKind.CITIZEN,
    title_en: str = "",
    author_organization: Organization | None = None,
    round_number: int | None = None,
    number: int | None = None,
    source: Proposal | None = None,
    submit: bool = True,
    answer_days: int = DEFAULT_ANSWER_DAYS,
    now: dt.datetime | None = None,
) -> Proposal:
    """Write a proposal (and submit it unless ``submit`` is false: a draft).

    A citizen proposal climbs the site's ladder in force. A committee recommendation or a
    consultation item is written in an organization's name and goes straight to review, with an
    answer owed by the addressee within ``answer_days``.
    Raises: PermissionDeniedError; ValidationFailedError for the text, a missing organization or
    number; ConflictError for a recommendation number already used in the round.
    """
    site = _site_of(addressee)
    title, body = _check_text(title, body)
    if kind not in ProposalKind.values:
        raise ValidationFailedError(Code.INVALID_PROPOSAL, fields={"kind": [_("Choose a kind.")]})
    author_user_id: int | None = None
    if kind == ProposalKind.CITIZEN:
        author_user_id = _participant(actor, site)
        author_organization = None
    else:
        if author_organization is None:
            raise ValidationFailedError(
                Code.INVALID_PROPOSAL, fields={"author_organization": [_("Say which organization makes it.")]}
            )
        if not permissions.can_write_for(actor, author_organization):
            raise PermissionDeniedError(
                Code.NOT_ALLOWED, _("Only the organization's administrators and secretaries can write in its name.")
            )
        author_user_id = actor.user_pk
    if kind == ProposalKind.RECOMMENDATION:
        if number is None or number < 1:
            raise ValidationFailedError(
                Code.INVALID_PROPOSAL, fields={"number": [_("Give the recommendation's number.")]}
            )
        taken = Proposal.objects.filter(
            kind=kind, author_organization=author_organization, round_number=round_number or 1, number=number
        )
        if taken.exists():
            raise ConflictError(
                Code.INVALID_PROPOSAL,
                _("Recommendation no. %(number)s of this round already exists.") % {"number": number},
            )
        round_number = round_number or 1
    else:
        round_number = number = None
    proposal = Proposal.objects.create(
        site=site,
        kind=kind,
        title=title,
        title_en=title_en.strip(),
        body=body,
        author_user_id=author_user_id,
        author_organization=author_organization,
        addressee=addressee,
        round_number=round_number,
        number=number,
        source=source,
    )
    record_event(
        actor,
        "proposals.proposal_created",
        proposal,
        {"kind": kind, "addressee": addressee.pk, "source": getattr(source, "pk", None)},
    )
    if author_user_id is not None and kind == ProposalKind.CITIZEN:
        Follow.objects.create(proposal=proposal, user_id=author_user_id)
    if submit:
        submit_proposal(actor=actor, proposal=proposal, now=now, answer_days=answer_days)
        proposal.refresh_from_db()
    return proposal


@transaction.atomic
def submit_proposal(
    *, actor: Actor, proposal: Proposal, now: dt.datetime | None = None, answer_days: int = DEFAULT_ANSWER_DAYS
) -> Proposal:
    """Publish a draft: citizen proposals start their ladder, the others go to review."""
    proposal = _locked(proposal)
    if not _is_author(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the author can submit this proposal."))
    now = now or timezone.now()
    proposal.submitted_at = now
    if proposal.kind == ProposalKind.CITIZEN:
        proposal.ladder = current_ladder(proposal.site, timezone.localdate(now))
        steps = _steps(proposal)
        proposal.deadline = _window_end(now, steps[0] if steps else None)
        _aim_at(proposal, steps[0] if steps else None)
        proposal.save(
            update_fields=["submitted_at", "ladder", "deadline", "next_metric", "next_threshold", "updated_at"]
        )
        _transition(
            actor,
            proposal,
            ProposalStatus.SUBMITTED,
            verb="proposals.proposal_submitted",
            payload={"ladder": proposal.ladder_id},
        )
        return proposal
    proposal.save(update_fields=["submitted_at", "updated_at"])
    _transition(actor, proposal, ProposalStatus.SUBMITTED, verb="proposals.proposal_submitted")
    _owe_answer(actor, proposal, proposal.addressee, due_on=timezone.localdate(now) + dt.timedelta(days=answer_days))
    _transition(actor, proposal, ProposalStatus.UNDER_REVIEW, verb="proposals.review_started")
    return proposal


def _is_author(actor: Actor, proposal: Proposal) -> bool:
    if actor.is_system:
        return True
    if proposal.author_user_id is not None and proposal.author_user_id == actor.user_pk:
        return True
    return proposal.author_organization is not None and permissions.can_write_for(actor, proposal.author_organization)


@transaction.atomic
def edit_proposal(
    *, actor: Actor, proposal: Proposal, title: str, body: str, now: dt.datetime | None = None
) -> Proposal:
    """The author rewrites a proposal nobody has supported yet (``Proposal.is_editable``); the
    text it replaces is kept as a revision for moderators.

    Raises: PermissionDeniedError unless the author; ConflictError once it has a support, a debate
    participant or an answer, or is closed (it can then only be withdrawn); ValidationFailedError."""
    proposal = _locked(proposal)
    if not _is_author(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the author can edit this proposal."))
    if not proposal.is_editable:
        raise ConflictError(
            Code.NOT_EDITABLE,
            _("People have supported this proposal, or it is closed: it can no longer be edited, only withdrawn."),
        )
    title, body = _check_text(title, body)
    if (title, body) == (proposal.title, proposal.body):
        return proposal
    Revision.objects.create(
        proposal=proposal,
        change=Revision.Change.EDITED,
        title=proposal.title,
        body=proposal.body,
        replaced_at=now or timezone.now(),
    )
    proposal.title, proposal.body = title, body
    proposal.save(update_fields=["title", "body", "updated_at"])
    record_event(actor, "proposals.proposal_edited", proposal, {})
    return proposal


@transaction.atomic
def withdraw_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The author takes a proposal back before it is answered."""
    proposal = _locked(proposal)
    if not _is_author(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the author can withdraw this proposal."))
    proposal.deadline = None
    _transition(actor, proposal, ProposalStatus.WITHDRAWN, verb="proposals.proposal_withdrawn")
    _notify_status(proposal)
    return proposal


@transaction.atomic
def expire_overdue(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Close every proposal whose window ran out before its next step; returns how many."""
    now = now or timezone.now()
    due = Proposal.objects.filter(
        status__in=[ProposalStatus.SUBMITTED, ProposalStatus.DEBATE], deadline__lt=now
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        proposal = _locked(Proposal(pk=pk))
        if proposal.deadline is None or proposal.deadline >= now:
            continue
        ended = proposal.deadline
        proposal.deadline = None
        _transition(
            actor,
            proposal,
            ProposalStatus.EXPIRED,
            verb="proposals.proposal_expired",
            payload={"window_ended": ended.isoformat()},
        )
        _notify_status(proposal)
        count += 1
    return count


@transaction.atomic
def follow(*, actor: Actor, proposal: Proposal, on: bool = True) -> None:
    """Follow (or stop following) a proposal's answers and status changes."""
    user_id = _signed_in(actor)
    if on:
        Follow.objects.get_or_create(proposal=proposal, user_id=user_id)
    else:
        Follow.objects.filter(proposal=proposal, user_id=user_id).delete()
