"""Participatory budgets through the API: processes, phases, headings, projects and their review,
ballots (one's own only), paper ballots, the seal, counts, publication, results and Pabulib files."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from hyeopchi.api.auth import signed_in
from hyeopchi.api.proposals import organization_or_error
from hyeopchi.api.schemas import Choice, Date, Id, QueryText, ShortText, Text
from hyeopchi.budgeting import permissions, selectors, transfer
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.models import Heading, Process, Project, ProjectFile, Result
from hyeopchi.budgeting.services import ballots, processes, results
from hyeopchi.budgeting.services.processes import HeadingRules, PhaseDates
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal

router = Router(tags=["budgets"])

Won = Annotated[int, Field(ge=1, le=10**15)]
Count = Annotated[int, Field(ge=0, le=10_000)]
Percent = Annotated[int, Field(ge=0, le=100)]
Word = Annotated[str, Field(max_length=60, pattern=r"^[^\x00\r\n]*$")]
Code5 = Annotated[str, Field(pattern=r"^\d{5}$")]
MAX_PICKS = 500


class PhaseOut(Schema):
    phase: str
    starts_on: dt.date
    ends_on: dt.date


class HeadingOut(Schema):
    id: int
    name: str
    name_en: str
    amount: int
    vote_type: str
    min_picks: int
    max_picks: int | None
    min_spend_percent: int
    max_points: int | None
    rank_points: list[int]
    category_limits: dict[str, int]
    rule: str
    add1_unit: int
    min_vote_percent: int
    vote_weight: int
    area_codes: list[str]
    also_workers: bool
    also_students: bool
    min_age: int | None
    max_age: int | None
    exclude_staff: bool
    resident_tax: int | None


class ProcessOut(Schema):
    id: int
    site: str = Field(..., alias="site.site_slug")
    slug: str
    title: str
    title_en: str
    description: str
    one_heading_only: bool
    sealed_at: dt.datetime | None
    phases: list[PhaseOut] = Field(..., alias="phases.all")
    headings: list[HeadingOut] = Field(..., alias="headings.all")


class PhaseIn(Schema):
    phase: Choice
    starts_on: Date
    ends_on: Date


class ProcessIn(Schema):
    site: QueryText
    title: ShortText
    title_en: ShortText = ""
    slug: Annotated[str, Field(max_length=60, pattern=r"^[a-z0-9-]*$")] = ""
    description: Text = ""
    organizer_id: Id | None = None
    one_heading_only: bool = False
    consent_to_demographics: bool = False
    phases: Annotated[list[PhaseIn], Field(min_length=1, max_length=7)]


class HeadingIn(Schema):
    name: ShortText
    name_en: ShortText = ""
    amount: Won
    resident_tax: Won | None = None
    vote_type: Word = "approval"
    min_picks: Count = 1
    max_picks: Count | None = None
    min_spend_percent: Percent = 0
    max_points: Count | None = None
    rank_points: Annotated[list[Count], Field(max_length=50)] = []
    category_limits: Annotated[dict[Word, Count], Field(max_length=50)] = {}
    rule: Word = "greedy"
    min_vote_percent: Percent = 0
    area_codes: Annotated[list[Code5], Field(max_length=50)] = []
    also_workers: bool = False
    also_students: bool = False
    min_age: Annotated[int, Field(ge=0, le=130)] | None = None
    max_age: Annotated[int, Field(ge=0, le=130)] | None = None
    exclude_staff: bool = False


class ProjectOut(Schema):
    id: int
    heading_id: int
    number: int
    title: str
    title_en: str
    description: str
    cost: int
    category: str
    area_id: int | None
    responsible_id: int | None
    proposal_id: int | None
    feasibility: str
    feasibility_reason: str
    votes: int
    selected: bool


class ProjectFileOut(Schema):
    id: int
    title: str
    media_type: str
    size: int
    description: str


class ProjectIn(Schema):
    title: ShortText
    cost: Won
    title_en: ShortText = ""
    description: Text = ""
    category: Word = ""
    area_id: Id | None = None
    responsible_id: Id | None = None
    proposal_id: Id | None = None


class ReviewIn(Schema):
    feasibility: Word
    reason: Text = ""
    cost: Won | None = None


class BallotIn(Schema):
    picks: Annotated[list[Annotated[int, Field(ge=1, le=10**9)]], Field(max_length=MAX_PICKS)]
    points: Annotated[list[Count], Field(max_length=MAX_PICKS)] = []
    share_age: bool = False


class BallotOut(Schema):
    picks: list[int]
    points: list[int]
    changed: bool | None = None


class PaperBallotIn(Schema):
    picks: Annotated[list[Annotated[int, Field(ge=1, le=10**9)]], Field(max_length=MAX_PICKS)]
    points: Annotated[list[Count], Field(max_length=MAX_PICKS)] = []
    name: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[^\x00\r\n]*$")]
    birth_date: Date


class PaperBallotOut(Schema):
    valid: bool


class ResultOut(Schema):
    heading_id: int
    rule: str
    computed_at: dt.datetime
    ballots: int
    void: int
    spent: int
    published: bool
    outcome: dict[str, Any]


class ImportIn(Schema):
    text: Annotated[str, Field(max_length=50_000_000)]
    name: ShortText = ""


class DoneOut(Schema):
    count: int


def _process(process_id: int) -> Process:
    found = Process.objects.filter(pk=process_id).select_related("site").first()
    if found is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such budget process."))
    return found


def _heading(heading_id: int) -> Heading:
    """The heading with its process and the process's site."""
    try:
        return Heading.objects.select_related("process", "process__site").get(pk=heading_id)
    except Heading.DoesNotExist:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such budget in this process.")) from None


