"""Reading proposals: lists with filters and search, one proposal's page, answers owed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.queries import counts_by_year, first_or_raise, start_of, where_given
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization, OrganizationRole
from hyeopchi.proposals import search, similarity
from hyeopchi.proposals.enums import ANSWERED_STATUSES, OPEN_STATUSES, ProposalKind, ProposalStatus, Visibility
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Answer, Comment, Follow, Ladder, Proposal, Revision, StepReached, Support

LIST_ORDERS = {
    "recent": ("-submitted_at", "-pk"),
    "supports": ("-support_count", "-pk"),
    "debate": ("-participant_count", "-pk"),
}


def proposals_list(
    site: Organization | None,
    *,
    status: str = "",
    kind: str = "",
    addressee: int | None = None,
    query: str = "",
    order: str = "recent",
) -> QuerySet[Proposal]:
    """Public proposals (not drafts, not hidden) of a site, or of every site when ``site`` is
    None; newest first unless ``order`` says."""
    proposals = (
        Proposal.objects.filter(visibility=Visibility.VISIBLE)
        .exclude(status=ProposalStatus.DRAFT)
        .select_related("site", "addressee", "author_organization")
    )
    proposals = where_given(proposals, site=site, status=status, kind=kind, addressee_id=addressee)
    if query.strip():
        proposals = search.matching(proposals, query)
    return proposals.order_by(*LIST_ORDERS.get(order, LIST_ORDERS["recent"]))


def collecting_supports(site: Organization) -> QuerySet[Proposal]:
    """Citizen proposals of ``site`` still open to supports, the most supported first."""
    return (
        proposals_list(site, kind=ProposalKind.CITIZEN)
        .filter(status__in=OPEN_STATUSES)
        .order_by("-support_count", "-submitted_at", "-pk")
    )


def recently_answered(site: Organization) -> QuerySet[Proposal]:
    """Proposals of ``site`` with a final answer, the latest answer first."""
    return (
        proposals_list(site)
        .filter(status__in=ANSWERED_STATUSES, answered_at__isnull=False)
        .order_by("-answered_at", "-pk")
    )


def proposal_get(*, pk: int, site: Organization, viewer_id: int | None = None) -> Proposal:
    """A proposal of the site; hidden and draft ones only for their author."""
    proposal = (
        Proposal.objects.select_related("site", "addressee", "author_organization", "author_user", "ladder", "source")
        .filter(pk=pk, site=site)
        .first()
    )
    if proposal is None or (
        (proposal.visibility != Visibility.VISIBLE or proposal.status == ProposalStatus.DRAFT)
        and (viewer_id is None or proposal.author_user_id != viewer_id)
    ):
        raise NotFoundError(Code.NOT_FOUND, _("There is no such proposal."))
    return proposal


def visible_comments(proposal: Proposal) -> list[Comment]:
    """Top-level comments with their visible replies, oldest first. A deleted comment is left out,
    unless replies to it remain: then it stays as a marker (its text is gone) to keep their place."""
    comments = list(
        Comment.objects.filter(proposal=proposal, visibility=Visibility.VISIBLE)
        .select_related("author__profile")
        .order_by("pk")
    )
    by_parent: dict[int | None, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is None or comment.deleted_at is None:
            by_parent.setdefault(comment.parent_id, []).append(comment)
    top = []
    for comment in by_parent.get(None, []):
        comment.visible_replies = by_parent.get(comment.pk, [])  # type: ignore[attr-defined]
        if comment.deleted_at is None or comment.visible_replies:  # type: ignore[attr-defined]
            top.append(comment)
    return top


def revisions_of(comment: Comment) -> QuerySet[Revision]:
    """A comment's earlier texts, oldest first, for moderators."""
    return Revision.objects.filter(comment=comment).order_by("replaced_at", "pk")


