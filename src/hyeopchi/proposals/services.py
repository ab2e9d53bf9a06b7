"""Every write to proposals: writing, the ladder, supports, debates, answers and moderation.

Each service runs in one transaction, leaves an audit event for each status change and sends its
notifications after commit. Supports and debate participation lock the proposal row, so counts and
the steps they trigger are exact under concurrent clients.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.i18n import bilingual
from hyeopchi.core.notifications import notify
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization, OrganizationRole, Person
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    Answerer,
    AnswerOutcome,
    Metric,
    Position,
    ProposalKind,
    ProposalStatus,
    ReportReason,
    StepEffect,
    Visibility,
)
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import (
    Answer,
    Block,
    Comment,
    DebateParticipation,
    Follow,
    Ladder,
    LadderStep,
    Proposal,
    Report,
    StepReached,
    Support,
)
from hyeopchi.proposals.workflows import PROPOSAL_TRANSITIONS

TITLE_MIN, TITLE_MAX, BODY_MAX, COMMENT_MAX = 5, 200, 5000, 2000
REPORTS_BEFORE_HIDING = 3
DEFAULT_ANSWER_DAYS = 14


# --- helpers -------------------------------------------------------------------------------


def _site_of(organization: Organization) -> Organization:
    if organization.site_id is None:
        raise ValidationFailedError(
            Code.INVALID_PROPOSAL,
            fields={"addressee": [_("This organization has no public site to receive proposals.")]},
        )
    return organization.site  # type: ignore[return-value]


def _locked(proposal: Proposal) -> Proposal:
    found = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("site", "addressee", "ladder")
        .filter(pk=proposal.pk)
        .first()
    )
    if found is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such proposal."))
    return found


def _locked_for_count(proposal: Proposal) -> Proposal:
    """The public proposal's row, locked, with only what counting a support or a participant
    needs (the hot path under load); hidden proposals and drafts are not found."""
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


COUNT_FIELDS = ("id", "site_id", "addressee_id", "author_user_id", "status", "deadline",
                "steps_reached", "support_count", "participant_count", "answered_at",
                "updated_at", "title", "ladder_id")  # fmt: skip


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


def proposal_url(proposal: Proposal) -> str:
    try:
        with override("ko"):  # the address without a language prefix, for everyone
            return reverse(
                "web:proposal", kwargs={"site": proposal.site.site_slug, "pk": proposal.pk}
            )
    except NoReverseMatch:
        return ""


def staff_user_ids(organization: Organization) -> list[int]:
    """Administrators and secretaries of an organization: who hears it must act."""
    return list(
        OrganizationRole.objects.filter(
            organization=organization,
            role__in=[OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY],
        ).values_list("user_id", flat=True)
    )


def interested_user_ids(proposal: Proposal) -> set[int]:
    """Authors, followers and supporters of a proposal."""
    ids = set(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    ids.update(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.author_user_id is not None:
        ids.add(proposal.author_user_id)
    return ids


def _notify_status(proposal: Proposal, extra: Iterable[int] = ()) -> None:
    korean, english = bilingual(gettext_lazy("“%(title)s”: %(status)s"), title=proposal.title,
                                 status=ProposalStatus(proposal.status).label)  # fmt: skip
    notify(user_ids=[*interested_user_ids(proposal), *extra], verb="proposals.status_changed",
           title=korean, title_en=english, url=proposal_url(proposal))  # fmt: skip


def _transition(
    actor: Actor, proposal: Proposal, to: str, *, verb: str, payload: dict[str, Any] | None = None
) -> None:
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
        ]  # fmt: skip
    )
    record_event(actor=actor, verb=verb, target=proposal,
                 payload={"status": [previous, to], **(payload or {})})  # fmt: skip


def current_ladder(site: Organization, on: dt.date) -> Ladder | None:
    return (
        Ladder.objects.filter(site=site, valid_from__lte=on)
        .order_by("-valid_from")
        .prefetch_related("steps")
        .first()
    )


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


# --- ladders ---------------------------------------------------------------------------------


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
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the site's administrators can set thresholds.")
        )
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
            errors.append(
                _("Step %(n)s: the threshold is lower than an earlier step's.") % {"n": order}
            )
        last[str(metric)] = threshold
        effect = row.get("effect")
        if effect not in StepEffect.values:
            errors.append(_("Step %(n)s: choose what the step does.") % {"n": order})
        if (
            effect in {StepEffect.REVIEW, StepEffect.ANSWER}
            and row.get("answerer") not in Answerer.values
        ):
            errors.append(_("Step %(n)s: say who answers.") % {"n": order})
    if Ladder.objects.filter(site=site, valid_from=valid_from).exists():
        errors.append(_("This site already has a ladder from that date."))
    if errors:
        raise ValidationFailedError(Code.INVALID_LADDER, fields={"steps": errors})
    ladder = Ladder.objects.create(site=site, name=name, name_en=name_en,
                                   valid_from=valid_from, basis=basis)  # fmt: skip
    for order, row in enumerate(rows, start=1):
        LadderStep.objects.create(ladder=ladder, order=order, **row)
    record_event(actor=actor, verb="proposals.ladder_created", target=ladder, payload={
        "valid_from": valid_from.isoformat(),
        "steps": [{k: (v.pk if isinstance(v, Organization) else v) for k, v in row.items()}
                  for row in rows],
    })  # fmt: skip
    return ladder


# --- writing ---------------------------------------------------------------------------------


def _check_text(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    fields: dict[str, list[str]] = {}
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        fields["title"] = [
            _("Write a title of %(min)s to %(max)s characters.")
            % {"min": TITLE_MIN, "max": TITLE_MAX}
        ]
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
            raise ValidationFailedError(Code.INVALID_PROPOSAL, fields={
                "author_organization": [_("Say which organization makes it.")]})  # fmt: skip
        if not permissions.can_write_for(actor, author_organization):
            raise PermissionDeniedError(Code.NOT_ALLOWED, _(
                "Only the organization's administrators and secretaries can write in its name."))  # fmt: skip
        author_user_id = actor.user_pk
    if kind == ProposalKind.RECOMMENDATION:
        if number is None or number < 1:
            raise ValidationFailedError(Code.INVALID_PROPOSAL, fields={
                "number": [_("Give the recommendation's number.")]})  # fmt: skip
        taken = Proposal.objects.filter(kind=kind, author_organization=author_organization,
                                        round_number=round_number or 1, number=number)  # fmt: skip
        if taken.exists():
            raise ConflictError(Code.INVALID_PROPOSAL, _(
                "Recommendation no. %(number)s of this round already exists.") % {"number": number})  # fmt: skip
        round_number = round_number or 1
    else:
        round_number = number = None
    proposal = Proposal.objects.create(
        site=site, kind=kind, title=title, title_en=title_en.strip(), body=body,
        author_user_id=author_user_id, author_organization=author_organization,
        addressee=addressee, round_number=round_number, number=number, source=source,
    )  # fmt: skip
    record_event(actor=actor, verb="proposals.proposal_created", target=proposal,
                 payload={"kind": kind, "addressee": addressee.pk, "source": getattr(source, "pk", None)})  # fmt: skip
    if author_user_id is not None and kind == ProposalKind.CITIZEN:
        Follow.objects.create(proposal=proposal, user_id=author_user_id)
    if submit:
        submit_proposal(actor=actor, proposal=proposal, now=now, answer_days=answer_days)
        proposal.refresh_from_db()
    return proposal


@transaction.atomic
def submit_proposal(
    *,
    actor: Actor,
    proposal: Proposal,
    now: dt.datetime | None = None,
    answer_days: int = DEFAULT_ANSWER_DAYS,
) -> Proposal:
    """Publish a draft: citizen proposals start their ladder, the others go to review."""
    proposal = _locked(proposal)
    if not _is_author(actor, proposal):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the author can submit this proposal.")
        )
    now = now or timezone.now()
    proposal.submitted_at = now
    if proposal.kind == ProposalKind.CITIZEN:
        proposal.ladder = current_ladder(proposal.site, timezone.localdate(now))
        steps = _steps(proposal)
        proposal.deadline = _window_end(now, steps[0] if steps else None)
        _aim_at(proposal, steps[0] if steps else None)
        proposal.save(update_fields=["submitted_at", "ladder", "deadline", "next_metric",
                                     "next_threshold", "updated_at"])  # fmt: skip
        _transition(actor, proposal, ProposalStatus.SUBMITTED, verb="proposals.proposal_submitted",
                    payload={"ladder": proposal.ladder_id})  # fmt: skip
        return proposal
    proposal.save(update_fields=["submitted_at", "updated_at"])
    _transition(actor, proposal, ProposalStatus.SUBMITTED, verb="proposals.proposal_submitted")
    _owe_answer(
        actor,
        proposal,
        proposal.addressee,
        due_on=timezone.localdate(now) + dt.timedelta(days=answer_days),
    )
    _transition(actor, proposal, ProposalStatus.UNDER_REVIEW, verb="proposals.review_started")
    return proposal


def _is_author(actor: Actor, proposal: Proposal) -> bool:
    if actor.is_system:
        return True
    if proposal.author_user_id is not None and proposal.author_user_id == actor.user_pk:
        return True
    return proposal.author_organization is not None and permissions.can_write_for(
        actor, proposal.author_organization
    )


@transaction.atomic
def withdraw_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """The author takes a proposal back before it is answered."""
    proposal = _locked(proposal)
    if not _is_author(actor, proposal):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the author can withdraw this proposal.")
        )
    proposal.deadline = None
    _transition(actor, proposal, ProposalStatus.WITHDRAWN, verb="proposals.proposal_withdrawn")
    _notify_status(proposal)
    return proposal


# --- the ladder --------------------------------------------------------------------------------


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
    answer = Answer.objects.create(
        proposal=proposal, step=step, organization=organization, due_on=due_on
    )
    record_event(actor=actor, verb="proposals.answer_requested", target=answer, payload={
        "proposal": proposal.pk, "organization": organization.pk,
        "due_on": due_on.isoformat() if due_on else None})  # fmt: skip
    korean, english = bilingual(
        gettext_lazy("An answer is due on “%(title)s”."), title=proposal.title
    )
    notify(user_ids=staff_user_ids(organization), verb="proposals.answer_requested",
           title=korean, title_en=english, url=proposal_url(proposal))  # fmt: skip
    return answer


def _reach(
    actor: Actor, proposal: Proposal, step: LadderStep, now: dt.datetime, *, promoted: bool
) -> None:
    StepReached.objects.create(proposal=proposal, step=step, reached_at=now, promoted=promoted,
                               count=_metric_value(proposal, step.metric))  # fmt: skip
    steps = _steps(proposal)
    proposal.steps_reached = step.order
    following = next((s for s in steps if s.order == step.order + 1), None)
    proposal.deadline = _window_end(now, following)
    _aim_at(proposal, following)
    payload = {
        "step": step.order,
        "count": _metric_value(proposal, step.metric),
        "promoted": promoted,
    }
    answerer_org = step.answer_organization or proposal.addressee
    if step.effect in {StepEffect.REVIEW, StepEffect.ANSWER}:
        due = (
            timezone.localdate(now) + dt.timedelta(days=step.answer_days)
            if step.answer_days
            else None
        )
        _owe_answer(actor, proposal, answerer_org, due_on=due, step=step)
    target = {
        StepEffect.DEBATE: ProposalStatus.DEBATE,
        StepEffect.REVIEW: ProposalStatus.UNDER_REVIEW,
    }.get(StepEffect(step.effect))
    if target is not None and target != proposal.status:
        _transition(actor, proposal, target, verb="proposals.step_reached", payload=payload)
    else:
        proposal.save(update_fields=["deadline", "steps_reached", "next_metric", "next_threshold",
                                     "updated_at"])  # fmt: skip
        record_event(actor=actor, verb="proposals.step_reached", target=proposal, payload=payload)
    korean, english = bilingual(gettext_lazy("“%(title)s” reached the step “%(step)s”."), title=proposal.title,
                                 step=step.name)  # fmt: skip
    notify(user_ids=[*staff_user_ids(proposal.addressee), *staff_user_ids(answerer_org),
                     *([proposal.author_user_id] if proposal.author_user_id else [])],
           verb="proposals.step_reached", title=korean, title_en=english, url=proposal_url(proposal))  # fmt: skip


def _advance(actor: Actor, proposal: Proposal, now: dt.datetime) -> None:
    """Reach every next step whose threshold the counts now meet (in order, each once)."""
    for step in _steps(proposal):
        if step.order <= proposal.steps_reached:
            continue
        if (
            step.order != proposal.steps_reached + 1
            or _metric_value(proposal, step.metric) < step.threshold
        ):
            return
        _reach(actor, proposal, step, now, promoted=False)


def _window_open(proposal: Proposal, now: dt.datetime) -> None:
    if proposal.status not in OPEN_STATUSES:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    if proposal.deadline is not None and now > proposal.deadline:
        raise ConflictError(Code.CLOSED, _("The time for this step has run out."))


# The counting hot path, one statement each: the UPDATE checks that the proposal is open and the
# person not blocked, and takes the row lock until commit; the INSERT refuses a second support.
_COUNT_SUPPORT = """
    UPDATE proposals_proposal SET support_count = support_count + 1
    WHERE id = %s AND visibility = 'visible' AND status IN ('submitted', 'debate', 'under_review')
      AND (deadline IS NULL OR deadline >= %s)
      AND NOT EXISTS (SELECT 1 FROM proposals_block b
                      WHERE b.site_id = proposals_proposal.site_id AND b.user_id = %s)
    RETURNING support_count, next_metric, next_threshold, status, steps_reached, participant_count
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
        cursor.execute(_COUNT_SUPPORT, [proposal.pk, stamp, user_id])
        counted = cursor.fetchone()
        if counted is None:
            _explain_refusal(actor, proposal, now)
        cursor.execute(_INSERT_SUPPORT, [proposal.pk, user_id, stamp])
        if cursor.fetchone() is None:
            raise ConflictError(Code.ALREADY_SUPPORTED, _("You already support this proposal."))
    support_count, next_metric, next_threshold, status, steps_reached, participants = counted
    if (
        next_metric == Metric.SUPPORTS
        and next_threshold is not None
        and support_count >= next_threshold
    ):
        locked = _locked_for_count(proposal)  # this transaction holds the row already
        _advance(actor, locked, now)
        return locked
    counts = Proposal(pk=proposal.pk, status=status, steps_reached=steps_reached,
                      support_count=support_count, participant_count=participants)  # fmt: skip
    counts._state.adding = False
    return counts