def _project(project_id: int) -> Project:
    found = Project.objects.filter(pk=project_id).select_related("heading__process__site", "responsible").first()
    if found is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such project."))
    return found


def _actor(request: HttpRequest) -> Actor:
    return Actor.for_user(request.user)


@router.get("/budgets", response=list[ProcessOut])
def list_processes(request: HttpRequest, site: QueryText) -> Any:
    site_org = Organization.objects.filter(site_slug=site).first()
    return selectors.processes_of(site_org) if site_org else Process.objects.none()


@router.get("/budgets/{process_id}", response=ProcessOut)
def get_process(request: HttpRequest, process_id: Id) -> Process:
    return _process(process_id)


@router.post("/budgets", response={201: ProcessOut}, auth=signed_in)
def create_process(request: HttpRequest, payload: ProcessIn) -> Status[Process]:
    site = Organization.objects.filter(site_slug=payload.site).first()
    if site is None:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such site."))
    made = processes.create_process(
        actor=_actor(request),
        site=site,
        title=payload.title,
        title_en=payload.title_en,
        slug=payload.slug,
        description=payload.description,
        organizer=organization_or_error("organizer_id", payload.organizer_id),
        one_heading_only=payload.one_heading_only,
        consent_to_demographics=payload.consent_to_demographics,
        phases=[PhaseDates(p.phase, p.starts_on, p.ends_on) for p in payload.phases],
    )
    return Status(201, _process(made.pk))


@router.put("/budgets/{process_id}/phases", response=ProcessOut, auth=signed_in)
def set_phases(
    request: HttpRequest, process_id: Id, payload: Annotated[list[PhaseIn], Field(min_length=1, max_length=7)]
) -> Process:
    processes.set_phases(
        actor=_actor(request),
        process=_process(process_id),
        phases=[PhaseDates(p.phase, p.starts_on, p.ends_on) for p in payload],
    )
    return _process(process_id)


@router.post("/budgets/{process_id}/headings", response={201: HeadingOut}, auth=signed_in)
def add_heading(request: HttpRequest, process_id: Id, payload: HeadingIn) -> Status[Heading]:
    rules = HeadingRules(
        vote_type=payload.vote_type,
        min_picks=payload.min_picks,
        max_picks=payload.max_picks,
        min_spend_percent=payload.min_spend_percent,
        max_points=payload.max_points,
        rank_points=payload.rank_points,
        category_limits=payload.category_limits,
        rule=payload.rule,
        min_vote_percent=payload.min_vote_percent,
        area_codes=payload.area_codes,
        also_workers=payload.also_workers,
        also_students=payload.also_students,
        min_age=payload.min_age,
        max_age=payload.max_age,
        exclude_staff=payload.exclude_staff,
    )
    heading = processes.add_heading(
        actor=_actor(request),
        process=_process(process_id),
        name=payload.name,
        name_en=payload.name_en,
        amount=payload.amount,
        rules=rules,
        resident_tax=payload.resident_tax,
    )
    return Status(201, heading)


@router.get("/budgets/headings/{heading_id}/projects", response=list[ProjectOut])
def list_projects(request: HttpRequest, heading_id: Id) -> Any:
    return selectors.catalogue(_heading(heading_id))


@router.post("/budgets/headings/{heading_id}/projects", response={201: ProjectOut}, auth=signed_in)
def add_project(request: HttpRequest, heading_id: Id, payload: ProjectIn) -> Status[Project]:
    proposal = None
    if payload.proposal_id is not None:
        proposal = Proposal.objects.filter(pk=payload.proposal_id).first()
        if proposal is None:
            raise NotFoundError(Code.NOT_FOUND, _("There is no such proposal."))
    project = processes.add_project(
        actor=_actor(request),
        heading=_heading(heading_id),
        title=payload.title,
        cost=payload.cost,
        title_en=payload.title_en,
        description=payload.description,
        category=payload.category,
        area=organization_or_error("area_id", payload.area_id),
        responsible=organization_or_error("responsible_id", payload.responsible_id),
        proposal=proposal,
    )
    return Status(201, project)


