"""Evaluation rounds on the site: public results, a target's report and appeal, the evaluator's
workspace, and the office's control panel (draw, scoring progress, diagnostics, publication,
appeals, final versions)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hyeopchi.core.accounts import account_named
from hyeopchi.core.actor import Actor
from hyeopchi.core.consent import PANEL_APPLICATION
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AttributeKind, VerifiedAttribute
from hyeopchi.evaluations import compute, engine, enrolment, permissions, selectors, services
from hyeopchi.evaluations import diagnostics as round_diagnostics
from hyeopchi.evaluations.assignment import commitment, new_seed
from hyeopchi.evaluations.enums import (
    ConflictDecider,
    ConflictReason,
    ConflictStatus,
    PanelKind,
    RatingStatus,
    RoundStatus,
)
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.messages import mode_label
from hyeopchi.evaluations.models import Appeal, Assignment, Conflict, Evaluator, Rating, Round, Target
from hyeopchi.evaluations.services.results import MAX_FINAL_REASON
from hyeopchi.organizations import eligibility
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.forms import SpreadsheetForm
from hyeopchi.web.common.views import (
    add_domain_error,
    autosave,
    domain_errors_as_pages,
    file_refused,
    filtered,
    paginate,
    posted_text,
    run_form,
    spreadsheet_response,
    stored_file_response,
    uploaded_table,
)
from hyeopchi.web.evaluations.forms import (
    AppealDecisionForm,
    AppealForm,
    CalendarForm,
    ConflictFilterForm,
    DrawForm,
    EnrolByGroupForm,
    FinaliseForm,
    MaterialForm,
    NewRoundForm,
    PanelApplicationForm,
    RatingForm,
    RecusalForm,
    SeedCommitmentForm,
)

CHART_WIDTH, CHART_HEIGHT, BIN = 420, 140, Decimal(5)


CENT = Decimal("0.01")


NEXT_STEP: dict[str, str] = {RoundStatus.DRAFT: RoundStatus.PREPARING, RoundStatus.PREPARING: RoundStatus.SCORING}


def _round(slug: str) -> Round:
    round_ = Round.objects.select_related("framework", "office").filter(slug=slug).first()
    if round_ is None:
        raise NotFoundError()
    return round_


def _framework(round_: Round) -> engine.Framework:
    return compute.parse_framework(round_.framework.spec)


def rounds_index(request: HttpRequest) -> HttpResponse:
    rounds = Round.objects.select_related("office").order_by("-draw_on", "-provisional_on", "title")
    runs_an_office = selectors.offices_run_by(Actor.for_user(request.user)).exists()
    return render(request, "web/evaluations/rounds.html", {"rounds": rounds, "runs_an_office": runs_an_office})


def _chart(rows: list[dict[str, Any]], grades: list[str]) -> dict[str, Any]:
    """Bars of the totals in 5-point bins, coloured by the best grade in each bin."""
    bins = selectors.distribution(rows, BIN)
    if not bins:
        return {"bars": [], "width": CHART_WIDTH, "height": CHART_HEIGHT}
    low, high = bins[0][0], bins[-1][0]
    count = int((high - low) / BIN) + 1
    tallest = max(n for _, n in bins)
    width = CHART_WIDTH / count
    by_bin = dict(bins)
    best: dict[Decimal, int] = {}
    for row in rows:
        start = (Decimal(row["total"]) // BIN) * BIN
        level = grades.index(row["grade"]) if row["grade"] in grades else len(grades) - 1
        best[start] = min(best.get(start, level), level)
    bars = []
    for index in range(count):
        start = low + BIN * index
        n = by_bin.get(start, 0)
        height = (CHART_HEIGHT - 32) * n / tallest
        bars.append(
            {
                "x": round(index * width + 1, 1),
                "width": round(width - 2, 1),
                "y": round(CHART_HEIGHT - 16 - height, 1),
                "height": round(height, 1),
                "count": n,
                "label_y": round(CHART_HEIGHT - 18 - height, 1),
                "label": f"{start}–{start + BIN}",
                "tone": best.get(start, 0),
                "text_x": round(index * width + width / 2, 1),
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "low": low, "high": high + BIN}


# A long results page (243 targets) shows each group's first rows; a group or a search is paged.
PREVIEW_ROWS, RESULTS_PER_PAGE, SHORT_RESULTS = 10, 50, 60


def _results_listing(request: HttpRequest, groups: list[dict[str, Any]], *, search: str, chosen: str) -> dict[str, Any]:
    """Which rows of which groups the page shows: all when the results are short; otherwise each
    group's first rows, or one group (``group``) or the targets matching ``q``, a page at a time.
    Sets ``shown`` (the rows on the page) and ``more`` (rows left out) on each group."""
    total = sum(group["size"] for group in groups)
    needle = search.casefold()
    shown_groups = [g for g in groups if not chosen or str(g["number"]) == chosen]
    matching = [
        {**g, "rows": [r for r in g["rows"] if needle in str(r["name"]).casefold()]} if needle else g
        for g in shown_groups
    ]
    matching = [g for g in matching if g["rows"]]
    page = None
    if needle or chosen:
        rows = [(g["number"], r) for g in matching for r in g["rows"]]
        page = Paginator(rows, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        on_page = {id(r) for _n, r in page.object_list}
        for g in matching:
            g["shown"] = [r for r in g["rows"] if id(r) in on_page]
            g["more"] = 0
        matching = [g for g in matching if g["shown"]]
    else:
        for g in matching:
            g["shown"] = g["rows"] if total <= SHORT_RESULTS else g["rows"][:PREVIEW_ROWS]
            g["more"] = len(g["rows"]) - len(g["shown"])
    return {
        "groups": matching,
        "query": urlencode([(key, value) for key, value in (("q", search), ("group", chosen)) if value]),
        "search": search,
        "chosen": chosen,
        "page": page,
        "matches": sum(len(g["rows"]) for g in matching) if needle else None,
        "long": total > SHORT_RESULTS,
    }


def _framework_rows(framework: engine.Framework, round_: Round) -> list[dict[str, Any]]:
    """The framework's indicators under their fields, named in the reader's language, with the
    panels that rate each (their titles, weights and modes in words)."""
    english = (get_language() or "ko").startswith("en")
    titles = {panel.key: panel.display_title for panel in round_.panels.all()}
    fields = {field.key: field for field in framework.fields}
    rows = []
    for indicator in framework.indicators:
        field = fields[indicator.field]
        rows.append(
            {
                "field": (field.name_en if english and field.name_en else field.name),
                "field_points": field.points,
                "key": indicator.key,
                "name": (indicator.name_en if english and indicator.name_en else indicator.name),
                "points": indicator.points,
                "panels": [
                    (titles.get(key, key), compute.fraction_text(rule.weight), mode_label(rule.mode))
                    for key, rule in indicator.panels.items()
                ],
            }
        )
    return rows


@domain_errors_as_pages
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = _round(slug)
    framework = _framework(round_)
    version = selectors.latest_published(round_)
    actor = Actor.for_user(request.user)
    groups = []
    grades: list[str] = list((round_.rules.get("grading") or {}).get("grades") or [])
    search = request.GET.get("q", "").strip()[:100]
    chosen = request.GET.get("group", "")
    if version is not None:
        for number, (group, rows) in enumerate(selectors.groups_of(version.payload).items(), start=1):
            counts = {grade: sum(1 for r in rows if r["grade"] == grade) for grade in grades}
            totals = [Decimal(r["total"]) for r in rows]
            groups.append(
                {
                    "number": number,
                    "name": group,
                    "size": len(rows),
                    "rows": rows,
                    "counts": counts,
                    "chart": _chart(rows, grades),
                    "mean": (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, ROUND_HALF_UP),
                }
            )
    listing = _results_listing(request, groups, search=search, chosen=chosen)
    return render(
        request,
        "web/evaluations/round.html",
        {
            "round": round_,
            "framework": framework,
            "version": version,
            "groups": groups,
            "listing": listing,
            "framework_rows": _framework_rows(framework, round_),
            "grades": grades,
            "versions": round_.versions.filter(published=True).order_by("-number"),
            "panels": round_.panels.order_by("pk"),
            "open_panels": [p for p in round_.panels.order_by("pk") if services.accepts_applications(p)],
            "can_run": permissions.can_run_round(actor, round_),
            "my_targets": [
                t
                for t in round_.targets.select_related("organization")
                if actor.is_authenticated and permissions.is_target_staff(actor, t)
            ][:20],
            "evaluator": Evaluator.objects.filter(panel__round=round_, user_id=actor.user_pk).first()
            if actor.user_pk
            else None,
        },
    )


@domain_errors_as_pages
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    round_ = _round(slug)
    version = round_.versions.filter(number=number, published=True).first()
    if version is None:
        raise NotFoundError()
    return render(
        request,
        "web/evaluations/version.html",
        {"round": round_, "version": version, "appeals": version.appeals.select_related("target")},
    )


@domain_errors_as_pages
def results_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    round_ = _round(slug)
    version = selectors.latest_published(round_)
    if version is None or fmt not in ("csv", "xlsx"):
        raise NotFoundError()
    framework = _framework(round_)
    header = [
        _("Group"),
        _("Rank"),
        _("Target"),
        _("Total"),
        _("Grade"),
        _("Amount (KRW)"),
        *(i.key for i in framework.indicators),
    ]
    rows = [
        [
            g,
            r["rank"],
            r["name"],
            Decimal(r["total"]),
            r["grade"],
            r["amount"],
            *(Decimal(r["points"][i.key]).quantize(CENT, ROUND_HALF_UP) for i in framework.indicators),
        ]
        for g, group_rows in selectors.groups_of(version.payload).items()
        for r in group_rows
    ]
    name = f"{round_.slug}-{version}"
    return spreadsheet_response(header, rows, fmt, name, title=round_.slug)


def _target(round_: Round, code: str) -> Target:
    target = round_.targets.select_related("organization").filter(code=code).first()
    if target is None:
        raise NotFoundError()
    return target


def _report_reader(request: HttpRequest, slug: str, code: str) -> tuple[Round, Target, Actor]:
    """The round, the target and the reader, who must be the target's staff or the office."""
    round_ = _round(slug)
    target = _target(round_, code)
    actor = Actor.for_user(request.user)
    if not permissions.can_read_target_report(actor, target):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return round_, target, actor


