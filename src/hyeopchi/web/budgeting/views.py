"""Participatory budgets on the public site: processes and their phases, the project catalogue,
the ballot (phone first; the money left shown as one picks, with htmx, and without JavaScript),
results explained, open data; and the staff's seal, count, publish and paper ballots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hyeopchi.budgeting import permissions, selectors, transfer
from hyeopchi.budgeting.enums import Phase, VoteType
from hyeopchi.budgeting.errors import BudgetErrorCode
from hyeopchi.budgeting.models import Ballot, Heading, Participation, Process, Project, ProjectFile
from hyeopchi.budgeting.services import ballots, processes, results
from hyeopchi.budgeting.services.ballots import BallotProject, ballot_problems
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks.models import Task
from hyeopchi.web.budgeting.forms import (
    BallotForm,
    CatalogueFilterForm,
    HeadingForm,
    PaperBallotForm,
    ProcessForm,
    ProjectFileForm,
    ProjectForm,
    ReviewForm,
)
from hyeopchi.web.common.views import (
    Perform,
    add_domain_error,
    domain_errors_as_pages,
    filtered,
    run_form,
    spreadsheet_response,
    stored_file_response,
)

CHART_WIDTH, BAR_HEIGHT = 640, 28


def _process(site: str, slug: str) -> tuple[Organization, Process]:
    site_org = organization_selectors.site_get(site)
    return site_org, selectors.process_get(site_org, slug)


def _heading(site: str, slug: str, heading: int) -> tuple[Organization, Process, Heading]:
    site_org, process = _process(site, slug)
    return site_org, process, selectors.heading_get(process, heading)


@domain_errors_as_pages
def processes_index(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    today = timezone.localdate()
    rows = [(p, selectors.current_phase(p, today)) for p in selectors.processes_of(site_org)]
    staff = permissions.can_manage_process(Actor.for_user(request.user), Process(site=site_org))
    return render(
        request,
        "web/budgeting/processes.html",
        {"local_site": site_org, "title": _("Participatory budgets"), "rows": rows, "staff": staff},
    )


def _eligibility_text(heading: Heading) -> list[str]:
    """Who may vote, in a sentence each."""
    lines = []
    if heading.area_codes:
        areas = ", ".join(
            o.display_name for o in Organization.objects.filter(admin_code__in=heading.area_codes).order_by("name")
        )
        sentences = {
            (False, False): _("Verified residents of %(areas)s."),
            (True, False): _("People verified to live or work in %(areas)s."),
            (False, True): _("People verified to live or study in %(areas)s."),
            (True, True): _("People verified to live, work or study in %(areas)s."),
        }
        lines.append(sentences[(heading.also_workers, heading.also_students)] % {"areas": areas})
    else:
        lines.append(_("Anyone signed in."))
    if heading.min_age is not None or heading.max_age is not None:
        lines.append(
            _("Aged %(low)s to %(high)s on the first day of voting.")
            % {"low": heading.min_age or 0, "high": heading.max_age if heading.max_age is not None else "—"}
        )
    if heading.exclude_staff:
        lines.append(_("The site's own officials do not vote."))
    return lines


def _ballot_rule_text(heading: Heading) -> str:
    kind = heading.vote_type
    if kind == VoteType.KNAPSACK:
        text = _("Pick projects whose costs add up to at most %(amount)s won.") % {"amount": f"{heading.amount:,}"}
        if heading.min_spend_percent:
            text += " " + _("Spend at least %(p)s%% of it.") % {"p": heading.min_spend_percent}
        return text
    if kind == VoteType.CUMULATIVE:
        return _("Share %(n)s points among the projects you support.") % {"n": heading.max_points}
    if kind == VoteType.ORDINAL:
        return _("Rank %(n)s projects, the one you want most first.") % {"n": heading.max_picks}
    if kind == VoteType.CHOOSE_1:
        return _("Pick one project.")
    if heading.max_picks:
        return _("Pick %(low)s to %(high)s projects.") % {"low": heading.min_picks, "high": heading.max_picks}
    return _("Pick at least %(low)s projects.") % {"low": heading.min_picks}


@domain_errors_as_pages
def process_detail(request: HttpRequest, site: str, slug: str) -> HttpResponse:
    site_org, process = _process(site, slug)
    actor = Actor.for_user(request.user)
    staff = permissions.can_manage_process(actor, process)
    today = timezone.localdate()
    phase = selectors.current_phase(process, today)
    found = selectors.results_of(process, staff=staff)
    voted = set()
    if actor.user_pk is not None:
        voted = set(
            Participation.objects.filter(process=process, user_id=actor.user_pk).values_list("heading_id", flat=True)
        )
    headings = [
        {
            "heading": h,
            "projects": h.projects.count(),
            "rule_text": _ballot_rule_text(h),
            "eligibility": _eligibility_text(h),
            "result": found.get(h.pk),
            "voted": h.pk in voted,
        }
        for h in process.headings.all()
    ]
    voting = next((p for p in process.phases.all() if p.phase == Phase.VOTING), None)
    return render(
        request,
        "web/budgeting/process.html",
        {
            "local_site": site_org,
            "process": process,
            "title": process.display_title,
            "phases": list(process.phases.all()),
            "phase": phase,
            "today": today,
            "voting": voting,
            "voting_open": selectors.voting_open(process, today),
            "headings": headings,
            "staff": staff,
            "ballots_cast": Ballot.objects.filter(heading__process=process).count() if staff else None,
        },
    )


@domain_errors_as_pages
def heading_detail(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponse:
    """The heading's project catalogue, with filters."""
    site_org, process, found = _heading(site, slug, heading)
    form = CatalogueFilterForm(request.GET or None, categories=selectors.categories_of(found))
    wanted = filtered(form)
    projects = selectors.catalogue(
        found, category=wanted.get("category") or "", max_cost=wanted.get("max_cost"), order=wanted.get("order") or ""
    )
    return render(
        request,
        "web/budgeting/heading.html",
        {
            "local_site": site_org,
            "process": process,
            "heading": found,
            "title": found.display_name,
            "form": form,
            "projects": projects,
            "rule_text": _ballot_rule_text(found),
            "eligibility": _eligibility_text(found),
            "voting_open": selectors.voting_open(process),
            "staff": permissions.can_manage_process(Actor.for_user(request.user), process),
        },
    )


