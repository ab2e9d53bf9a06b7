"""What the proposals services share: permission refusals, row locks, status transitions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.core.queries import first_or_raise
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import ProposalStatus, Visibility
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Proposal
from hyeopchi.proposals.selectors import interested_user_ids
from hyeopchi.proposals.workflows import PROPOSAL_TRANSITIONS

TITLE_MIN, TITLE_MAX, BODY_MAX, COMMENT_MAX = 5, 200, 5000, 2000


REPORTS_BEFORE_HIDING = 3


DEFAULT_ANSWER_DAYS = 14


def _site_of(organization: Organization) -> Organization:
    if organization.site_id is None:
        raise ValidationFailedError(
            Code.INVALID_PROPOSAL,
            fields={"addressee": [_("This organization has no public site to receive proposals.")]},
        )
    return organization.site  # type: ignore[return-value]


def _locked(proposal: Proposal) -> Proposal:
    return first_or_raise(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("site", "addressee", "ladder")
        .filter(pk=proposal.pk),
        NotFoundError(Code.NOT_FOUND, _("There is no such proposal.")),
    )


def _locked_for_count(proposal: Proposal) -> Proposal:
    """The public proposal's row, locked, with only what counting a support or a participant
    needs (the hot path under load: the refusal is built only when needed); hidden proposals and
    drafts are not found."""
    found = (
        Proposal.objects.select_for_update()
        .only(*COUNT_FIELDS)
        .filter(pk=proposal.pk, visibility=Visibility.VISIBLE)
        .exclude(status=ProposalStatus.DRAFT)
        .first()
    )
    if found is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such proposal."))
    return found


COUNT_FIELDS = (
    "id",
    "site_id",
    "addressee_id",
    "author_user_id",
    "status",
    "deadline",
    "steps_reached",
    "support_count",
    "participant_count",
    "answered_at",
    "updated_at",
    "title",
    "ladder_id",
)


def _signed_in(actor: Actor) -> int:
    if actor.user_pk is None:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Sign in to take part."))
    return actor.user_pk


def _participant(actor: Actor, site: Organization | int) -> int:
    user_id = _signed_in(actor)
    if permissions.is_blocked(actor, site):
        raise PermissionDeniedError(
            Code.BLOCKED, _("A moderator has blocked your account from taking part on this site.")
        )
    return user_id


def _notify_status(proposal: Proposal, extra: Iterable[int] = ()) -> None:
    notify(
        [*interested_user_ids(proposal), *extra],
        "proposals.status_changed",
        gettext_lazy("“%(title)s”: %(status)s"),
        subject=proposal,
        title=proposal.title,
        status=ProposalStatus(proposal.status).label,
    )


def _transition(actor: Actor, proposal: Proposal, to: str, *, verb: str, payload: dict[str, Any] | None = None) -> None:
    previous = proposal.status
    if to not in PROPOSAL_TRANSITIONS[previous]:
        raise InvalidTransitionError(
            Code.CLOSED,
            _("A proposal that is “%(from)s” cannot become “%(to)s”.")
            % {"from": ProposalStatus(previous).label, "to": ProposalStatus(to).label},
        )
    proposal.status = to
    proposal.save(
        update_fields=[
            "status",
            "deadline",
            "answered_at",
            "steps_reached",
            "next_metric",
            "next_threshold",
            "updated_at",
        ]
    )
    record_event(actor, verb, proposal, {"status": [previous, to], **(payload or {})})