@domain_errors_as_pages
def target_report(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The target's own report: indicator scores, the panel breakdown and anonymised comments."""
    round_, target, actor = _report_reader(request, slug, code)
    framework = _framework(round_)
    version = selectors.latest_published(round_)
    row = version.payload["targets"].get(code) if version is not None else None
    panel_names = {p.key: p.display_title for p in round_.panels.all()}
    indicators = []
    if row is not None:
        for indicator in framework.indicators:
            indicators.append(
                {
                    "def": indicator,
                    "score": (Decimal(row["scores"][indicator.key]) * 100).quantize(CENT, ROUND_HALF_UP),
                    "points": Decimal(row["points"][indicator.key]).quantize(CENT, ROUND_HALF_UP),
                    "panels": [
                        (panel_names.get(p, p), None if v is None else (Decimal(v) * 100).quantize(CENT, ROUND_HALF_UP))
                        for p, v in row["panels"][indicator.key].items()
                    ],
                    "band": row["bands"].get(indicator.key, ""),
                    "disqualified": indicator.key in row["disqualified"],
                }
            )
    comments = list(
        Rating.objects.filter(assignment__target=target, assignment__voided=False, status=RatingStatus.SUBMITTED)
        .exclude(comment="")
        .order_by("indicator", "?")
        .values_list("indicator", "comment")
    )
    return render(
        request,
        "web/evaluations/target.html",
        {
            "round": round_,
            "target": target,
            "row": row,
            "indicators": indicators,
            "comments": comments,
            "version": version,
            "appeals": target.appeals.order_by("-created_at"),
            "can_appeal": round_.status == RoundStatus.PROVISIONAL and permissions.is_target_staff(actor, target),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def appeal_new(request: HttpRequest, slug: str, code: str) -> HttpResponseBase:
    round_ = _round(slug)
    target = _target(round_, code)
    if not permissions.is_target_staff(Actor.for_user(request.user), target):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = AppealForm(request.POST or None, indicators=list(_framework(round_).indicators))
    return run_form(
        request,
        form,
        lambda actor, data: services.file_appeal(
            actor=actor, target=target, ground=data["ground"], indicator=data.get("indicator") or "", text=data["text"]
        ),
        done=_("The appeal was filed."),
        template="web/evaluations/form.html",
        success_url=reverse("web:evaluation_target", kwargs={"slug": slug, "code": code}),
        context={
            "round": round_,
            "title": _("Appeal: %(target)s") % {"target": target.name},
            "submit_label": _("File the appeal"),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def target_materials(request: HttpRequest, slug: str, code: str) -> HttpResponseBase:
    """The target's materials for its evaluators, and the form its staff submit them with."""
    round_, target, _reader = _report_reader(request, slug, code)
    form = MaterialForm(request.POST or None, request.FILES or None, indicators=list(_framework(round_).indicators))
    return run_form(
        request,
        form,
        lambda actor, data: services.add_material(
            actor=actor, target=target, title=data["title"], indicator=data["indicator"], upload=data["file"]
        ),
        done=_("The material was submitted."),
        template="web/evaluations/materials.html",
        success_url=request.path,
        multipart=True,
        context={
            "round": round_,
            "target": target,
            "materials": target.materials.order_by("indicator", "pk"),
            "open": round_.status in services.MATERIALS_OPEN,
        },
    )


@domain_errors_as_pages
def material_download(request: HttpRequest, slug: str, code: str, pk: int) -> HttpResponseBase:
    round_ = _round(slug)
    target = _target(round_, code)
    if not permissions.can_read_materials(Actor.for_user(request.user), target):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    material = target.materials.filter(pk=pk).first()
    if material is None:
        raise NotFoundError()
    return stored_file_response(material)


def _evaluator(round_: Round, request: HttpRequest) -> Evaluator:
    actor = Actor.for_user(request.user)
    if actor.user_pk is None:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    evaluator = Evaluator.objects.select_related("panel").filter(panel__round=round_, user_id=actor.user_pk).first()
    if evaluator is None:
        raise PermissionDeniedError(message=_("You are not an evaluator of this round."))
    return evaluator


@domain_errors_as_pages
def evaluator_workspace(request: HttpRequest, slug: str) -> HttpResponse:
    """The evaluator's assignments, and how far each is rated; nothing else of the round."""
    round_ = _round(slug)
    evaluator = _evaluator(round_, request)
    framework = _framework(round_)
    expected = sum(1 for i in framework.indicators if evaluator.panel.key in i.panels)
    assignments = []
    for assignment in selectors.assignments_of(evaluator):
        statuses = list(assignment.ratings.values_list("status", flat=True))
        submitted = statuses.count(RatingStatus.SUBMITTED)
        assignments.append(
            {
                "target": assignment.target,
                "submitted": submitted,
                "drafts": len(statuses) - submitted,
                "expected": expected,
            }
        )
    return render(
        request,
        "web/evaluations/workspace.html",
        {
            "round": round_,
            "evaluator": evaluator,
            "assignments": assignments,
            "done": sum(1 for a in assignments if a["submitted"] == expected),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def rate_target(request: HttpRequest, slug: str, code: str) -> HttpResponseBase:
    round_ = _round(slug)
    evaluator = _evaluator(round_, request)
    target = _target(round_, code)
    assignment = Assignment.objects.filter(evaluator=evaluator, target=target, voided=False).first()
    if assignment is None:
        raise PermissionDeniedError(message=_("This target is not assigned to you."))
    framework = _framework(round_)
    indicators = [(i, i.panels[evaluator.panel.key]) for i in framework.indicators if evaluator.panel.key in i.panels]
    ratings = {r.indicator: r for r in assignment.ratings.all()}
    form = RatingForm(request.POST or None, indicators=indicators, ratings=ratings)
    submit = "submit" in request.POST
    if getattr(request, "htmx", False) and request.method == "POST" and not submit:
        return _autosave(request, form, evaluator, target)
    if request.method == "POST" and form.is_valid():
        actor = Actor.for_user(request.user)
        try:
            services.save_score_sheet(
                actor=actor,
                evaluator=evaluator,
                target=target,
                values=list(form.values()),
                submit=submit,
                reason=form.cleaned_data.get("reason") or "",
            )
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error, {"value": None})
        else:
            messages.success(request, _("The ratings were submitted.") if submit else _("The draft was saved."))
            return redirect("web:evaluation_workspace", slug=slug)
    return render(
        request,
        "web/evaluations/rate.html",
        {
            "round": round_,
            "target": target,
            "form": form,
            "evaluator": evaluator,
            "submitted": any(r.status == RatingStatus.SUBMITTED for r in ratings.values()),
            "materials": target.materials.order_by("indicator", "pk"),
        },
        status=422 if form.errors else 200,
    )


def _autosave(request: HttpRequest, form: RatingForm, evaluator: Evaluator, target: Target) -> HttpResponse:
    """A draft saved as the evaluator types (htmx); the answer is the status line alone."""
    return autosave(
        request,
        form,
        lambda actor, _data: services.save_score_sheet(
            actor=actor, evaluator=evaluator, target=target, values=list(form.values()), submit=False, reason=""
        ),
        saved=_("Draft saved at %(time)s."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def recuse(request: HttpRequest, slug: str, code: str) -> HttpResponseBase:
    """회피: the evaluator declares a conflict with an assigned target, after a confirmation page;
    the assignment is voided."""
    round_ = _round(slug)
    evaluator = _evaluator(round_, request)
    target = _target(round_, code)
    if not Assignment.objects.filter(evaluator=evaluator, target=target, voided=False).exists():
        raise PermissionDeniedError(message=_("This target is not assigned to you."))
    form = RecusalForm(request.POST or None)
    return run_form(
        request,
        form,
        lambda actor, data: services.declare_conflict(
            actor=actor, evaluator=evaluator, target=target, reason=ConflictReason.DECLARED, note=data["note"]
        ),
        done=_("You recused yourself from %(name)s; the office will reassign it.") % {"name": target.name},
        success_url=reverse("web:evaluation_workspace", kwargs={"slug": slug}),
        template="web/evaluations/recuse.html",
        context={"round": round_, "target": target},
        title=_("Recuse yourself from %(name)s") % {"name": target.name},
        submit=_("Recuse myself"),
    )


def _office(request: HttpRequest, slug: str) -> tuple[Round, Actor]:
    round_ = _round(slug)
    actor = Actor.for_user(request.user)
    if not permissions.can_run_round(actor, round_):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return round_, actor


CONFLICTS_PER_PAGE = 50


def _conflicts_page(request: HttpRequest, round_: Round) -> dict[str, Any]:
    """The round's conflicts, pending first, filtered by status, reason and a target or evaluator,
    fifty a page."""
    form = ConflictFilterForm(request.GET)
    data = filtered(form)
    conflicts = (
        Conflict.objects.filter(target__round=round_)
        .select_related("evaluator", "target")
        .order_by("status", "target__code", "evaluator__pseudonym", "pk")
    )
    if data.get("conflict_status"):
        conflicts = conflicts.filter(status=data["conflict_status"])
    if data.get("conflict_reason"):
        conflicts = conflicts.filter(reason=data["conflict_reason"])
    if data.get("conflict_q"):
        words = data["conflict_q"].strip()
        conflicts = conflicts.filter(
            Q(target__name__icontains=words) | Q(target__code__iexact=words) | Q(evaluator__pseudonym__iexact=words)
        )
    page = paginate(request, conflicts, CONFLICTS_PER_PAGE)
    return {"conflict_filter": form, "page": page["page"], "query": page["query"]}


@domain_errors_as_pages
def office(request: HttpRequest, slug: str) -> HttpResponse:
    round_, _actor = _office(request, slug)
    diagnostics = None
    if round_.status in (RoundStatus.SCORING, RoundStatus.PROVISIONAL, RoundStatus.FINAL) and request.GET.get(
        "diagnostics"
    ):
        diagnostics = round_diagnostics.of_round(round_)
    return render(
        request,
        "web/evaluations/office.html",
        {
            "round": round_,
            "progress": selectors.scoring_progress(round_),
            "targets": round_.targets.count(),
            "pool": {
                p.key: p.evaluators.filter(selected=True).count() for p in round_.panels.exclude(kind=PanelKind.DATA)
            },
            **_conflicts_page(request, round_),
            "conflict_count": Conflict.objects.filter(target__round=round_, status=ConflictStatus.UPHELD).count(),
            "appeals": round_.appeals.select_related("target", "version").order_by("status", "created_at"),
            "versions": round_.versions.order_by("-number")[:20],
            "diagnostics": diagnostics,
            "show_diagnostics": bool(request.GET.get("diagnostics")),
            "commit_form": SeedCommitmentForm(),
            "deciders": ConflictDecider.choices,
            # A seed made here, for the office to keep until the draw; it is not stored.
            "suggested_seed": (seed := new_seed(round_.slug)),
            "suggested_commitment": commitment(seed),
            "draw_form": DrawForm(),
            "finalise_form": FinaliseForm(),
            "next": NEXT_STEP.get(round_.status),
        },
    )


OFFICE_ACTIONS = {"move", "detect", "commit", "draw", "preview", "publish", "finalise"}


@require_POST
@domain_errors_as_pages
def office_action(request: HttpRequest, slug: str, action: str) -> HttpResponseBase:
    round_, actor = _office(request, slug)
    if action not in OFFICE_ACTIONS:
        raise Http404
    try:
        if action == "move":
            services.move_round(actor=actor, round_=round_, to=posted_text(request, "to", limit=30))
            done = _("The round moved on.")
        elif action == "detect":
            added = services.detect_conflicts(actor=actor, round_=round_)
            done = _("%(n)s conflicts found by the rules.") % {"n": added}
        elif action == "commit":
            form = SeedCommitmentForm(request.POST)
            if not form.is_valid():
                raise ValidationFailedError(message=_("Give the SHA-256 of the seed as 64 hexadecimal characters."))
            services.commit_seed(
                actor=actor,
                round_=round_,
                commitment=form.cleaned_data["commitment"],
                beacon_source=form.cleaned_data["beacon_source"],
            )
            done = _("The seed commitment is published.")
        elif action == "draw":
            if not request.POST.get("confirm"):
                raise ValidationFailedError(message=_("Tick the confirmation first: a draw cannot be undone."))
            loads = services.run_draw(
                actor=actor,
                round_=round_,
                seed=posted_text(request, "seed", limit=1000),
                beacon_value=posted_text(request, "beacon_value", limit=1000),
            )
            done = _("The evaluators were drawn: %(n)s assignments.") % {
                "n": sum(sum(v.values()) for v in loads.values())
            }
        elif action == "preview":
            version = services.compute_preview(actor=actor, round_=round_)
            done = _("Computed: output hash %(hash)s.") % {"hash": version.output_hash[:16]}
        elif action == "publish":
            services.publish_provisional(actor=actor, round_=round_)
            done = _("The provisional results are published; appeals are open.")
        else:
            version = services.finalise(
                actor=actor, round_=round_, reason=posted_text(request, "reason", limit=MAX_FINAL_REASON + 1)
            )
            done = _("Final results %(version)s are published.") % {"version": version}
    except DomainError as error:
        if isinstance(error, PermissionDeniedError | NotFoundError):
            raise
        messages.error(
            request,
            " ".join(
                [
                    str(error.message),
                    *(m for ms in error.field_messages().values() for m in ms if m != str(error.message)),
                ]
            ),
        )
    else:
        messages.success(request, done)
    return redirect("web:evaluation_office", slug=slug)


@require_POST
@domain_errors_as_pages
def decide_conflict(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    round_, actor = _office(request, slug)
    conflict = Conflict.objects.filter(pk=pk, target__round=round_).select_related("target", "evaluator").first()
    if conflict is None:
        raise NotFoundError()
    services.decide_conflict(
        actor=actor,
        conflict=conflict,
        uphold=request.POST.get("uphold") == "1",
        decided_how=posted_text(request, "decided_how", limit=30) or ConflictDecider.OFFICE,
    )
    messages.success(request, _("The objection was decided."))
    return redirect("web:evaluation_office", slug=slug)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def decide_appeal(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    round_, _actor = _office(request, slug)
    appeal = Appeal.objects.select_related("target").filter(pk=pk, round=round_).first()
    if appeal is None:
        raise NotFoundError()
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.decide_appeal(
                actor=Actor.for_user(request.user),
                appeal=appeal,
                uphold=data["outcome"] == "uphold",
                decision=data["decision"],
                remedy=data.get("remedy") or "",
                figures={appeal.indicator: data["figure"]}
                if data.get("figure") is not None and appeal.indicator
                else None,
                void_evaluator=data.get("void_evaluator") or "",
                hold_harmless=bool(data.get("hold_harmless")),
            )
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error, {"figures": "figure"})
        else:
            messages.success(request, _("The appeal was decided."))
            if decided.version is not None:
                return redirect("web:evaluation_version", slug=slug, number=decided.version.number)
            return redirect("web:evaluation_office", slug=slug)
    return render(
        request,
        "web/evaluations/appeal.html",
        {"round": round_, "appeal": appeal, "form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def new_round(request: HttpRequest) -> HttpResponseBase:
    """A round from framework and rules files, by someone who runs an office's evaluations."""
    actor = Actor.for_user(request.user)
    offices = selectors.offices_run_by(actor)
    if not offices.exists():
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = NewRoundForm(request.POST or None, request.FILES or None, offices=offices)
    return run_form(
        request,
        form,
        lambda actor, data: services.create_round_from_files(
            actor=actor,
            office=data["office"],
            slug=data["slug"],
            title=data["title"],
            title_en=data["title_en"],
            framework_spec=data["framework"],
            rules=data["rules"],
            calendar=form.calendar(),
        ),
        done=_("The round was created with its framework and panels."),
        success_url=lambda round_: reverse("web:evaluation_office", kwargs={"slug": round_.slug}),
        template="web/evaluations/setup_form.html",
        context={},
        title=_("New evaluation round"),
        submit=_("Create the round"),
        multipart=True,
        renames={"spec": "framework"},
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def round_calendar(request: HttpRequest, slug: str) -> HttpResponseBase:
    round_, _actor = _office(request, slug)
    initial = {name: getattr(round_, name) for name in services.CALENDAR_FIELDS}
    return run_form(
        request,
        CalendarForm(request.POST or None, initial=initial),
        lambda actor, data: services.set_calendar(actor=actor, round_=round_, calendar=data),
        done=_("The calendar was saved."),
        success_url=reverse("web:evaluation_office", kwargs={"slug": slug}),
        template="web/evaluations/setup_form.html",
        context={"round": round_},
        title=_("Calendar"),
        submit=_("Save"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def enrol_targets(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Targets by group from the organization tree, or from a spreadsheet; all or nothing."""
    round_, actor = _office(request, slug)
    via = request.POST.get("via")
    group_form = EnrolByGroupForm(request.POST if via == "group" else None, parents=selectors.parents_for_enrolment())
    file_form = SpreadsheetForm(request.POST if via == "file" else None, request.FILES if via == "file" else None)
    specs: list[services.TargetSpec] | None = None
    if via == "group" and group_form.is_valid():
        data = group_form.cleaned_data
        organizations = list(organization_selectors.organizations_under(data["parent"], kind=data["kind"]))
        specs = enrolment.group_specs(round_, organizations, group=data["group"], prefix=data["code_prefix"])
        if not specs:
            group_form.add_error("parent", _("No organization under it is left to enrol."))
            specs = None
    elif via == "file" and file_form.is_valid():
        table = uploaded_table(file_form)
        if table is not None:
            try:
                specs = enrolment.target_specs(table, round_, organization_selectors.organization_named)
            except DomainError as error:
                file_refused(file_form, error)
    if specs is not None:
        form = group_form if via == "group" else file_form
        try:
            services.enrol_targets(actor=actor, round_=round_, targets=specs)
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(count)s targets were enrolled.") % {"count": len(specs)})
            return redirect("web:evaluation_enrol", slug=slug)
    return render(
        request,
        "web/evaluations/enrol.html",
        {
            "round": round_,
            "title": _("Enrol targets"),
            "group_form": group_form,
            "file_form": file_form,
            "targets": list(round_.targets.order_by("position")),
        },
        status=422 if group_form.errors or file_form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def import_evaluators(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Evaluators and pools from a spreadsheet, with the conflicts they declare; all or nothing."""
    round_, actor = _office(request, slug)
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        table = uploaded_table(form)
        if table is not None:
            try:
                entries = enrolment.evaluator_rows(
                    table, round_, organization_selectors.organization_named, account_named
                )
                added = services.import_evaluators(actor=actor, round_=round_, entries=entries)
            except DomainError as error:
                if isinstance(error, PermissionDeniedError | NotFoundError):
                    raise
                file_refused(form, error)
            else:
                messages.success(request, _("%(count)s evaluators were added.") % {"count": added})
                return redirect("web:evaluation_evaluators", slug=slug)
    panels = round_.panels.exclude(kind=PanelKind.DATA).annotate(
        members=Count("evaluators", filter=Q(evaluators__selected=True)),
        pool=Count("evaluators", filter=Q(evaluators__selected=False)),
    )
    return render(
        request,
        "web/evaluations/evaluators_import.html",
        {"round": round_, "title": _("Import evaluators"), "form": form, "panels": panels.order_by("pk")},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def apply_to_panel(request: HttpRequest, slug: str, key: str) -> HttpResponseBase:
    """국민평가단 공모: a signed-in citizen applies to a citizen panel before its draw; what the
    platform verified about them (area, age) fills the form."""
    round_ = _round(slug)
    panel = round_.panels.filter(key=key).first()
    if panel is None or not services.accepts_applications(panel):
        raise NotFoundError()
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    initial: dict[str, Any] = {}
    residence = VerifiedAttribute.objects.filter(user=request.user, kind=AttributeKind.RESIDENCE).first()
    area = Organization.objects.filter(admin_code=residence.value).first() if residence else None
    if area is not None:
        initial["region"] = area.name
    age = eligibility.age_on(request.user, timezone.localdate())
    if age is not None:
        initial["age_band"] = services.age_band_of(age)
    form = PanelApplicationForm(request.POST or None, initial=initial)
    return run_form(
        request,
        form,
        lambda actor, data: services.apply_to_panel(actor=actor, panel=panel, **data),
        done=_("Your application is received. The draw's result will be published on the round's page."),
        success_url=reverse("web:evaluation", kwargs={"slug": slug}),
        template="web/evaluations/apply.html",
        context={"round": round_, "panel": panel, "notice": PANEL_APPLICATION},
        title=_("Apply to the citizen panel"),
        submit=_("Apply"),
    )