@router.get("/budgets/projects/{project_id}/files", response=list[ProjectFileOut])
def list_project_files(request: HttpRequest, project_id: Id) -> Any:
    """A project's files and images (an image's description is its text alternative)."""
    return _project(project_id).files.all()


@router.post("/budgets/projects/{project_id}/files", response={201: ProjectFileOut}, auth=signed_in)
def add_project_file(
    request: HttpRequest, project_id: Id, file: File[UploadedFile], title: Form[ShortText], description: Form[str] = ""
) -> Status[ProjectFile]:
    """Attach a PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG file of at most 20 MB; an image needs a
    description of what it shows."""
    stored = processes.add_project_file(
        actor=_actor(request), project=_project(project_id), title=title, upload=file, description=description
    )
    return Status(201, stored)


@router.put("/budgets/projects/{project_id}/review", response=ProjectOut, auth=signed_in)
def review_project(request: HttpRequest, project_id: Id, payload: ReviewIn) -> Project:
    return processes.review_project(
        actor=_actor(request),
        project=_project(project_id),
        feasibility=payload.feasibility,
        reason=payload.reason,
        cost=payload.cost,
    )


@router.put("/budgets/headings/{heading_id}/ballot", response=BallotOut, auth=signed_in)
def cast_ballot(request: HttpRequest, heading_id: Id, payload: BallotIn) -> dict[str, Any]:
    """Cast or change one's ballot while voting is open."""
    receipt = ballots.cast(
        actor=_actor(request),
        heading=heading_id,
        picks=payload.picks,
        points=payload.points,
        share_age=payload.share_age,
    )
    return {"picks": payload.picks, "points": payload.points, "changed": receipt.changed}


@router.get("/budgets/headings/{heading_id}/ballot", response=BallotOut, auth=signed_in)
def my_ballot(request: HttpRequest, heading_id: Id) -> dict[str, Any]:
    """One's own ballot while voting is open (nobody else's, ever; nothing once the box is sealed)."""
    mine = ballots.current_ballot(_heading(heading_id), _actor(request).user_pk or 0)
    if mine is None:
        raise NotFoundError(Code.NOT_FOUND, _("You have no ballot here that can still be changed."))
    return {"picks": mine.picks, "points": mine.points}


@router.post("/budgets/headings/{heading_id}/paper-ballots", response={201: PaperBallotOut}, auth=signed_in)
def enter_paper_ballot(request: HttpRequest, heading_id: Id, payload: PaperBallotIn) -> Status[dict[str, bool]]:
    entered = ballots.enter_paper_ballot(
        actor=_actor(request),
        heading=_heading(heading_id),
        picks=payload.picks,
        points=payload.points,
        name=payload.name,
        birth_date=payload.birth_date,
    )
    return Status(201, {"valid": entered.valid})


@router.post("/budgets/{process_id}/seal", response=DoneOut, auth=signed_in)
def seal(request: HttpRequest, process_id: Id) -> dict[str, int]:
    return {"count": ballots.seal(actor=_actor(request), process=_process(process_id))}


@router.post("/budgets/{process_id}/count", response=list[ResultOut], auth=signed_in)
def count(request: HttpRequest, process_id: Id) -> list[Result]:
    process = _process(process_id)
    return [results.count(actor=_actor(request), heading=h) for h in process.headings.all()]


@router.post("/budgets/{process_id}/publish", response=DoneOut, auth=signed_in)
def publish(request: HttpRequest, process_id: Id) -> dict[str, int]:
    return {"count": results.publish(actor=_actor(request), process=_process(process_id))}


def _visible_result(request: HttpRequest, heading: Heading) -> Result:
    staff = permissions.can_manage_process(_actor(request), heading.process)
    result = selectors.results_of(heading.process, staff=staff).get(heading.pk)
    if result is None:
        raise NotFoundError(Code.NOT_TALLIED, _("The results of this budget are not published yet."))
    return result


@router.get("/budgets/headings/{heading_id}/result", response=ResultOut)
def get_result(request: HttpRequest, heading_id: Id) -> Result:
    return _visible_result(request, _heading(heading_id))


@router.get("/budgets/headings/{heading_id}/pabulib", response={200: None})
def get_pabulib(request: HttpRequest, heading_id: Id) -> HttpResponse:
    """The heading as a Pabulib ``.pb`` file (UTF-8, no BOM), once its result is public."""
    heading = _heading(heading_id)
    _visible_result(request, heading)
    return HttpResponse(transfer.export_pabulib(heading).encode("utf-8"), content_type="text/plain; charset=utf-8")


@router.post("/budgets/{process_id}/pabulib", response={201: HeadingOut}, auth=signed_in)
def import_pabulib(request: HttpRequest, process_id: Id, payload: ImportIn) -> Status[Heading]:
    """A past election as a counted heading of the process (all or nothing)."""
    heading = transfer.import_pabulib(
        actor=_actor(request), process=_process(process_id), text=payload.text, name=payload.name
    )
    return Status(201, heading)
