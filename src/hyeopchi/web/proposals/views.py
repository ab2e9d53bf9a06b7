"""Proposals on the public site: lists, writing with similar suggestions, supports, debates,
comments, reports, and the staff's answers, requests, promotions and moderation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hyeopchi.core.accounts import public_name
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import permissions, selectors, services
from hyeopchi.proposals import transfer as proposal_transfer
from hyeopchi.proposals.enums import Metric, ProposalStatus
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Comment, LadderStep, Proposal, StepReached, Support
from hyeopchi.proposals.services.moderation import MAX_MODERATION_REASON
from hyeopchi.tasks import services as task_services
from hyeopchi.web.common.views import (
    Perform,
    add_domain_error,
    domain_errors_as_pages,
    filtered,
    page_language,
    paginate,
    posted_text,
    run_form,
    run_form_on,
    spreadsheet_response,
)
from hyeopchi.web.proposals.forms import (
    AnswerForm,
    BlockForm,
    CommentEditForm,
    CommentForm,
    DebateForm,
    LadderForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
    ReasonForm,
    RecommendationForm,
    ReportForm,
    RequestAnswerForm,
)

PAGE_SIZE = 20


@domain_errors_as_pages
def proposals_index(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    form, proposals = _filtered_proposals(request, site_org)
    return render(
        request,
        "web/proposals/proposals.html",
        {
            "local_site": site_org,
            "form": form,
            **paginate(request, proposals, PAGE_SIZE),
            "can_participate": permissions.can_participate(Actor.for_user(request.user), site_org),
        },
    )


def _filtered_proposals(request: HttpRequest, site_org: Organization) -> tuple[forms.Form, Any]:
    """The filter form from the query string and the public proposal list it selects."""
    form = ProposalFilterForm(request.GET or None)
    data = filtered(form)
    proposals = selectors.proposals_list(
        site_org,
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        query=data.get("q", ""),
        order=data.get("order") or "recent",
    )
    return form, proposals


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def proposal_new(request: HttpRequest, site: str) -> HttpResponseBase:
    """Write, compare with similar proposals, then publish (the compare step needs no script)."""
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not actor.is_authenticated:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = ProposalForm(request.POST or None, site=site_org)
    similar: list[tuple[Proposal, float]] = []
    compared = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = selectors.similar_proposals(site_org, data["title"], data["body"])
        compared = True
        if "publish" in request.POST or not similar:
            try:
                proposal = services.create_proposal(
                    actor=actor, addressee=data["addressee"], title=data["title"], body=data["body"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Your proposal is published. Ask others to support it."))
                return redirect("web:proposal", site=site, pk=proposal.pk)
    return render(
        request,
        "web/proposals/proposal_form.html",
        {
            "local_site": site_org,
            "title": _("Write a proposal"),
            "form": form,
            "similar": similar,
            "compared": compared,
        },
        status=422 if form.errors else 200,
    )


@domain_errors_as_pages
def similar_fragment(request: HttpRequest, site: str) -> HttpResponse:
    """The similar-proposals list alone, for the form's script to show while typing."""
    site_org = organization_selectors.site_get(site)
    title = request.GET.get("title", "")[:200]
    body = request.GET.get("body", "")[:5000]
    similar = selectors.similar_proposals(site_org, title, body) if len(title) >= 2 else []
    return render(request, "web/proposals/_similar.html", {"local_site": site_org, "similar": similar})