def comment_get(*, pk: int, proposal: Proposal) -> Comment:
    return first_or_raise(
        Comment.objects.select_related("author__profile").filter(pk=pk, proposal=proposal),
        NotFoundError(Code.NOT_FOUND, _("There is no such comment.")),
    )


def answers_of(proposal: Proposal) -> list[Answer]:
    return list(
        Answer.objects.filter(proposal=proposal).select_related("organization", "respondent", "step").order_by("pk")
    )


def overdue_answers(site: Organization, *, today: dt.date) -> QuerySet[Answer]:
    """Answers owed past their due date, oldest due first."""
    return (
        Answer.objects.filter(proposal__site=site, answered_at__isnull=True, due_on__lt=today)
        .select_related("organization", "proposal")
        .order_by("due_on", "pk")
    )


def answers_owed_by(organizations: list[Organization]) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(organization__in=organizations, answered_at__isnull=True)
        .select_related("organization", "proposal")
        .order_by("due_on", "pk")
    )


CANDIDATES = 300


def similar_proposals(
    site: Organization, title: str, body: str = "", *, exclude: int | None = None
) -> list[tuple[Proposal, float]]:
    """Existing proposals that look like ``title`` and ``body`` and can still be supported instead,
    best first: visible, collecting supports or in debate or review, their window not run out.

    Candidates share at least one civic concept of the title (the newest 300 of them);
    ``similarity.rank`` scores them.
    """
    terms = similarity.search_terms(title)
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition |= Q(similarity_terms__contains=f" {term} ")
    candidates = list(
        Proposal.objects.filter(site=site, visibility=Visibility.VISIBLE, status__in=OPEN_STATUSES)
        .filter(Q(deadline__isnull=True) | Q(deadline__gt=timezone.now()))
        .exclude(pk=exclude or 0)
        .filter(condition)
        .order_by("-pk")
        .values_list("pk", "similarity_terms")[:CANDIDATES]
    )
    matches = similarity.rank(title, body, candidates)
    found = Proposal.objects.select_related("addressee").in_bulk([m.key for m in matches])
    return [(found[m.key], m.score) for m in matches if m.key in found]


def reported_proposals(site: Organization) -> QuerySet[Proposal]:
    """Proposals with unresolved reports, hidden ones first."""
    return (
        Proposal.objects.filter(site=site, reports__resolved_at__isnull=True).distinct().order_by("-report_count", "pk")
    )


def reported_comments(site: Organization) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(proposal__site=site, reports__resolved_at__isnull=True, deleted_at__isnull=True)
        .select_related("proposal", "author__profile")
        .distinct()
        .order_by("-report_count", "pk")
    )


def staff_user_ids(organization: Organization) -> list[int]:
    """Administrators and secretaries of an organization: who hears it must act."""
    return list(
        OrganizationRole.objects.filter(
            organization=organization, role__in=[OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY]
        ).values_list("user_id", flat=True)
    )


