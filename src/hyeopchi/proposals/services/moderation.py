"""Comments, reports that hide content at the threshold, moderators' decisions and blocks."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.core.signals import rows_written
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import permissions
from hyeopchi.proposals.enums import ProposalStatus, ReportReason, Visibility
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Block, Comment, Proposal, Report, Revision
from hyeopchi.proposals.selectors import staff_user_ids
from hyeopchi.proposals.services._common import COMMENT_MAX, REPORTS_BEFORE_HIDING, _locked, _participant
from hyeopchi.proposals.services.ladders import _advance
from hyeopchi.proposals.services.supports import _participate

MAX_MODERATION_REASON = 500  # kept in the audit event


@transaction.atomic
def add_comment(
    *, actor: Actor, proposal: Proposal, body: str, parent: Comment | None = None, now: dt.datetime | None = None
) -> Comment:
    """Comment on a proposal, or reply to a top-level comment; in a debate it counts as taking part."""
    now = now or timezone.now()
    proposal = _locked(proposal)
    user_id = _participant(actor, proposal.site)
    body = body.strip()
    if proposal.status in {ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN}:
        raise ConflictError(Code.CLOSED, _("Comments are closed on this proposal."))
    if not body or len(body) > COMMENT_MAX or "\x00" in body:
        raise ValidationFailedError(
            Code.INVALID_COMMENT,
            fields={"body": [_("Write a comment of up to %(max)s characters.") % {"max": COMMENT_MAX}]},
        )
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationFailedError(
                Code.INVALID_COMMENT, fields={"parent": [_("Reply to a comment on the same proposal.")]}
            )
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    comment = Comment.objects.create(proposal=proposal, author_id=user_id, parent=parent, body=body)
    record_event(
        actor, "proposals.commented", comment, {"proposal": proposal.pk, "parent": parent.pk if parent else None}
    )
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    proposal.comment_count += 1
    if (
        proposal.status == ProposalStatus.DEBATE
        and (proposal.deadline is None or now <= proposal.deadline)
        and _participate(proposal, user_id, None)
    ):
        _advance(actor, proposal, now)
    return comment


def _own_comment(actor: Actor, comment: Comment) -> Comment:
    """The comment's row, locked, when ``actor`` wrote it and it is still there to change."""
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None or locked.deleted_at is not None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such comment."))
    if actor.user_pk is None or locked.author_id != actor.user_pk:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only its author can change this comment."))
    if locked.visibility != Visibility.VISIBLE:
        raise ConflictError(Code.NOT_EDITABLE, _("This comment is hidden while a moderator decides on it."))
    return locked


@transaction.atomic
def edit_comment(*, actor: Actor, comment: Comment, body: str, now: dt.datetime | None = None) -> Comment:
    """The author rewrites their comment; the earlier text is kept for moderators and the comment
    shows that it was edited.

    Raises: NotFoundError for a deleted comment; PermissionDeniedError unless the author;
    ConflictError while it is hidden; ValidationFailedError for an empty or too long text."""
    comment = _own_comment(actor, comment)
    body = body.strip()
    if not body or len(body) > COMMENT_MAX or "\x00" in body:
        raise ValidationFailedError(
            Code.INVALID_COMMENT,
            fields={"body": [_("Write a comment of up to %(max)s characters.") % {"max": COMMENT_MAX}]},
        )
    if body == comment.body:
        return comment
    now = now or timezone.now()
    Revision.objects.create(comment=comment, change=Revision.Change.EDITED, body=comment.body, replaced_at=now)
    comment.body, comment.edited_at = body, now
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    record_event(actor, "proposals.comment_edited", comment, {"proposal": comment.proposal_id})
    return comment


@transaction.atomic
def delete_comment(*, actor: Actor, comment: Comment, now: dt.datetime | None = None) -> Comment:
    """The author deletes their comment: it leaves every public page (a comment with replies
    leaves a "deleted" marker so the replies keep their place) and the proposal's count; its
    text is kept for moderators only.

    Raises: NotFoundError when already deleted; PermissionDeniedError unless the author;
    ConflictError while it is hidden."""
    comment = _own_comment(actor, comment)
    now = now or timezone.now()
    Revision.objects.create(comment=comment, change=Revision.Change.DELETED, body=comment.body, replaced_at=now)
    comment.body, comment.deleted_at = "", now
    comment.save(update_fields=["body", "deleted_at", "updated_at"])
    Proposal.objects.filter(pk=comment.proposal_id, comment_count__gt=0).update(comment_count=F("comment_count") - 1)
    record_event(actor, "proposals.comment_deleted", comment, {"proposal": comment.proposal_id})
    return comment