@dataclass(frozen=True)
class StepView:
    step: LadderStep
    reached: StepReached | None
    count: int

    @property
    def percent(self) -> int:
        return min(100, self.count * 100 // self.step.threshold)


def _ladder_view(proposal: Proposal) -> list[StepView]:
    if proposal.ladder_id is None:
        return []
    reached = {r.step_id: r for r in StepReached.objects.filter(proposal=proposal)}
    views = []
    for step in LadderStep.objects.filter(ladder_id=proposal.ladder_id).select_related("answer_organization"):
        count = proposal.support_count if step.metric == Metric.SUPPORTS else proposal.participant_count
        views.append(StepView(step, reached.get(step.pk), count))
    return views


def _timeline(proposal: Proposal, steps: list[StepView], answers: list[Any]) -> list[tuple[dt.datetime, str]]:
    events: list[tuple[dt.datetime, str]] = []
    if proposal.submitted_at:
        events.append((proposal.submitted_at, _("Submitted")))
    for view in steps:
        if view.reached:
            events.append(
                (
                    view.reached.reached_at,
                    _("Reached “%(step)s” with %(count)s")
                    % {"step": view.step.display_name, "count": view.reached.count},
                )
            )
    for answer in answers:
        events.append((answer.created_at, _("Answer asked of %(org)s") % {"org": answer.organization.display_name}))
        if answer.answered_at:
            events.append(
                (
                    answer.answered_at,
                    _("%(org)s answered: %(outcome)s")
                    % {"org": answer.organization.display_name, "outcome": answer.get_outcome_display()},
                )
            )
    if proposal.status in {ProposalStatus.WITHDRAWN, ProposalStatus.EXPIRED}:
        events.append((proposal.updated_at, proposal.get_status_display()))
    return sorted(events, key=lambda event: event[0])


def _committees_managed(actor: Actor, site: Organization) -> Any:
    kinds = [OrganizationKind.COMMITTEE, OrganizationKind.SUBCOMMITTEE, OrganizationKind.SPECIAL_COMMITTEE]
    candidates = Organization.objects.filter(site=site, kind__in=kinds).order_by("path")
    return permissions.organizations_written_for(actor, candidates)


@domain_errors_as_pages
def proposal_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    proposal = selectors.proposal_get(pk=pk, site=site_org, viewer_id=actor.user_pk)
    steps = _ladder_view(proposal)
    answers = selectors.answers_of(proposal)
    supported = actor.user_pk is not None and Support.objects.filter(proposal=proposal, user_id=actor.user_pk).exists()
    follows = actor.user_pk is not None and proposal.follows.filter(user_id=actor.user_pk).exists()
    position = None
    if actor.user_pk is not None:
        position = proposal.participations.filter(user_id=actor.user_pk).values_list("position", flat=True).first()
    return render(
        request,
        "web/proposals/proposal.html",
        {
            "local_site": site_org,
            "proposal": proposal,
            "title": proposal.display_title,
            "steps": steps,
            "answers": answers,
            "answerable": [a for a in answers if a.answered_at is None and permissions.can_answer(actor, a)],
            "comments": selectors.visible_comments(proposal),
            "supported": supported,
            "follows": follows,
            "position": position,
            "comment_form": CommentForm(),
            "debate_form": DebateForm(initial={"position": position}),
            "timeline": _timeline(proposal, steps, answers),
            "tasks": list(proposal.tasks.select_related("owner")),
            "can_participate": permissions.can_participate(actor, site_org),
            "can_manage": permissions.can_manage_answers(actor, proposal),
            "can_moderate": permissions.can_moderate(actor, site_org),
            "can_recommend": proposal.kind == "citizen" and _committees_managed(actor, site_org).exists(),
            "is_author": proposal.author_user_id is not None and proposal.author_user_id == actor.user_pk,
            "debate_open": proposal.status == ProposalStatus.DEBATE,
            "recommendations": list(proposal.derived.all()),
        },
    )


def _back(request: HttpRequest, site: str, proposal: Proposal, done: str) -> HttpResponseBase:
    """Back to the proposal's page; a request from htmx (supporting in place) gets the page at once,
    from which it takes the counts and the message, saving the redirect's round trip."""
    messages.success(request, done)
    if getattr(request, "htmx", False):
        return proposal_detail(request, site=site, pk=proposal.pk)
    return redirect("web:proposal", site=site, pk=proposal.pk)


def _refused(request: HttpRequest, site: str, proposal: Proposal, error: DomainError) -> HttpResponseBase:
    if isinstance(error, PermissionDeniedError | NotFoundError):
        raise error
    text = str(error.message)
    details = [m for field_messages in error.field_messages().values() for m in field_messages]
    messages.error(request, " ".join([text, *details]) if details else text)
    if getattr(request, "htmx", False):
        return proposal_detail(request, site=site, pk=proposal.pk)
    return redirect("web:proposal", site=site, pk=proposal.pk)


@require_POST
@domain_errors_as_pages
def proposal_action(request: HttpRequest, site: str, pk: int, action: str) -> HttpResponseBase:
    """Support, withdraw a support, follow, stop following, join the debate, withdraw."""
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not actor.is_authenticated:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    proposal = selectors.proposal_get(pk=pk, site=site_org, viewer_id=actor.user_pk)
    actions: dict[str, tuple[Callable[[], object], str]] = {
        "support": (lambda: services.support(actor=actor, proposal=proposal), _("You support this proposal.")),
        "unsupport": (
            lambda: services.withdraw_support(actor=actor, proposal=proposal),
            _("Your support was withdrawn."),
        ),
        "follow": (lambda: services.follow(actor=actor, proposal=proposal), _("You follow this proposal.")),
        "unfollow": (
            lambda: services.follow(actor=actor, proposal=proposal, on=False),
            _("You no longer follow this proposal."),
        ),
        "withdraw": (
            lambda: services.withdraw_proposal(actor=actor, proposal=proposal),
            _("The proposal was withdrawn."),
        ),
    }
    if action == "debate":
        form = DebateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a position."))
            return redirect("web:proposal", site=site, pk=pk)
        actions["debate"] = (
            lambda: services.join_debate(actor=actor, proposal=proposal, position=form.cleaned_data["position"]),
            _("Your position was recorded."),
        )
    if action not in actions:
        raise NotFoundError()
    perform, done = actions[action]
    try:
        perform()
    except DomainError as error:
        return _refused(request, site, proposal, error)
    return _back(request, site, proposal, done)


@require_POST
@domain_errors_as_pages
def comment_add(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not actor.is_authenticated:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    proposal = selectors.proposal_get(pk=pk, site=site_org, viewer_id=actor.user_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment of up to %(max)s characters.") % {"max": 2000})
        return redirect("web:proposal", site=site, pk=pk)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], proposal=proposal).first()
    try:
        services.add_comment(actor=actor, proposal=proposal, body=form.cleaned_data["body"], parent=parent)
    except DomainError as error:
        return _refused(request, site, proposal, error)
    return _back(request, site, proposal, _("Your comment was added."))


def _staff_form(
    request: HttpRequest, site_org: Organization, proposal: Proposal, form: forms.Form, perform: Perform, **page: Any
) -> HttpResponseBase:
    """A form on a proposal: back to the proposal page once ``perform`` succeeds."""
    template = "web/proposals/proposal_action_form.html"
    return run_form_on(request, "proposal", proposal, form, perform, site=site_org, template=template, **page)


def _proposal_for(
    request: HttpRequest, site: str, pk: int, allowed: Callable[[Actor, Proposal], bool] | None = None
) -> tuple[Organization, Proposal, Actor]:
    """The site's proposal ``pk`` for a signed-in person, who may act on it as ``allowed`` says."""
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not actor.is_authenticated:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    proposal = selectors.proposal_get(pk=pk, site=site_org, viewer_id=actor.user_pk)
    if allowed is not None and not allowed(actor, proposal):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return site_org, proposal, actor


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def proposal_edit(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """The author rewrites the proposal while nobody has supported it yet."""
    site_org, proposal, _actor = _proposal_for(request, site, pk)
    return _staff_form(
        request,
        site_org,
        proposal,
        ProposalEditForm(request.POST or None, initial={"title": proposal.title, "body": proposal.body}),
        lambda actor, data: services.edit_proposal(actor=actor, proposal=proposal, **data),
        title=_("Edit my proposal"),
        submit=_("Save"),
        done=_("Your proposal was saved."),
    )


def _own_comment(request: HttpRequest, site: str, pk: int, comment_pk: int) -> tuple[Organization, Proposal, Comment]:
    site_org, proposal, actor = _proposal_for(request, site, pk)
    comment = selectors.comment_get(pk=comment_pk, proposal=proposal)
    if comment.author_id != actor.user_pk or comment.deleted_at is not None:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return site_org, proposal, comment


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def comment_edit(request: HttpRequest, site: str, pk: int, comment_pk: int) -> HttpResponseBase:
    site_org, proposal, comment = _own_comment(request, site, pk, comment_pk)
    return _staff_form(
        request,
        site_org,
        proposal,
        CommentEditForm(request.POST or None, initial={"body": comment.body}),
        lambda actor, data: services.edit_comment(actor=actor, comment=comment, **data),
        title=_("Edit my comment"),
        submit=_("Save"),
        done=_("Your comment was saved."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def comment_delete(request: HttpRequest, site: str, pk: int, comment_pk: int) -> HttpResponseBase:
    """Asks first (the comment is shown), then deletes."""
    site_org, proposal, comment = _own_comment(request, site, pk, comment_pk)
    return _staff_form(
        request,
        site_org,
        proposal,
        forms.Form(request.POST if request.method == "POST" else None),
        lambda actor, data: services.delete_comment(actor=actor, comment=comment),
        title=_("Delete my comment"),
        submit=_("Delete the comment"),
        done=_("Your comment was deleted."),
        context={"quoted": comment.body},
    )


@domain_errors_as_pages
def comment_history(request: HttpRequest, site: str, pk: int, comment_pk: int) -> HttpResponse:
    """A comment's earlier texts, for the site's moderators."""
    site_org, proposal, actor = _proposal_for(request, site, pk)
    if not permissions.can_moderate(actor, site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    comment = selectors.comment_get(pk=comment_pk, proposal=proposal)
    return render(
        request,
        "web/proposals/comment_history.html",
        {
            "local_site": site_org,
            "proposal": proposal,
            "comment": comment,
            "revisions": list(selectors.revisions_of(comment)),
            "title": _("Earlier versions of a comment"),
        },
    )


@domain_errors_as_pages
def ladder_page(request: HttpRequest, site: str) -> HttpResponse:
    """The thresholds proposals climb: the ladder in force, the ones before and after it."""
    site_org = organization_selectors.site_get(site)
    ladders = selectors.ladders_of(site_org)
    current = selectors.current_ladder(site_org, timezone.localdate())
    return render(
        request,
        "web/proposals/ladder.html",
        {
            "local_site": site_org,
            "title": _("Thresholds for proposals"),
            "ladders": ladders,
            "current": current,
            "can_set": permissions.can_moderate(Actor.for_user(request.user), site_org),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def ladder_new(request: HttpRequest, site: str) -> HttpResponseBase:
    """New thresholds from a date, set by the site's administrators."""
    site_org = organization_selectors.site_get(site)
    if not permissions.can_moderate(Actor.for_user(request.user), site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = LadderForm(request.POST or None, site=site_org)
    return run_form(
        request,
        form,
        lambda actor, _data: services.create_ladder(actor=actor, site=site_org, **form.ladder_fields()),
        done=_("The new thresholds were saved."),
        success_url=reverse("web:ladder", kwargs={"site": site}),
        template="web/proposals/ladder_form.html",
        context={"local_site": site_org},
        title=_("New thresholds"),
        submit=_("Save the thresholds"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def report(request: HttpRequest, site: str, pk: int, comment_pk: int | None = None) -> HttpResponseBase:
    site_org, proposal, _actor = _proposal_for(request, site, pk)
    comment = None
    if comment_pk is not None:
        comment = Comment.objects.filter(pk=comment_pk, proposal=proposal).first()
        if comment is None:
            raise NotFoundError()
    return _staff_form(
        request,
        site_org,
        proposal,
        ReportForm(request.POST or None),
        lambda actor, data: services.report_content(
            actor=actor,
            reason=data["reason"],
            note=data["note"],
            proposal=None if comment else proposal,
            comment=comment,
        ),
        title=_("Report a comment") if comment else _("Report this proposal"),
        submit=_("Report"),
        done=_("Thank you. The moderators will look at it."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def answer(request: HttpRequest, site: str, pk: int, answer_pk: int) -> HttpResponseBase:
    site_org, proposal, actor = _proposal_for(request, site, pk)
    owed = proposal.answers.select_related("organization").filter(pk=answer_pk).first()
    if owed is None:
        raise NotFoundError()
    if not permissions.can_answer(actor, owed):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return _staff_form(
        request,
        site_org,
        proposal,
        AnswerForm(request.POST or None, site=site_org, answering=owed.organization),
        lambda actor, data: task_services.answer_with_task(
            actor=actor, answer=owed, start_date=timezone.localdate(), **data
        ),
        title=_("Answer on behalf of %(org)s") % {"org": owed.organization.display_name},
        submit=_("Publish the answer"),
        done=_("The answer is published."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def request_answer(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org, proposal, _actor = _proposal_for(request, site, pk, permissions.can_manage_answers)
    return _staff_form(
        request,
        site_org,
        proposal,
        RequestAnswerForm(request.POST or None, site=site_org),
        lambda actor, data: services.request_answer(actor=actor, proposal=proposal, **data),
        title=_("Ask for an answer"),
        submit=_("Ask"),
        done=_("The organization was asked to answer."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def promote(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org, proposal, _actor = _proposal_for(request, site, pk, permissions.can_manage_answers)
    return _staff_form(
        request,
        site_org,
        proposal,
        ReasonForm(request.POST or None),
        lambda actor, data: services.promote(actor=actor, proposal=proposal, **data),
        title=_("Promote to the next step"),
        submit=_("Promote"),
        done=_("The proposal moved to its next step."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def recommend(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org, proposal, actor = _proposal_for(request, site, pk)
    committees = _committees_managed(actor, site_org)
    if not committees.exists():
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = RecommendationForm(
        request.POST or None, committees=committees, initial={"title": proposal.title, "body": proposal.body}
    )
    return _staff_form(
        request,
        site_org,
        proposal,
        form,
        lambda actor, data: services.make_recommendation(actor=actor, source=proposal, **data),
        title=_("Make it a committee recommendation"),
        submit=_("Recommend"),
        done=_("The recommendation was issued."),
    )


@require_POST
@domain_errors_as_pages
def moderate(request: HttpRequest, site: str, pk: int, comment_pk: int | None = None) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not permissions.can_moderate(actor, site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    proposal = Proposal.objects.select_related("site").filter(pk=pk, site=site_org).first()
    if proposal is None:
        raise NotFoundError()
    target: Proposal | Comment = proposal
    if comment_pk is not None:
        found = Comment.objects.select_related("proposal__site").filter(pk=comment_pk, proposal=proposal).first()
        if found is None:
            raise NotFoundError()
        target = found
    hide = request.POST.get("action") == "hide"
    reason = posted_text(request, "reason", limit=MAX_MODERATION_REASON + 1)
    try:
        services.moderate(actor=actor, target=target, hide=hide, reason=reason)
    except ValidationFailedError as error:
        messages.error(request, " ".join([str(error.message), *sum(error.field_messages().values(), [])]))
    else:
        messages.success(request, _("Hidden.") if hide else _("Restored."))
    return redirect("web:moderation", site=site)


@domain_errors_as_pages
def moderation(request: HttpRequest, site: str) -> HttpResponse:
    """Reported proposals and comments awaiting a moderator."""
    site_org = organization_selectors.site_get(site)
    if not permissions.can_moderate(Actor.for_user(request.user), site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return render(
        request,
        "web/proposals/moderation.html",
        {
            "local_site": site_org,
            "proposals": list(selectors.reported_proposals(site_org)),
            "comments": list(selectors.reported_comments(site_org)),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def block_author(request: HttpRequest, site: str, comment_pk: int) -> HttpResponseBase:
    """Block the author of a reported comment from taking part on the site."""
    site_org = organization_selectors.site_get(site)
    if not permissions.can_moderate(Actor.for_user(request.user), site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    comment = (
        Comment.objects.select_related("proposal", "author").filter(pk=comment_pk, proposal__site=site_org).first()
    )
    if comment is None:
        raise NotFoundError()
    return run_form(
        request,
        BlockForm(request.POST or None),
        lambda actor, data: services.block_user(
            actor=actor, site=site_org, user_id=comment.author_id, reason=data["reason"]
        ),
        done=_("The account was blocked and its content hidden."),
        template="web/proposals/proposal_action_form.html",
        success_url=reverse("web:moderation", kwargs={"site": site}),
        context={
            "local_site": site_org,
            "proposal": comment.proposal,
            "submit_label": _("Block"),
            "title": _("Block %(name)s") % {"name": public_name(comment.author)},
        },
    )


@domain_errors_as_pages
def export_proposals(request: HttpRequest, site: str, fmt: str) -> HttpResponseBase:
    """The public proposal list, with the page's filters, as CSV, XLSX or JSON."""
    if fmt not in {"csv", "xlsx", "json"}:
        raise NotFoundError()
    _form, proposals = _filtered_proposals(request, organization_selectors.site_get(site))
    header, rows = proposal_transfer.export_rows(proposals, language=page_language(request))
    keys = [column.key for column in proposal_transfer.EXPORT_COLUMNS]
    return spreadsheet_response(header, rows, fmt, f"{site}-proposals", keys=keys)