def _explain_refusal(actor: Actor, proposal: Proposal, now: dt.datetime) -> None:
    """Raise the error that says why the counting statement matched no row."""
    found = _locked_for_count(proposal)
    _participant(actor, found.site_id)
    _window_open(found, now)
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
    return proposal


def _participate(proposal: Proposal, user_id: int, position: str | None) -> bool:
    """Record a participation once; True when it is the person's first."""
    existing = DebateParticipation.objects.filter(proposal=proposal, user_id=user_id).first()
    if existing is not None:
        if position and position != existing.position:
            existing.position = position
            existing.save(update_fields=["position"])
        return False
    DebateParticipation.objects.create(proposal=proposal, user_id=user_id,
                                       position=position or Position.NEUTRAL)  # fmt: skip
    Proposal.objects.filter(pk=proposal.pk).update(participant_count=F("participant_count") + 1)
    proposal.participant_count += 1
    return True


@transaction.atomic
def join_debate(
    *,
    actor: Actor,
    proposal: Proposal,
    position: str = Position.NEUTRAL,
    now: dt.datetime | None = None,
) -> Proposal:
    """Take part in an open debate with a position (for, against, neutral); counted once a person."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    user_id = _participant(actor, proposal.site)
    if proposal.status != ProposalStatus.DEBATE:
        raise ConflictError(Code.CLOSED, _("This proposal has no open debate."))
    _window_open(proposal, now)
    if position not in Position.values:
        raise ValidationFailedError(
            Code.INVALID_COMMENT, fields={"position": [_("Choose a position.")]}
        )
    if _participate(proposal, user_id, position):
        _advance(actor, proposal, now)
    return proposal


@transaction.atomic
def promote(
    *, actor: Actor, proposal: Proposal, reason: str, now: dt.datetime | None = None
) -> Proposal:
    """Move a proposal to its next step below the threshold (e.g. Seoul's 의제선정단)."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    if not permissions.can_manage_answers(actor, proposal):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the addressee's staff can promote a proposal.")
        )
    if not reason.strip():
        raise ValidationFailedError(
            Code.INVALID_PROPOSAL, fields={"reason": [_("Say why it is promoted.")]}
        )
    following = [s for s in _steps(proposal) if s.order == proposal.steps_reached + 1]
    if proposal.status not in OPEN_STATUSES | {ProposalStatus.EXPIRED} or not following:
        raise ConflictError(Code.CLOSED, _("This proposal has no further step."))
    if proposal.status == ProposalStatus.EXPIRED:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    _reach(actor, proposal, following[0], now, promoted=True)
    record_event(
        actor=actor, verb="proposals.promoted", target=proposal, payload={"reason": reason.strip()}
    )
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
        _transition(actor, proposal, ProposalStatus.EXPIRED, verb="proposals.proposal_expired",
                    payload={"window_ended": ended.isoformat()})  # fmt: skip
        _notify_status(proposal)
        count += 1
    return count


