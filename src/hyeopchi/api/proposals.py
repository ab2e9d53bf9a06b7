"""Proposals through the API: lists and search, supports, debates, comments, reports, answers and
the threshold ladders.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hyeopchi.api.auth import signed_in
from hyeopchi.api.pagination import Pagination
from hyeopchi.api.schemas import Choice, Date, Id, LocalDateTime, QueryText, ShortText, Text
from hyeopchi.core.accounts import public_name
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, ValidationFailedError
from hyeopchi.organizations.models import Organization, Person
from hyeopchi.proposals import selectors, services
from hyeopchi.proposals.enums import Answerer, Metric, Position, ReportReason, StepEffect
from hyeopchi.proposals.errors import ProposalErrorCode
from hyeopchi.proposals.models import Answer, Comment, Ladder, LadderStep, Proposal
from hyeopchi.tasks import services as task_services

router = Router(tags=["proposals"])


class ProposalOut(Schema):
    id: int
    site: str = Field(..., alias="site.site_slug")
    kind: str
    status: str
    title: str
    title_en: str
    body: str
    addressee_id: int
    author_organization_id: int | None
    round_number: int | None
    number: int | None
    source_id: int | None
    submitted_at: LocalDateTime | None
    deadline: LocalDateTime | None
    answered_at: LocalDateTime | None
    steps_reached: int
    next_metric: str = Field(..., description="What the next step counts; empty when none is left.")
    next_threshold: int | None
    support_count: int
    participant_count: int
    comment_count: int


class ProposalFilters(Schema):
    site: QueryText | None = None
    status: Choice = ""
    kind: Choice = ""
    q: QueryText = ""
    order: Annotated[str, Field(pattern=r"^(recent|supports|debate)$")] = "recent"


class ProposalIn(Schema):
    addressee_id: Id
    title: ShortText
    body: Text


class ProposalEditIn(Schema):
    title: ShortText
    body: Text


class CommentIn(Schema):
    body: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]
    parent_id: Id | None = None


class CommentOut(Schema):
    id: int
    parent_id: int | None
    author_name: str = Field(..., description="The author's nickname, or 시민 N; never the login ID.")
    body: str = Field(..., description="Empty for a comment its author deleted (kept while replies to it remain).")
    created_at: LocalDateTime
    edited_at: LocalDateTime | None
    deleted_at: LocalDateTime | None

    @staticmethod
    def resolve_author_name(obj: Comment) -> str:
        return public_name(obj.author)


class CommentEditIn(Schema):
    body: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]


class PositionIn(Schema):
    position: Position


class ReportIn(Schema):
    reason: ReportReason
    note: Annotated[str, Field(max_length=500, pattern=r"^[^\x00]*$")] = ""
    comment_id: Id | None = None


class AnswerOut(Schema):
    id: int
    proposal_id: int
    organization_id: int
    due_on: dt.date | None
    answered_at: LocalDateTime | None
    outcome: str
    text: str


class AnswerIn(Schema):
    outcome: Choice
    text: Text
    respondent_id: Id | None = None
    text_en: Text = ""
    task_title: ShortText = ""
    department_id: Id | None = None
    end_date: Date | None = None


class RequestAnswerIn(Schema):
    organization_id: Id
    due_on: Date | None = None


class ReasonIn(Schema):
    reason: ShortText


class SimilarOut(Schema):
    proposal: ProposalOut
    score: float


def _actor(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    found = Proposal.objects.select_related("site").filter(pk=proposal_id).first()
    if found is None:
        raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("There is no such proposal."))
    return selectors.proposal_get(pk=found.pk, site=found.site, viewer_id=_actor(request).user_pk)


def organization_or_error(field: str, pk: int | None) -> Organization | None:
    if pk is None:
        return None
    found = Organization.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailedError(
            ProposalErrorCode.INVALID_PROPOSAL, fields={field: [_("No organization has this id.")]}
        )
    return found


@router.get("/proposals", response=list[ProposalOut])
@paginate(Pagination)
def list_proposals(request: HttpRequest, filters: Query[ProposalFilters]) -> Any:
    site = None
    if filters.site is not None:
        site = Organization.objects.filter(site_slug=filters.site).first()
        if site is None:
            return Proposal.objects.none()
    return selectors.proposals_list(
        site, status=filters.status, kind=filters.kind, query=filters.q, order=filters.order
    )


@router.get("/proposals/similar", response=list[SimilarOut])
def similar_proposals(
    request: HttpRequest, site: QueryText, title: QueryText, body: Annotated[str, Field(max_length=5000)] = ""
) -> list[dict[str, Any]]:
    site_org = Organization.objects.filter(site_slug=site).first()
    if site_org is None:
        raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("There is no site at this address."))
    return [
        {"proposal": p, "score": score}
        for p, score in selectors.similar_proposals(site_org, title, body.replace("\x00", ""))
    ]


@router.get("/proposals/{proposal_id}", response=ProposalOut)
def get_proposal(request: HttpRequest, proposal_id: Id) -> Proposal:
    return _proposal(request, proposal_id)


@router.post("/proposals", response={201: ProposalOut}, auth=signed_in)
def create_proposal(request: HttpRequest, payload: ProposalIn) -> Status[Proposal]:
    addressee = organization_or_error("addressee_id", payload.addressee_id)
    assert addressee is not None
    proposal = services.create_proposal(
        actor=_actor(request), addressee=addressee, title=payload.title, body=payload.body
    )
    return Status(201, Proposal.objects.select_related("site").get(pk=proposal.pk))


class CountsOut(Schema):
    id: int
    status: str
    steps_reached: int
    support_count: int
    participant_count: int


@router.post("/proposals/{proposal_id}/support", response=CountsOut, auth=signed_in)
def support(request: HttpRequest, proposal_id: Id) -> Proposal:
    """Support a proposal (공감); the counts after it, and the status if a step was reached."""
    return services.support(actor=_actor(request), proposal=Proposal(pk=proposal_id))


@router.delete("/proposals/{proposal_id}/support", response=ProposalOut, auth=signed_in)
def withdraw_support(request: HttpRequest, proposal_id: Id) -> Proposal:
    proposal = services.withdraw_support(actor=_actor(request), proposal=_proposal(request, proposal_id))
    return Proposal.objects.select_related("site").get(pk=proposal.pk)


@router.post("/proposals/{proposal_id}/debate", response=ProposalOut, auth=signed_in)
def join_debate(request: HttpRequest, proposal_id: Id, payload: PositionIn) -> Proposal:
    proposal = services.join_debate(
        actor=_actor(request), proposal=_proposal(request, proposal_id), position=payload.position
    )
    return Proposal.objects.select_related("site").get(pk=proposal.pk)


@router.post("/proposals/{proposal_id}/withdraw", response=ProposalOut, auth=signed_in)
def withdraw(request: HttpRequest, proposal_id: Id) -> Proposal:
    proposal = services.withdraw_proposal(actor=_actor(request), proposal=_proposal(request, proposal_id))
    return Proposal.objects.select_related("site").get(pk=proposal.pk)


@router.patch("/proposals/{proposal_id}", response=ProposalOut, auth=signed_in)
def edit_proposal(request: HttpRequest, proposal_id: Id, payload: ProposalEditIn) -> Proposal:
    """The author rewrites the title and text until the first support; then it can only be withdrawn."""
    proposal = services.edit_proposal(
        actor=_actor(request), proposal=_proposal(request, proposal_id), title=payload.title, body=payload.body
    )
    return Proposal.objects.select_related("site").get(pk=proposal.pk)


def _comment(request: HttpRequest, proposal_id: Id, comment_id: Id) -> Comment:
    return selectors.comment_get(pk=comment_id, proposal=_proposal(request, proposal_id))


@router.patch("/proposals/{proposal_id}/comments/{comment_id}", response=CommentOut, auth=signed_in)
def edit_comment(request: HttpRequest, proposal_id: Id, comment_id: Id, payload: CommentEditIn) -> Comment:
    """The author rewrites their comment; the earlier text is kept for moderators."""
    return services.edit_comment(
        actor=_actor(request), comment=_comment(request, proposal_id, comment_id), body=payload.body
    )


@router.delete("/proposals/{proposal_id}/comments/{comment_id}", response={204: None}, auth=signed_in)
def delete_comment(request: HttpRequest, proposal_id: Id, comment_id: Id) -> Status[None]:
    """The author deletes their comment; its text is kept for moderators only."""
    services.delete_comment(actor=_actor(request), comment=_comment(request, proposal_id, comment_id))
    return Status(204, None)


@router.get("/proposals/{proposal_id}/comments", response=list[CommentOut])
def list_comments(request: HttpRequest, proposal_id: Id) -> list[Comment]:
    proposal = _proposal(request, proposal_id)
    comments: list[Comment] = []
    for comment in selectors.visible_comments(proposal):
        comments.append(comment)
        comments.extend(comment.visible_replies)  # type: ignore[attr-defined]
    return comments


@router.post("/proposals/{proposal_id}/comments", response={201: CommentOut}, auth=signed_in)
def add_comment(request: HttpRequest, proposal_id: Id, payload: CommentIn) -> Status[Comment]:
    proposal = _proposal(request, proposal_id)
    parent = None
    if payload.parent_id is not None:
        parent = Comment.objects.filter(pk=payload.parent_id, proposal=proposal).first()
        if parent is None:
            raise ValidationFailedError(
                ProposalErrorCode.INVALID_COMMENT, fields={"parent_id": [_("Reply to a comment on the same proposal.")]}
            )
    comment = services.add_comment(actor=_actor(request), proposal=proposal, body=payload.body, parent=parent)
    return Status(201, comment)


@router.post("/proposals/{proposal_id}/reports", response={201: dict[str, int]}, auth=signed_in)
def report(request: HttpRequest, proposal_id: Id, payload: ReportIn) -> Status[dict[str, int]]:
    proposal = _proposal(request, proposal_id)
    comment = None
    if payload.comment_id is not None:
        comment = Comment.objects.filter(pk=payload.comment_id, proposal=proposal).first()
        if comment is None:
            raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("There is no such comment."))
    made = services.report_content(
        actor=_actor(request),
        reason=payload.reason,
        note=payload.note,
        proposal=None if comment else proposal,
        comment=comment,
    )
    return Status(201, {"id": made.pk})


@router.get("/proposals/{proposal_id}/answers", response=list[AnswerOut])
def list_answers(request: HttpRequest, proposal_id: Id) -> list[Answer]:
    return selectors.answers_of(_proposal(request, proposal_id))


@router.post("/proposals/{proposal_id}/answers", response={201: AnswerOut}, auth=signed_in)
def request_answer(request: HttpRequest, proposal_id: Id, payload: RequestAnswerIn) -> Status[Answer]:
    organization = organization_or_error("organization_id", payload.organization_id)
    assert organization is not None
    answer = services.request_answer(
        actor=_actor(request),
        proposal=_proposal(request, proposal_id),
        organization=organization,
        due_on=payload.due_on,
    )
    return Status(201, answer)


@router.post("/proposals/{proposal_id}/promote", response=ProposalOut, auth=signed_in)
def promote(request: HttpRequest, proposal_id: Id, payload: ReasonIn) -> Proposal:
    proposal = services.promote(actor=_actor(request), proposal=_proposal(request, proposal_id), reason=payload.reason)
    return Proposal.objects.select_related("site").get(pk=proposal.pk)


@router.get("/answers", response=list[AnswerOut])
@paginate(Pagination)
def list_answers_owed(request: HttpRequest, site: QueryText, overdue: bool = False) -> Any:
    site_org = Organization.objects.filter(site_slug=site).first()
    if site_org is None:
        return Answer.objects.none()
    if overdue:
        return selectors.overdue_answers(site_org, today=timezone.localdate())
    return Answer.objects.filter(proposal__site=site_org, answered_at__isnull=True).order_by("due_on", "pk")


@router.post("/answers/{answer_id}", response=AnswerOut, auth=signed_in)
def give_answer(request: HttpRequest, answer_id: Id, payload: AnswerIn) -> Answer:
    owed = Answer.objects.select_related("proposal__site", "organization").filter(pk=answer_id).first()
    if owed is None:
        raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("There is no such answer."))
    respondent = None
    if payload.respondent_id is not None:
        respondent = Person.objects.filter(pk=payload.respondent_id).first()
        if respondent is None:
            raise ValidationFailedError(
                ProposalErrorCode.INVALID_ANSWER, fields={"respondent_id": [_("No person has this id.")]}
            )
    given, _task = task_services.answer_with_task(
        actor=_actor(request),
        answer=owed,
        outcome=payload.outcome,
        text=payload.text,
        respondent=respondent,
        text_en=payload.text_en,
        task_title=payload.task_title,
        department=organization_or_error("department_id", payload.department_id),
        end_date=payload.end_date,
        start_date=timezone.localdate(),
    )
    return given


class StepIO(Schema):
    name: ShortText
    name_en: ShortText = ""
    metric: Metric
    threshold: Annotated[int, Field(ge=1, le=10_000_000)]
    window_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    effect: StepEffect
    answerer: Answerer | None = None
    answer_organization_id: Id | None = None
    answer_days: Annotated[int, Field(ge=1, le=365)] | None = None


class StepOut(Schema):
    order: int
    name: str
    name_en: str
    metric: str
    threshold: int
    window_days: int | None
    effect: str
    answerer: str
    answer_organization_id: int | None
    answer_days: int | None


class LadderIn(Schema):
    site: QueryText
    name: ShortText
    name_en: ShortText = ""
    valid_from: Date
    basis: ShortText = ""
    steps: Annotated[list[StepIO], Field(min_length=1, max_length=10)]


class LadderOut(Schema):
    id: int
    site: str = Field(..., alias="site.site_slug")
    name: str
    name_en: str
    valid_from: dt.date
    basis: str
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Ladder) -> list[LadderStep]:
        return list(obj.steps.order_by("order"))


@router.get("/ladders", response=list[LadderOut])
def list_ladders(request: HttpRequest, site: QueryText) -> list[Ladder]:
    """A site's threshold ladders, newest first: the history of its rules."""
    return list(Ladder.objects.filter(site__site_slug=site).select_related("site").order_by("-valid_from"))


@router.post("/ladders", response={201: LadderOut}, auth=signed_in)
def create_ladder(request: HttpRequest, payload: LadderIn) -> Status[Ladder]:
    """Set a site's thresholds from a date (its administrators); earlier proposals keep theirs."""
    site = Organization.objects.filter(site_slug=payload.site).first()
    if site is None:
        raise NotFoundError(ProposalErrorCode.NOT_FOUND, _("There is no site at this address."))
    steps = []
    for step in payload.steps:
        row = step.dict(exclude={"answer_organization_id"})
        row["answerer"] = row["answerer"] or ""
        row["answer_organization"] = organization_or_error("answer_organization_id", step.answer_organization_id)
        steps.append(row)
    ladder = services.create_ladder(
        actor=_actor(request),
        site=site,
        name=payload.name,
        name_en=payload.name_en,
        valid_from=payload.valid_from,
        steps=steps,
        basis=payload.basis,
    )
    return Status(201, Ladder.objects.select_related("site").get(pk=ladder.pk))