@transaction.atomic
def report_content(
    *, actor: Actor, reason: str, proposal: Proposal | None = None, comment: Comment | None = None, note: str = ""
) -> Report:
    """Report a proposal or a comment; the third report hides it until a moderator decides."""
    target: Proposal | Comment
    if comment is not None:
        target = Comment.objects.select_for_update(of=("self",)).select_related("proposal__site").get(pk=comment.pk)
        site = target.proposal.site
    elif proposal is not None:
        target = _locked(proposal)
        site = target.site
    else:
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={"target": [_("Say what you report.")]})
    user_id = _participant(actor, site)
    author_id = target.author_id if isinstance(target, Comment) else target.author_user_id
    if author_id == user_id:
        raise ValidationFailedError(
            Code.INVALID_COMMENT, fields={"target": [_("You cannot report what you wrote yourself.")]}
        )
    if reason not in ReportReason.values:
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={"reason": [_("Choose a reason.")]})
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter_id=user_id,
                reason=reason,
                note=note.strip()[:500],
                proposal=target if isinstance(target, Proposal) else None,
                comment=target if isinstance(target, Comment) else None,
            )
    except IntegrityError as error:
        raise ConflictError(Code.ALREADY_REPORTED, _("You already reported this.")) from error
    record_event(actor, "proposals.reported", target, {"reason": reason})
    target.report_count += 1
    fields = ["report_count", "updated_at"]
    if target.report_count >= REPORTS_BEFORE_HIDING and target.visibility == Visibility.VISIBLE:
        target.visibility = Visibility.AUTO_HIDDEN
        fields.append("visibility")
        record_event(actor, "proposals.auto_hidden", target, {"reports": target.report_count})
        notify(
            staff_user_ids(site),
            "proposals.auto_hidden",
            gettext_lazy("Reported content was hidden and awaits a decision."),
        )
    target.save(update_fields=fields)
    return report


@transaction.atomic
def moderate(*, actor: Actor, target: Proposal | Comment, hide: bool, reason: str = "") -> None:
    """A moderator hides reported content for good, or restores it; open reports are resolved."""
    site = target.site if isinstance(target, Proposal) else target.proposal.site
    if not permissions.can_moderate(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's moderators can do this."))
    reason = reason.strip()
    if len(reason) > MAX_MODERATION_REASON:
        raise ValidationFailedError(
            Code.INVALID_COMMENT,
            fields={"reason": [_("Write at most %(count)s characters.") % {"count": MAX_MODERATION_REASON}]},
        )
    previous = target.visibility
    target.visibility = Visibility.HIDDEN if hide else Visibility.VISIBLE
    target.save(update_fields=["visibility", "updated_at"])
    reports = target.reports.filter(resolved_at__isnull=True)
    reports.update(resolved_at=timezone.now())
    record_event(
        actor,
        "proposals.hidden" if hide else "proposals.restored",
        target,
        {"visibility": [previous, target.visibility], "reason": reason},
    )


@transaction.atomic
def block_user(*, actor: Actor, site: Organization, user_id: int, reason: str) -> Block:
    """Stop a person from writing, supporting and commenting on a site; their content is hidden."""
    if not permissions.can_moderate(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's moderators can do this."))
    if not reason.strip():
        raise ValidationFailedError(Code.INVALID_COMMENT, fields={"reason": [_("Say why.")]})
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise NotFoundError(Code.NOT_FOUND, _("There is no such account."))
    block, created = Block.objects.get_or_create(site=site, user_id=user_id, defaults={"reason": reason.strip()})
    if not created:
        raise ConflictError(Code.BLOCKED, _("This account is already blocked."))
    authored = Proposal.objects.filter(site=site, author_user_id=user_id)
    hidden = list(authored.values_list("pk", flat=True))
    authored.update(visibility=Visibility.HIDDEN)
    rows_written.send(sender=Proposal, pks=hidden)
    Comment.objects.filter(proposal__site=site, author_id=user_id).update(visibility=Visibility.HIDDEN)
    record_event(actor, "proposals.user_blocked", block, {"reason": block.reason})
    return block