# --- answers -----------------------------------------------------------------------------------


@transaction.atomic
def request_answer(
    *, actor: Actor, proposal: Proposal, organization: Organization, due_on: dt.date | None
) -> Answer:
    """Ask a department for an answer, e.g. to a proposal below every threshold."""
    proposal = _locked(proposal)
    if not permissions.can_manage_answers(actor, proposal):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the addressee's staff can ask for an answer.")
        )
    if proposal.status in ANSWERED_STATUSES | {ProposalStatus.WITHDRAWN, ProposalStatus.DRAFT}:
        raise ConflictError(Code.CLOSED, _("This proposal is no longer open."))
    if organization.site_id != proposal.site_id:
        raise ValidationFailedError(Code.INVALID_ANSWER, fields={
            "organization": [_("Choose an organization of the same site.")]})  # fmt: skip
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
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=answer.pk)
    )
    if not permissions.can_answer(actor, answer):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _(
            "Only the answering organization's administrators and secretaries can answer."))  # fmt: skip
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
    record_event(actor=actor, verb="proposals.answer_given", target=answer,
                 payload={"proposal": proposal.pk, "outcome": outcome, "text": answer.text})  # fmt: skip
    if outcome != AnswerOutcome.REPLIED:
        proposal.answered_at, proposal.deadline = now, None
        _transition(actor, proposal, outcome, verb="proposals.proposal_answered",
                    payload={"answer": answer.pk})  # fmt: skip
        _notify_status(proposal)
    else:
        korean, english = bilingual(
            gettext_lazy("“%(title)s” has an answer."), title=proposal.title
        )
        notify(user_ids=interested_user_ids(proposal), verb="proposals.answer_given",
               title=korean, title_en=english, url=proposal_url(proposal))  # fmt: skip
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
        actor=actor, addressee=addressee or source.addressee, kind=ProposalKind.RECOMMENDATION,
        title=title or source.title, body=body or source.body, author_organization=committee,
        round_number=round_number, number=number, source=source,
    )  # fmt: skip
    korean, english = bilingual(
        gettext_lazy("“%(title)s” became a committee recommendation."), title=source.title
    )
    notify(user_ids=interested_user_ids(source), verb="proposals.recommended",
           title=korean, title_en=english, url=proposal_url(recommendation))  # fmt: skip
    return recommendation