@domain_errors_as_pages
def project_detail(request: HttpRequest, site: str, slug: str, heading: int, number: int) -> HttpResponse:
    site_org, process, found = _heading(site, slug, heading)
    project = selectors.project_get(found, number)
    actor = Actor.for_user(request.user)
    staff = permissions.can_manage_process(actor, process)
    result = selectors.results_of(process, staff=staff)
    files = list(project.files.all())
    return render(
        request,
        "web/budgeting/project.html",
        {
            "local_site": site_org,
            "process": process,
            "heading": found,
            "project": project,
            "title": project.display_title,
            "counted": found.pk in result,
            "task": _task_of(project),
            "staff": staff,
            "reviewer": permissions.can_review_project(actor, project),
            "images": [f for f in files if f.is_image],
            "documents": [f for f in files if not f.is_image],
        },
    )


def _task_of(project: Project) -> Any:
    return Task.objects.filter(
        origin_type=ContentType.objects.get_for_model(Project), origin_pk=str(project.pk)
    ).first()


@dataclass(frozen=True)
class Summary:
    """What the voter has picked so far, against the ballot's rules."""

    count: int
    cost: int
    left: int
    points: int
    points_left: int | None
    problems: list[str]
    over: bool


def _summary(heading: Heading, projects: list[Project], picks: list[int], points: list[int]) -> Summary:
    by_number = {p.number: BallotProject(p.number, p.cost, p.category) for p in projects}
    known = [n for n in picks if n in by_number]
    cost = sum(by_number[n].cost for n in known)
    problems = ballot_problems(heading, by_number, picks, points) if picks else []
    used = sum(points)
    return Summary(
        count=len(known),
        cost=cost,
        left=heading.amount - cost,
        points=used,
        points_left=(heading.max_points - used) if heading.max_points else None,
        problems=problems,
        over=cost > heading.amount,
    )


