"""Official answers, promotion by the addressee's staff, and committee recommendations (권고)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import ANSWERED_STATUSES, OPEN_STATUSES, AnswerOutcome, ProposalKind, ProposalStatus
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Answer, Proposal
from hyeopchi.proposals.selectors import interested_user_ids
from hyeopchi.proposals.services._common import _locked, _notify_status, _transition
from hyeopchi.proposals.services.ladders import _owe_answer, _reach, _steps
from hyeopchi.proposals.services.proposals import create_proposal


@transaction.atomic
def promote(*, actor: Actor, proposal: Proposal, reason: str, now: dt.datetime | None = None) -> Proposal:
    """Move a proposal to its next step below the threshold (e.g. Seoul's 의제선정단)."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    if not permissions.can_manage_answers(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the addressee's staff can promote a proposal."))
    if not reason.strip():
        raise ValidationFailedError(Code.INVALID_PROPOSAL, fields={"reason": [_("Say why it is promoted.")]})
    following = [s for s in _steps(proposal) if s.order == proposal.steps_reached + 1]
    if proposal.status not in OPEN_STATUSES | {ProposalStatus.EXPIRED} or not following:
        raise ConflictError(Code.CLOSED, _("This proposal has no further step."))
    if proposal.status == ProposalStatus.EXPIRED:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    _reach(actor, proposal, following[0], now, promoted=True)
    record_event(actor, "proposals.promoted", proposal, {"reason": reason.strip()})
    return proposal


@transaction.atomic
def request_answer(*, actor: Actor, proposal: Proposal, organization: Organization, due_on: dt.date | None) -> Answer:
    """Ask a department for an answer, e.g. to a proposal below every threshold."""
    proposal = _locked(proposal)
    if not permissions.can_manage_answers(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the addressee's staff can ask for an answer."))
    if proposal.status in ANSWERED_STATUSES | {ProposalStatus.WITHDRAWN, ProposalStatus.DRAFT}:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    if organization.site_id != proposal.site_id:
        raise ValidationFailedError(
            Code.INVALID_ANSWER, fields={"organization": [_("Choose an organization of the same site.")]}
        )
    return _owe_answer(actor, proposal, organization, due_on=due_on)


@transaction.atomic
def give_answer(
    *,
    actor: Actor,
    answer: Answer,
    outcome: str,
    text: str,
    respondent: Person | None = None,
    text_en: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """Publish an official answer; accepted / partially / not accepted close the proposal.

    Raises: PermissionDeniedError unless the answering organization's staff; ConflictError for an
    answer already given; ValidationFailedError for an empty text or an unknown outcome.
    """
    now = now or timezone.now()
    proposal = _locked(answer.proposal)
    answer = Answer.objects.select_for_update(of=("self",)).select_related("organization").get(pk=answer.pk)
    if not permissions.can_answer(actor, answer):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the answering organization's administrators and secretaries can answer.")
        )
    if answer.answered_at is not None:
        raise ConflictError(Code.INVALID_ANSWER, _("This answer was already given."))
    fields: dict[str, list[str]] = {}
    if outcome not in AnswerOutcome.values:
        fields["outcome"] = [_("Choose the outcome.")]
    if not text.strip():
        fields["text"] = [_("Write the answer.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_ANSWER, fields=fields)
    answer.outcome, answer.text, answer.text_en = outcome, text.strip(), text_en.strip()
    answer.respondent, answer.answered_at = respondent, now
    answer.save()
    record_event(
        actor, "proposals.answer_given", answer, {"proposal": proposal.pk, "outcome": outcome, "text": answer.text}
    )
    if outcome != AnswerOutcome.REPLIED:
        proposal.answered_at, proposal.deadline = now, None
        _transition(actor, proposal, outcome, verb="proposals.proposal_answered", payload={"answer": answer.pk})
        _notify_status(proposal)
    else:
        notify(
            interested_user_ids(proposal),
            "proposals.answer_given",
            gettext_lazy("“%(title)s” has an answer."),
            subject=proposal,
            title=proposal.title,
        )
    return answer


@transaction.atomic
def make_recommendation(
    *,
    actor: Actor,
    source: Proposal,
    committee: Organization,
    round_number: int,
    number: int,
    title: str = "",
    body: str = "",
    addressee: Organization | None = None,
) -> Proposal:
    """A committee turns a citizen proposal into its numbered recommendation (권고)."""
    recommendation = create_proposal(
        actor=actor,
        addressee=addressee or source.addressee,
        kind=ProposalKind.RECOMMENDATION,
        title=title or source.title,
        body=body or source.body,
        author_organization=committee,
        round_number=round_number,
        number=number,
        source=source,
    )
    notify(
        interested_user_ids(source),
        "proposals.recommended",
        gettext_lazy("“%(title)s” became a committee recommendation."),
        subject=recommendation,
        title=source.title,
    )
    return recommendation