# --- comments and moderation ------------------------------------------------------------------


@transaction.atomic
def add_comment(
    *, actor: Actor, proposal: Proposal, body: str, parent: Comment | None = None,
    now: dt.datetime | None = None,
) -> Comment:  # fmt: skip
    """Comment on a proposal, or reply to a top-level comment; in a debate it counts as taking part."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    user_id = _participant(actor, proposal.site)
    body = body.strip()
    if proposal.status in {ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN}:
        raise ConflictError(Code.CLOSED, _("Comments are closed on this proposal."))
    if not body or len(body) > COMMENT_MAX or "\x00" in body:
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={
            "body": [_("Write a comment of up to %(max)s characters.") % {"max": COMMENT_MAX}]})  # fmt: skip
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationFailedError(Code.INVALID_COMMENT, fields={
                "parent": [_("Reply to a comment on the same proposal.")]})  # fmt: skip
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    comment = Comment.objects.create(proposal=proposal, author_id=user_id, parent=parent, body=body)
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    proposal.comment_count += 1
    if (
        proposal.status == ProposalStatus.DEBATE
        and (proposal.deadline is None or now <= proposal.deadline)
        and _participate(proposal, user_id, None)
    ):
        _advance(actor, proposal, now)
    return comment


@transaction.atomic
def report_content(
    *,
    actor: Actor,
    reason: str,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    note: str = "",
) -> Report:
    """Report a proposal or a comment; the third report hides it until a moderator decides."""
    target: Proposal | Comment
    if comment is not None:
        target = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("proposal__site")
            .get(pk=comment.pk)
        )
        site = target.proposal.site
    elif proposal is not None:
        target = _locked(proposal)
        site = target.site
    else:
        raise ValidationFailedError(
            Code.INVALID_COMMENT, fields={"target": [_("Say what you report.")]}
        )
    user_id = _participant(actor, site)
    if reason not in ReportReason.values:
        raise ValidationFailedError(
            Code.INVALID_COMMENT, fields={"reason": [_("Choose a reason.")]}
        )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter_id=user_id, reason=reason, note=note.strip()[:500],
                proposal=target if isinstance(target, Proposal) else None,
                comment=target if isinstance(target, Comment) else None,
            )  # fmt: skip
    except IntegrityError as error:
        raise ConflictError(Code.ALREADY_REPORTED, _("You already reported this.")) from error
    target.report_count += 1
    fields = ["report_count", "updated_at"]
    if target.report_count >= REPORTS_BEFORE_HIDING and target.visibility == Visibility.VISIBLE:
        target.visibility = Visibility.AUTO_HIDDEN
        fields.append("visibility")
        record_event(actor=actor, verb="proposals.auto_hidden", target=target,
                     payload={"reports": target.report_count})  # fmt: skip
        korean, english = bilingual(
            gettext_lazy("Reported content was hidden and awaits a decision.")
        )
        notify(user_ids=staff_user_ids(site), verb="proposals.auto_hidden",
               title=korean, title_en=english)  # fmt: skip
    target.save(update_fields=fields)
    return report


@transaction.atomic
def moderate(*, actor: Actor, target: Proposal | Comment, hide: bool, reason: str = "") -> None:
    """A moderator hides reported content for good, or restores it; open reports are resolved."""
    site = target.site if isinstance(target, Proposal) else target.proposal.site
    if not permissions.can_moderate(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's moderators can do this."))
    previous = target.visibility
    target.visibility = Visibility.HIDDEN if hide else Visibility.VISIBLE
    target.save(update_fields=["visibility", "updated_at"])
    reports = target.reports.filter(resolved_at__isnull=True)
    reports.update(resolved_at=timezone.now())
    record_event(actor=actor, verb="proposals.hidden" if hide else "proposals.restored", target=target,
                 payload={"visibility": [previous, target.visibility], "reason": reason.strip()})  # fmt: skip


@transaction.atomic
def block_user(*, actor: Actor, site: Organization, user_id: int, reason: str) -> Block:
    """Stop a person from writing, supporting and commenting on a site; their content is hidden."""
    if not permissions.can_moderate(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's moderators can do this."))
    if not reason.strip():
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={"reason": [_("Say why.")]})
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise NotFoundError(Code.NOT_FOUND, _("There is no such account."))
    block, created = Block.objects.get_or_create(
        site=site, user_id=user_id, defaults={"reason": reason.strip()}
    )
    if not created:
        raise ConflictError(Code.BLOCKED, _("This account is already blocked."))
    Proposal.objects.filter(site=site, author_user_id=user_id).update(visibility=Visibility.HIDDEN)
    Comment.objects.filter(proposal__site=site, author_id=user_id).update(
        visibility=Visibility.HIDDEN
    )
    record_event(
        actor=actor, verb="proposals.user_blocked", target=block, payload={"reason": block.reason}
    )
    return block


@transaction.atomic
def follow(*, actor: Actor, proposal: Proposal, on: bool = True) -> None:
    """Follow (or stop following) a proposal's answers and status changes."""
    user_id = _signed_in(actor)
    if on:
        Follow.objects.get_or_create(proposal=proposal, user_id=user_id)
    else:
        Follow.objects.filter(proposal=proposal, user_id=user_id).delete()
