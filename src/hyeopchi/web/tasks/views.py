"""Tasks on the public site, progress reports in the workspace, the implementation review, the
workspace's to-do list and the spreadsheets in and out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, PermissionDeniedError
from hyeopchi.meetings.models import AgendaItem
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization, OrganizationRole
from hyeopchi.organizations.permissions import can_import_into
from hyeopchi.proposals import selectors as proposal_selectors
from hyeopchi.proposals.permissions import can_moderate
from hyeopchi.tasks import imports, permissions, selectors, services
from hyeopchi.tasks import transfer as task_transfer
from hyeopchi.tasks.enums import Attention, Rollup
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Evidence, SpreadsheetImport, Task
from hyeopchi.web.common.views import (
    Perform,
    domain_errors_as_pages,
    filtered,
    page_language,
    paginate,
    run_form,
    run_form_on,
    spreadsheet_response,
    whole_number,
)
from hyeopchi.web.tasks.forms import (
    ImportForm,
    MilestoneForm,
    NewTaskForm,
    ProgressReportForm,
    RollupForm,
    SubTaskForm,
    TaskFilterForm,
)

PAGE_SIZE = 30


@domain_errors_as_pages
def tasks_index(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    form, tasks = _filtered_tasks(request, site_org)
    owner_pk = filtered(form).get("owner")
    owner = Organization.objects.filter(site=site_org, pk=owner_pk).first() if owner_pk else None
    context = {
        "local_site": site_org,
        "form": form,
        "owner": owner,
        "stale_days": selectors.stale_days(),
        **paginate(request, tasks, PAGE_SIZE),
    }
    return render(request, "web/tasks/tasks.html", context)


def _filtered_tasks(request: HttpRequest, site_org: Organization) -> tuple[forms.Form, Any]:
    """The filter form from the query string and the public task list it selects."""
    form = TaskFilterForm(request.GET or None)
    data = filtered(form)
    tasks = selectors.tasks_list(
        site_org,
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        owner=data.get("owner"),
        attention=data.get("attention", ""),
        query=data.get("q", ""),
    )
    return form, tasks


def _origin_link(task: Task, site: str) -> tuple[str, str] | None:
    """Where the task came from, as (label, address)."""
    if task.origin_proposal_id is not None and task.origin_proposal is not None:
        return (
            task.origin_proposal.display_title,
            reverse("web:proposal", kwargs={"site": site, "pk": task.origin_proposal_id}),
        )
    origin = task.origin
    if isinstance(origin, AgendaItem):
        url = reverse("web:meeting", kwargs={"site": site, "pk": origin.meeting_id})
        return (f"{origin.meeting.numbered_title} · {origin.display_title}", f"{url}#item-{origin.pk}")
    return None


@domain_errors_as_pages
def task_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    task = _task_for(request, site, pk)
    actor = Actor.for_user(request.user)
    children = list(Task.objects.filter(parent=task).select_related("owner").order_by("position", "pk"))
    return render(
        request,
        "web/tasks/task.html",
        {
            "local_site": task.site,
            "task": task,
            "title": task.display_title,
            "children": children,
            "milestones": list(task.milestones.all()),
            "reports": selectors.reports_of(task),
            "origin": _origin_link(task, site),
            "can_report": permissions.can_report_on(actor, task),
            "can_manage": permissions.can_manage_task(actor, task),
            "follows": actor.user_pk is not None and task.follows.filter(user_id=actor.user_pk).exists(),
            "rolled_up": task.rollup != Rollup.OWN,
            "committee": selectors.issuing_committee(task),
            "can_request_report": permissions.can_request_report(actor, task),
            "stale_days": selectors.stale_days(),
        },
    )


@require_POST
@domain_errors_as_pages
def request_report(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """The issuing committee's staff ask the task's reporters for a progress report."""
    task = _task_for(request, site, pk, permissions.can_request_report)
    told = services.request_report(actor=Actor.for_user(request.user), task=task)
    messages.success(
        request,
        _("The request was sent to %(count)s people who report on this task.") % {"count": told}
        if told
        else _("Nobody is appointed to report on this task yet: the owner has no administrator or secretary."),
    )
    return redirect("web:task", site=site, pk=pk)


@domain_errors_as_pages
def evidence_download(request: HttpRequest, site: str, pk: int, evidence_pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk)
    evidence = Evidence.objects.filter(pk=evidence_pk, report__task=task).first()
    if evidence is None:
        raise NotFoundError()
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        content_type=evidence.media_type,
        filename=evidence.file.name.rsplit("/", 1)[-1],
    )


def _task_form(request: HttpRequest, task: Task, form: forms.Form, perform: Perform, **page: Any) -> HttpResponseBase:
    """A form on a task: back to the task page once ``perform`` succeeds."""
    return run_form_on(
        request, "task", task, form, perform, site=task.site, template="web/tasks/task_form.html", **page
    )


def _task_for(request: HttpRequest, site: str, pk: int, allowed: Callable[[Actor, Task], bool] | None = None) -> Task:
    """The site's task ``pk``, if the person may act on it as ``allowed`` says."""
    task = selectors.task_get(pk=pk, site=organization_selectors.site_get(site))
    if allowed is not None and not allowed(Actor.for_user(request.user), task):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return task


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def report_progress(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk, permissions.can_report_on)
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        task=task,
        initial={
            "reported_on": timezone.localdate(),
            "status": task.status,
            "progress": task.progress if task.rollup == Rollup.OWN else None,
        },
    )
    return _task_form(
        request,
        task,
        form,
        lambda actor, data: services.report_progress(
            actor=actor,
            task=task,
            reported_on=data["reported_on"],
            status=data.get("status"),
            progress=data.get("progress"),
            narrative=data["narrative"],
            files=data.get("evidence") or [],
        ),
        title=_("Report progress"),
        submit=_("Add the report"),
        done=_("The progress report was added."),
        multipart=True,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_subtask(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk, permissions.can_manage_task)
    return _task_form(
        request,
        task,
        SubTaskForm(request.POST or None, site=task.site, initial={"kind": task.kind}),
        lambda actor, data: services.create_task(actor=actor, owner=task.owner, parent=task, **data),
        title=_("Add a sub-task"),
        submit=_("Add"),
        done=_("The sub-task was added."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def create_task(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """A task the organization ``pk`` commits to, outside any meeting, proposal or import."""
    site_org = organization_selectors.site_get(site)
    owner = organization_selectors.organization_get(site=site_org, pk=pk)
    if not permissions.can_create_task(Actor.for_user(request.user), owner):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    form = NewTaskForm(request.POST or None, site=site_org)
    return run_form(
        request,
        form,
        lambda actor, data: services.create_task(actor=actor, owner=owner, **data),
        done=_("The task was added."),
        template="web/common/form.html",
        success_url=lambda task: reverse("web:task", kwargs={"site": site, "pk": task.pk}),
        context={"local_site": site_org, "organization": owner},
        title=_("New task"),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def set_rollup(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk, permissions.can_manage_task)
    children = list(Task.objects.filter(parent=task).order_by("position", "pk"))
    form = RollupForm(request.POST or None, children=children, initial={"mode": task.rollup})
    return _task_form(
        request,
        task,
        form,
        lambda actor, data: services.set_rollup(actor=actor, task=task, mode=data["mode"], weights=form.weights()),
        title=_("How progress is counted"),
        submit=_("Save"),
        done=_("The setting was saved."),
    )


@require_POST
@domain_errors_as_pages
def follow_task(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk)
    on = request.POST.get("on") == "1"
    services.follow(actor=Actor.for_user(request.user), task=task, on=on)
    messages.success(request, _("You follow this task.") if on else _("You no longer follow this task."))
    return redirect("web:task", site=site, pk=pk)


def _review_table(rows: list[selectors.ReviewRow]) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Round"),
        _("No."),
        _("Recommendation"),
        _("Status"),
        _("Answer"),
        _("Answered on"),
        _("Task"),
        _("Task status"),
        _("Progress (%)"),
        _("Last report"),
        _("As of"),
    ]
    body = []
    for row in rows:
        answer, task, report = row.answer, row.task, row.last_report
        body.append(
            [
                row.proposal.round_number,
                row.proposal.number,
                row.proposal.display_title,
                row.proposal.get_status_display(),
                answer.get_outcome_display() if answer and answer.answered_at else "",
                timezone.localdate(answer.answered_at) if answer and answer.answered_at else None,
                task.display_title if task else "",
                task.get_status_display() if task else "",
                task.progress if task else None,
                report.narrative if report else "",
                report.reported_on if report else None,
            ]
        )
    return header, body


@domain_errors_as_pages
def implementation_review(request: HttpRequest, site: str, pk: int, fmt: str = "") -> HttpResponseBase:
    if fmt not in {"", "csv", "xlsx"}:
        raise NotFoundError()
    site_org = organization_selectors.site_get(site)
    committee = organization_selectors.organization_get(site=site_org, pk=pk)
    round_text = request.GET.get("round", "")
    round_number = whole_number(round_text, digits=3)
    attention = request.GET.get("attention", "")
    attention = attention if attention in Attention.values else ""
    rows = selectors.implementation_review(committee, round_number=round_number, attention=attention)
    if fmt:
        header, body = _review_table(rows)
        name = f"review-{committee.pk}{f'-round{round_number}' if round_number else ''}"
        return spreadsheet_response(header, body, fmt, name)
    rounds = sorted(
        {r.proposal.round_number for r in selectors.implementation_review(committee) if r.proposal.round_number}
    )
    return render(
        request,
        "web/tasks/review.html",
        {
            "local_site": site_org,
            "committee": committee,
            "rows": rows,
            "rounds": rounds,
            "round": round_number,
            "attention": attention,
            "stale_days": selectors.stale_days(),
        },
    )


@domain_errors_as_pages
def workspace(request: HttpRequest, site: str) -> HttpResponse:
    """What is the signed-in person's to do: answers owed, reports due, content to moderate."""
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    user_pk = actor.user_pk
    if user_pk is None:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    role_orgs = OrganizationRole.objects.filter(user_id=user_pk, organization__site=site_org)
    organization_ids = set(role_orgs.values_list("organization_id", flat=True))
    if getattr(request.user, "is_superuser", False):
        organization_ids = set(Organization.objects.filter(site=site_org).values_list("pk", flat=True))
    organizations = list(Organization.objects.filter(pk__in=organization_ids))
    today = timezone.localdate()
    mine = Task.objects.filter(site=site_org, owner_id__in=organization_ids) | Task.objects.filter(
        site=site_org, department_id__in=organization_ids
    )
    return render(
        request,
        "web/tasks/workspace.html",
        {
            "local_site": site_org,
            "answers": list(proposal_selectors.answers_owed_by(organizations)[:100]),
            "overdue": list(selectors.overdue_tasks(site_org, today=today).filter(pk__in=mine.values("pk"))[:100]),
            "stale": list(selectors.stale_tasks(site_org, today=today).filter(pk__in=mine.values("pk"))[:100]),
            "stale_days": selectors.stale_days(),
            "can_moderate": can_moderate(actor, site_org),
            "today": today,
        },
    )


@domain_errors_as_pages
def export_tasks(request: HttpRequest, site: str, fmt: str) -> HttpResponseBase:
    """The public task list, with the page's filters, as CSV, XLSX or JSON."""
    if fmt not in {"csv", "xlsx", "json"}:
        raise NotFoundError()
    _form, tasks = _filtered_tasks(request, organization_selectors.site_get(site))
    header, rows = task_transfer.export_rows(tasks, language=page_language(request))
    keys = [column.key for column in task_transfer.EXPORT_COLUMNS]
    return spreadsheet_response(header, rows, fmt, f"{site}-tasks", keys=keys)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def import_file(request: HttpRequest, site: str) -> HttpResponseBase:
    """Bring tasks or recommendations in from a spreadsheet: every row or none. The file is
    handed to the background worker and the page of its import follows it."""
    site_org = organization_selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not can_import_into(actor, site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return run_form(
        request,
        ImportForm(request.POST or None, request.FILES or None),
        lambda actor, data: imports.queue_import(
            actor=actor, site=site_org, kind=data["what"], upload=data["file"], language=page_language(request)
        ),
        done=_("The file was handed over; this page follows its import."),
        success_url=lambda job: reverse("web:import_job", kwargs={"site": site, "pk": job.pk}),
        template="web/tasks/import.html",
        context={"local_site": site_org, "title": _("Import from a spreadsheet")},
    )


@domain_errors_as_pages
def import_job(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """An import's progress and outcome: rows checked, rows imported, or every problem found."""
    site_org, job = _import_for(request, site, pk)
    return render(request, "web/tasks/import_job.html", {"local_site": site_org, "job": job})


@domain_errors_as_pages
def import_job_status(request: HttpRequest, site: str, pk: int) -> JsonResponse:
    """The same as JSON, for the page's script to follow the worker."""
    _site_org, job = _import_for(request, site, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "rows": job.rows,
            "rows_checked": job.rows_checked,
            "finished": job.is_finished,
        }
    )


def _import_for(request: HttpRequest, site: str, pk: int) -> tuple[Organization, SpreadsheetImport]:
    site_org = organization_selectors.site_get(site)
    if not can_import_into(Actor.for_user(request.user), site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    job = SpreadsheetImport.objects.filter(site=site_org, pk=pk).first()
    if job is None:
        raise NotFoundError()
    return site_org, job


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_milestone(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk, permissions.can_manage_task)
    return _task_form(
        request,
        task,
        MilestoneForm(request.POST or None),
        lambda actor, data: services.add_milestone(actor=actor, task=task, **data),
        title=_("Add a milestone"),
        submit=_("Add"),
        done=_("The milestone was added."),
    )


@require_POST
@domain_errors_as_pages
def complete_milestone(request: HttpRequest, site: str, pk: int, milestone_pk: int) -> HttpResponseBase:
    task = _task_for(request, site, pk)
    milestone = task.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise NotFoundError()
    services.complete_milestone(actor=Actor.for_user(request.user), milestone=milestone, done_on=timezone.localdate())
    messages.success(request, _("The milestone is done."))
    return redirect("web:task", site=site, pk=pk)