def interested_user_ids(proposal: Proposal) -> set[int]:
    """Authors, followers and supporters of a proposal."""
    ids = set(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    ids.update(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.author_user_id is not None:
        ids.add(proposal.author_user_id)
    return ids


def ladders_of(site: Organization) -> list[Ladder]:
    """Every threshold ladder of a site with its steps, the latest in force first."""
    return list(
        Ladder.objects.filter(site=site).prefetch_related("steps__answer_organization").order_by("-valid_from", "-pk")
    )


def current_ladder(site: Organization, on: dt.date) -> Ladder | None:
    return (
        Ladder.objects.filter(site=site, valid_from__lte=on).order_by("-valid_from").prefetch_related("steps").first()
    )


def activity_of(user: Any) -> dict[str, Any]:
    """A person's own proposals, supports, comments and follows, newest first (their 내 활동 page).
    Their own comments are listed even when hidden by moderation, so they can see it."""
    return {
        "proposals": list(Proposal.objects.filter(author_user=user).select_related("site").order_by("-pk")[:100]),
        "supports": list(Support.objects.filter(user=user).select_related("proposal__site").order_by("-pk")[:100]),
        "comments": list(
            Comment.objects.filter(author=user, deleted_at__isnull=True)
            .select_related("proposal__site")
            .order_by("-pk")[:100]
        ),
        "follows": list(Follow.objects.filter(user=user).select_related("proposal__site").order_by("-pk")[:100]),
    }


def yearly_participation(site: Organization, *, until: dt.date) -> dict[int, tuple[int, int]]:
    """Per calendar year (in the site's time zone) up to ``until``: proposals submitted and supports given."""
    proposals_by_year = counts_by_year(Proposal.objects.filter(site=site), "submitted_at", until=until)
    supports_by_year = counts_by_year(Support.objects.filter(proposal__site=site), "created_at", until=until)
    return {
        year: (proposals_by_year.get(year, 0), supports_by_year.get(year, 0))
        for year in sorted(proposals_by_year.keys() | supports_by_year.keys())
    }


@dataclass(frozen=True)
class Funnel:
    """How far the proposals submitted by a day had come on that day: each threshold step reached
    as (name, English name, how many), in the steps' order, and how many were answered."""

    submitted: int
    steps: list[tuple[str, str, int]]
    answered: int


def proposal_funnel(site: Organization, *, until: dt.date) -> Funnel:
    """The funnel of the site's citizen proposals submitted up to ``until``."""
    end = start_of(until + dt.timedelta(days=1))
    submitted = Proposal.objects.filter(site=site, kind=ProposalKind.CITIZEN, submitted_at__lt=end)
    steps = (
        StepReached.objects.filter(proposal__in=submitted, reached_at__lt=end)
        .values_list("step__order", "step__name", "step__name_en")
        .annotate(n=Count("pk"))
        .order_by("step__order", "step__name")
    )
    return Funnel(
        submitted=submitted.count(),
        steps=[(name, name_en, n) for _, name, name_en, n in steps],
        answered=submitted.filter(answered_at__lt=end).count(),
    )


def last_change(site: Organization) -> dt.datetime | None:
    """When a proposal of the site last changed (None when it has none)."""
    last: dt.datetime | None = Proposal.objects.filter(site=site).aggregate(last=Max("updated_at"))["last"]
    return last


@dataclass(frozen=True)
class KindOutcomes:
    """Proposals of one kind submitted in a period, and how those answered by its end were answered."""

    key: str
    kind: str
    submitted: int
    accepted: int
    partially_accepted: int
    not_accepted: int

    @property
    def answered(self) -> int:
        return self.accepted + self.partially_accepted + self.not_accepted


def outcomes_between(
    site: Organization, *, first: dt.date, last: dt.date, within: Organization | None = None
) -> list[KindOutcomes]:
    """Per kind (citizen proposals, recommendations, consultation items), the site's public
    proposals (addressed to ``within`` or under it, when given) submitted from ``first`` to
    ``last``, and their answers given by ``last``."""
    end = start_of(last + dt.timedelta(days=1))
    submitted = Proposal.objects.filter(
        site=site, visibility=Visibility.VISIBLE, submitted_at__gte=start_of(first), submitted_at__lt=end
    )
    if within is not None:
        submitted = submitted.filter(addressee__path__startswith=within.path)
    answered = Q(answered_at__lt=end)
    counts = {
        row["kind"]: row
        for row in submitted.values("kind").annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=answered & Q(status=ProposalStatus.ACCEPTED)),
            partially=Count("pk", filter=answered & Q(status=ProposalStatus.PARTIALLY_ACCEPTED)),
            refused=Count("pk", filter=answered & Q(status=ProposalStatus.NOT_ACCEPTED)),
        )
    }
    return [
        KindOutcomes(kind, str(label), row["n"], row["accepted"], row["partially"], row["refused"])
        for kind, label in ProposalKind.choices
        if (row := counts.get(kind))
    ]