def _ballot_page(
    request: HttpRequest, site_org: Organization, process: Process, heading: Heading, form: BallotForm, **extra: Any
) -> HttpResponse:
    picks, points = form.picks_and_points() if form.is_bound and form.is_valid() else ([], [])
    page = {
        "local_site": site_org,
        "process": process,
        "heading": heading,
        "title": _("Ballot: %(name)s") % {"name": heading.display_name},
        "form": form,
        "summary": _summary(heading, form.projects, picks, points),
        "rule_text": _ballot_rule_text(heading),
        "voting": ballots.voting_period(process),
        **extra,
    }
    return render(request, "web/budgeting/ballot.html", page, status=422 if extra.get("refused") else 200)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def ballot(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponseBase:
    """The ballot: GET shows it (with the voter's current picks while voting is open); POST with
    "check" shows the sums without voting (the no-JavaScript way to see the money left), POST
    casts or changes the ballot."""
    site_org, process, found = _heading(site, slug, heading)
    actor = Actor.for_user(request.user)
    if not actor.is_authenticated:
        raise PermissionDeniedError()
    projects = selectors.feasible_projects(found)
    voting = ballots.voting_period(process)
    problem = None
    if voting is not None:
        problem = ballots.eligibility_problem(found, request.user, on=voting.starts_on)
    closed = not selectors.voting_open(process)
    if request.method == "POST" and not closed and not problem:
        form = BallotForm(request.POST, heading=found, projects=projects)
        if form.is_valid() and "check" not in request.POST:
            picks, points = form.picks_and_points()
            try:
                receipt = ballots.cast(
                    actor=actor,
                    heading=found,
                    picks=picks,
                    points=points,
                    share_age=bool(form.cleaned_data.get("share_age")),
                )
            except DomainError as error:
                if isinstance(error, PermissionDeniedError | NotFoundError):
                    raise
                add_domain_error(form, error, {"picks": None})
                return _ballot_page(request, site_org, process, found, form, refused=True)
            done = _("Your ballot was changed.") if receipt.changed else _("Your ballot was cast.")
            until = _("You may change it until %(day)s.") % {"day": f"{voting.ends_on:%Y-%m-%d}"} if voting else ""
            messages.success(request, f"{done} {until}".strip())
            return redirect("web:budget_process", site=site, slug=slug)
        return _ballot_page(request, site_org, process, found, form)
    initial: dict[str, Any] = {}
    mine = ballots.current_ballot(found, actor.user_pk or 0) if not closed else None
    if mine is not None:
        initial = _initial_of(found, mine)
    form = BallotForm(initial=initial, heading=found, projects=projects)
    return _ballot_page(request, site_org, process, found, form, problem=problem, closed=closed, mine=mine)


def _initial_of(heading: Heading, mine: Ballot) -> dict[str, Any]:
    kind = heading.vote_type
    if kind in (VoteType.APPROVAL, VoteType.KNAPSACK):
        return {"picks": [str(n) for n in mine.picks]}
    if kind == VoteType.CHOOSE_1:
        return {"picks": str(mine.picks[0])} if mine.picks else {}
    if kind == VoteType.CUMULATIVE:
        return {f"points_{n}": v for n, v in zip(mine.picks, mine.points, strict=False)}
    return {f"rank_{i}": str(n) for i, n in enumerate(mine.picks, start=1)}


@require_POST
@domain_errors_as_pages
def ballot_summary(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponse:
    """The sums of the picks so far (htmx, on every change of the ballot)."""
    _site_org, _process_, found = _heading(site, slug, heading)
    projects = selectors.feasible_projects(found)
    form = BallotForm(request.POST, heading=found, projects=projects)
    picks, points = form.picks_and_points() if form.is_valid() else ([], [])
    return render(
        request,
        "web/budgeting/_ballot_summary.html",
        {"heading": found, "summary": _summary(found, projects, picks, points)},
    )


def _bars(rows: list[selectors.ResultRow]) -> dict[str, Any]:
    """Horizontal bars of each project's score, the selected ones marked."""
    top = max((r.score for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = float(row.score / top) * (CHART_WIDTH - 260)
        bars.append(
            {
                "y": index * BAR_HEIGHT,
                "width": round(width, 1),
                "label": f"{row.project.number}. {row.project.display_title}"[:28],
                "value": f"{float(row.score):,.0f}" if row.score.denominator != 1 else f"{int(row.score):,}",
                "selected": row.selected,
                "text_x": round(width + 166, 1),
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": max(len(bars), 1) * BAR_HEIGHT}


@domain_errors_as_pages
def heading_results(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponse:
    site_org, process, found = _heading(site, slug, heading)
    staff = permissions.can_manage_process(Actor.for_user(request.user), process)
    result = selectors.results_of(process, staff=staff).get(found.pk)
    if result is None:
        raise NotFoundError(message=_("The results of this budget are not published yet."))
    rows = selectors.result_rows(found, result)
    outcome = result.outcome
    return render(
        request,
        "web/budgeting/results.html",
        {
            "local_site": site_org,
            "process": process,
            "heading": found,
            "title": _("Results: %(name)s") % {"name": found.display_name},
            "result": result,
            "rows": rows,
            "chart": _bars(rows),
            "equal_shares": outcome.get("rule", "").startswith("equalshares"),
            "per_voter": selectors.won(outcome.get("per_voter")),
            "start_share": selectors.won(Fraction(found.amount, result.ballots)) if result.ballots else None,
            "rounds": outcome.get("rounds", 1),
            "compared": outcome.get("compared"),
            "weighted": found.score_sources.exists(),
            "sources": list(found.score_sources.all()),
            "left": found.amount - result.spent,
            "staff": staff,
        },
    )


def _published_or_staff(request: HttpRequest, process: Process, heading: Heading) -> None:
    staff = permissions.can_manage_process(Actor.for_user(request.user), process)
    if heading.pk not in selectors.results_of(process, staff=staff):
        raise NotFoundError(message=_("The results of this budget are not published yet."))


@domain_errors_as_pages
def heading_pabulib(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponseBase:
    _site_org, process, found = _heading(site, slug, heading)
    _published_or_staff(request, process, found)
    response = HttpResponse(transfer.export_pabulib(found).encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-{found.pk}.pb"'
    return response


@domain_errors_as_pages
def heading_csv(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponseBase:
    _site_org, process, found = _heading(site, slug, heading)
    _published_or_staff(request, process, found)
    result = selectors.results_of(process, staff=True)[found.pk]
    rows = [
        [
            r.project.number,
            r.project.title,
            r.project.category,
            r.cost,
            r.project.votes,
            str(r.score),
            1 if r.selected else 0,
            r.reason,
        ]
        for r in selectors.result_rows(found, result)
    ]
    header = [_("number"), _("title"), _("category"), _("cost (won)"), _("votes"), _("score"), _("selected"), _("why")]
    return spreadsheet_response(header, rows, "csv", f"{process.slug}-{found.pk}")


STAFF_ACTIONS: dict[str, tuple[Callable[[Actor, Process], object], Promise]] = {
    "seal": (
        lambda actor, process: ballots.seal(actor=actor, process=process),
        gettext_lazy("The ballot box is sealed."),
    ),
    "count": (
        lambda actor, process: [results.count(actor=actor, heading=h) for h in process.headings.all()],
        gettext_lazy("Every heading was counted."),
    ),
    "publish": (
        lambda actor, process: results.publish(actor=actor, process=process),
        gettext_lazy("The results are published; the selected projects are now tasks."),
    ),
}


@require_POST
@domain_errors_as_pages
def process_action(request: HttpRequest, site: str, slug: str, action: str) -> HttpResponseBase:
    """Close the ballot box, count every heading, publish (the winners become tasks)."""
    _site_org, process = _process(site, slug)
    actor = Actor.for_user(request.user)
    if not permissions.can_manage_process(actor, process):
        raise PermissionDeniedError()
    if action not in STAFF_ACTIONS:
        raise NotFoundError()
    perform, done = STAFF_ACTIONS[action]
    try:
        perform(actor, process)
    except DomainError as error:
        if isinstance(error, PermissionDeniedError | NotFoundError):
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, str(done))
    return redirect("web:budget_process", site=site, slug=slug)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def paper_ballot(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponseBase:
    """Staff enter a paper ballot: the picks as marked, the voter's name and date of birth."""
    site_org, process, found = _heading(site, slug, heading)
    actor = Actor.for_user(request.user)
    if not permissions.can_manage_process(actor, process):
        raise PermissionDeniedError()
    projects = selectors.feasible_projects(found)
    form = PaperBallotForm(request.POST or None, heading=found, projects=projects)
    if request.method == "POST" and form.is_valid():
        picks, points = form.picks_and_points()
        try:
            entered = ballots.enter_paper_ballot(
                actor=actor,
                heading=found,
                picks=picks,
                points=points,
                name=form.cleaned_data["voter_name"],
                birth_date=form.cleaned_data["birth_date"],
            )
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error, {"picks": None, "voter": None})
        else:
            messages.success(
                request,
                _("The paper ballot was entered.") if entered.valid else _("The paper ballot was entered as void."),
            )
            return redirect("web:budget_paper_ballot", site=site, slug=slug, heading=heading)
    return render(
        request,
        "web/budgeting/paper_ballot.html",
        {
            "local_site": site_org,
            "process": process,
            "heading": found,
            "title": _("Enter a paper ballot: %(name)s") % {"name": found.display_name},
            "form": form,
            "paper_count": Ballot.objects.filter(heading=found, channel="paper").count(),
        },
        status=422 if form.errors else 200,
    )


# -- setting a process up -------------------------------------------------------------------------


def _staff_form(
    request: HttpRequest,
    form: forms.Form,
    perform: Perform,
    *,
    site_org: Organization,
    back: str,
    success_url: str | Callable[[Any], str],
    title: str,
    submit: str,
    done: str,
    crumbs: list[tuple[str, str]],
    multipart: bool = False,
) -> HttpResponseBase:
    return run_form(
        request,
        form,
        perform,
        done=done,
        success_url=success_url,
        template="web/budgeting/staff_form.html",
        context={"local_site": site_org, "back_url": back, "crumbs": crumbs},
        title=title,
        submit=submit,
        multipart=multipart,
    )


def _crumbs(
    site_org: Organization, process: Process | None = None, heading: Heading | None = None
) -> list[tuple[str, str]]:
    trail = [(str(_("Participatory budgets")), reverse("web:budgets", kwargs={"site": site_org.site_slug}))]
    if process is not None:
        trail.append(
            (
                process.display_title,
                reverse("web:budget_process", kwargs={"site": site_org.site_slug, "slug": process.slug}),
            )
        )
    if process is not None and heading is not None:
        kwargs = {"site": site_org.site_slug, "slug": process.slug, "heading": heading.pk}
        trail.append((heading.display_name, reverse("web:budget_heading", kwargs=kwargs)))
    return trail


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def process_new(request: HttpRequest, site: str) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    if not permissions.can_manage_process(Actor.for_user(request.user), Process(site=site_org)):
        raise PermissionDeniedError()
    form = ProcessForm(request.POST or None)

    def perform(actor: Actor, data: dict[str, Any]) -> Process:
        return processes.create_process(
            actor=actor,
            site=site_org,
            title=data["title"],
            title_en=data["title_en"],
            slug=data["slug"],
            description=data["description"],
            one_heading_only=data["one_heading_only"],
            consent_to_demographics=data["consent_to_demographics"],
            phases=form.phases(),
        )

    return _staff_form(
        request,
        form,
        perform,
        site_org=site_org,
        back=reverse("web:budgets", kwargs={"site": site}),
        success_url=lambda p: reverse("web:budget_process", kwargs={"site": site, "slug": p.slug}),
        title=_("New budget process"),
        submit=_("Create the process"),
        done=_("The budget process was created. Add its budgets next."),
        crumbs=_crumbs(site_org),
    )


def _areas(site_org: Organization) -> list[tuple[str, str]]:
    """The site's organizations with a si/gun/gu code, the places a heading's voters live in."""
    found = Organization.objects.filter(Q(pk=site_org.pk) | Q(site=site_org)).exclude(admin_code="").order_by("path")
    return [(o.admin_code, f"{o.display_name} ({o.admin_code})") for o in found]


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def heading_new(request: HttpRequest, site: str, slug: str) -> HttpResponseBase:
    site_org, process = _process(site, slug)
    if not permissions.can_manage_process(Actor.for_user(request.user), process):
        raise PermissionDeniedError()
    form = HeadingForm(request.POST or None, areas=_areas(site_org))

    def perform(actor: Actor, data: dict[str, Any]) -> Heading:
        return processes.add_heading(
            actor=actor,
            process=process,
            name=data["name"],
            name_en=data["name_en"],
            amount=data["amount"],
            resident_tax=data["resident_tax"],
            rules=form.rules(),
        )

    return _staff_form(
        request,
        form,
        perform,
        site_org=site_org,
        back=reverse("web:budget_process", kwargs={"site": site, "slug": slug}),
        success_url=lambda h: reverse("web:budget_heading", kwargs={"site": site, "slug": slug, "heading": h.pk}),
        title=_("New budget in %(process)s") % {"process": process.display_title},
        submit=_("Add the budget"),
        done=_("The budget was added. Add its projects next."),
        crumbs=_crumbs(site_org, process),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def project_new(request: HttpRequest, site: str, slug: str, heading: int) -> HttpResponseBase:
    site_org, process, found = _heading(site, slug, heading)
    if not permissions.can_manage_process(Actor.for_user(request.user), process):
        raise PermissionDeniedError()
    form = ProjectForm(request.POST or None, organizations=organization_selectors.site_organizations(site_org))

    def perform(actor: Actor, data: dict[str, Any]) -> Project:
        proposal = None
        if data["proposal"]:
            proposal = Proposal.objects.filter(site=site_org, pk=data["proposal"]).first()
            if proposal is None:
                raise ValidationFailedError(
                    BudgetErrorCode.INVALID_PROJECT,
                    fields={"proposal": [_("This site has no proposal with that number.")]},
                )
        return processes.add_project(
            actor=actor,
            heading=found,
            title=data["title"],
            title_en=data["title_en"],
            description=data["description"],
            cost=data["cost"],
            category=data["category"],
            area=data["area"],
            responsible=data["responsible"],
            proposal=proposal,
        )

    return _staff_form(
        request,
        form,
        perform,
        site_org=site_org,
        back=reverse("web:budget_heading", kwargs={"site": site, "slug": slug, "heading": heading}),
        success_url=lambda p: reverse(
            "web:budget_project", kwargs={"site": site, "slug": slug, "heading": heading, "number": p.number}
        ),
        title=_("New project in %(heading)s") % {"heading": found.display_name},
        submit=_("Add the project"),
        done=_("The project was added; the department's review is pending."),
        crumbs=_crumbs(site_org, process, found),
    )


def _project_address(site: str, slug: str, heading: int, number: int) -> str:
    return reverse("web:budget_project", kwargs={"site": site, "slug": slug, "heading": heading, "number": number})


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def project_review(request: HttpRequest, site: str, slug: str, heading: int, number: int) -> HttpResponseBase:
    """The department's feasibility decision (타당성 검토) with its reason."""
    site_org, process, found = _heading(site, slug, heading)
    project = selectors.project_get(found, number)
    if not permissions.can_review_project(Actor.for_user(request.user), project):
        raise PermissionDeniedError()
    initial = {"feasibility": project.feasibility, "reason": project.feasibility_reason}
    form = ReviewForm(request.POST or None, initial=initial)

    def perform(actor: Actor, data: dict[str, Any]) -> Project:
        return processes.review_project(
            actor=actor, project=project, feasibility=data["feasibility"], reason=data["reason"], cost=data["cost"]
        )

    address = _project_address(site, slug, heading, number)
    return _staff_form(
        request,
        form,
        perform,
        site_org=site_org,
        back=address,
        success_url=address,
        title=_("Review: %(project)s") % {"project": project.display_title},
        submit=_("Record the decision"),
        done=_("The review was recorded."),
        crumbs=[*_crumbs(site_org, process, found), (project.display_title, address)],
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def project_file_add(request: HttpRequest, site: str, slug: str, heading: int, number: int) -> HttpResponseBase:
    site_org, process, found = _heading(site, slug, heading)
    project = selectors.project_get(found, number)
    if not permissions.can_manage_process(Actor.for_user(request.user), process):
        raise PermissionDeniedError()
    form = ProjectFileForm(request.POST or None, request.FILES or None)

    def perform(actor: Actor, data: dict[str, Any]) -> ProjectFile:
        return processes.add_project_file(
            actor=actor, project=project, title=data["title"], upload=data["file"], description=data["description"]
        )

    address = _project_address(site, slug, heading, number)
    return _staff_form(
        request,
        form,
        perform,
        site_org=site_org,
        back=address,
        success_url=address,
        title=_("Add a file to %(project)s") % {"project": project.display_title},
        submit=_("Add the file"),
        done=_("The file was added."),
        crumbs=[*_crumbs(site_org, process, found), (project.display_title, address)],
        multipart=True,
    )


def _project_file(site: str, slug: str, heading: int, number: int, pk: int) -> tuple[Process, ProjectFile]:
    _site_org, process, found = _heading(site, slug, heading)
    project = selectors.project_get(found, number)
    stored = ProjectFile.objects.filter(project=project, pk=pk).select_related("project__heading__process").first()
    if stored is None:
        raise NotFoundError()
    return process, stored


@domain_errors_as_pages
def project_file(request: HttpRequest, site: str, slug: str, heading: int, number: int, pk: int) -> HttpResponseBase:
    """A project's file: an image shown in the page, anything else downloaded."""
    _process_found, stored = _project_file(site, slug, heading, number, pk)
    return stored_file_response(stored, inline=stored.is_image)


@require_POST
@domain_errors_as_pages
def project_file_remove(
    request: HttpRequest, site: str, slug: str, heading: int, number: int, pk: int
) -> HttpResponseBase:
    _process_found, stored = _project_file(site, slug, heading, number, pk)
    processes.remove_project_file(actor=Actor.for_user(request.user), stored=stored)
    messages.success(request, _("The file was removed."))
    return redirect(_project_address(site, slug, heading, number))
