"""The landing page, a site's home, its directory, an organization's page with its roster, and the
workspace forms that appoint members, end memberships and add composition rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hyeopchi.budgeting import selectors as budget_selectors
from hyeopchi.core.accounts import account_named
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from hyeopchi.core.models import VerifiedAttribute
from hyeopchi.evaluations import selectors as evaluation_selectors
from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings.permissions import can_manage_meetings
from hyeopchi.organizations import eligibility as eligibility_services
from hyeopchi.organizations import selectors, services, verification_requests
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.errors import OrganizationErrorCode as Code
from hyeopchi.organizations.models import Organization, Post
from hyeopchi.organizations.permissions import can_manage_organization, can_manage_roster
from hyeopchi.proposals import selectors as proposal_selectors
from hyeopchi.tasks import selectors as task_selectors
from hyeopchi.tasks.permissions import can_create_task
from hyeopchi.web.common.forms import SpreadsheetForm
from hyeopchi.web.common.views import (
    Perform,
    add_domain_error,
    domain_errors_as_pages,
    file_refused,
    posted_text,
    run_form,
    uploaded_table,
    whole_number,
)
from hyeopchi.web.organizations.forms import (
    AppointMemberForm,
    AttributeForm,
    CompositionRuleForm,
    EndMembershipForm,
    OrganizationForm,
    PostForm,
    RosterDateForm,
)


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/organizations/landing.html",
        {"sites": selectors.sites_list(), "national": selectors.national_organizations_list()},
    )


HOME_ROWS = 5


@domain_errors_as_pages
def site_home(request: HttpRequest, site: str) -> HttpResponse:
    """What is happening on a site: its participatory budgets running now (a vote open first), its
    next meetings, the proposals collecting supports and the ones just answered, how its tasks stand, the programs taking registrations, the evaluations
    that concern it, its bodies and one call to action."""
    site_org = selectors.site_get(site)
    tree = selectors.organization_tree(site_org)
    kinds: Counter[str] = Counter()
    bodies: list[Organization] = []

    def walk(node: selectors.TreeNode) -> None:
        kinds[node.organization.kind] += 1
        if node.organization.kind == OrganizationKind.COMMITTEE or (
            node.organization.kind == OrganizationKind.COUNCIL and node.organization.parent_id == site_org.pk
        ):
            bodies.append(node.organization)
        for child in node.children:
            walk(child)

    walk(tree)
    counts = [(label, kinds[value]) for value, label in OrganizationKind.choices if kinds[value]]
    now = timezone.now()
    context = {
        "local_site": site_org,
        "counts": counts,
        "bodies": bodies,
        "budgets": budget_selectors.running_processes(site_org, timezone.localdate())[:HOME_ROWS],
        "upcoming_meetings": list(meeting_selectors.meetings_of_site(site_org, upcoming=True)[:HOME_ROWS]),
        "collecting": list(proposal_selectors.collecting_supports(site_org)[:HOME_ROWS]),
        "answered": list(proposal_selectors.recently_answered(site_org)[:HOME_ROWS]),
        "task_progress": task_selectors.task_progress(site_org, today=timezone.localdate()),
        "open_programs": list(meeting_selectors.programs_taking_registrations(site_org, now=now)[:HOME_ROWS]),
        "rounds": list(evaluation_selectors.rounds_concerning(site_org)[:HOME_ROWS]),
    }
    return render(request, "web/organizations/site_home.html", context)


@domain_errors_as_pages
def directory(request: HttpRequest, site: str) -> HttpResponse:
    site_org = selectors.site_get(site)
    tree = selectors.organization_tree(site_org)
    return render(
        request, "web/organizations/directory.html", {"local_site": site_org, "tree": tree, "rows": tree.rows()}
    )


def _ancestors(organization: Organization) -> list[Organization]:
    ids = organization.ancestor_ids
    by_pk = {org.pk: org for org in Organization.objects.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@domain_errors_as_pages
def organization_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = selectors.site_get(site)
    organization = selectors.organization_get(site=site_org, pk=pk)
    date_form = RosterDateForm(request.GET or None)
    on = timezone.localdate()
    if date_form.is_valid() and date_form.cleaned_data.get("on"):
        on = date_form.cleaned_data["on"]
    roster = selectors.roster_get(organization, on=on)
    actor = Actor.for_user(request.user)
    upcoming = meeting_selectors.meeting_list(organizers=[organization.pk], upcoming=True)[:5]
    past = meeting_selectors.meeting_list(organizers=[organization.pk], upcoming=False)[:5]
    return render(
        request,
        "web/organizations/organization.html",
        {
            "local_site": site_org,
            "organization": organization,
            "title": organization.display_name,
            "ancestors": _ancestors(organization),
            "children": selectors.children_list(organization),
            "roster": roster,
            "date_form": date_form,
            "is_today": on == timezone.localdate(),
            "can_manage": can_manage_organization(actor, organization),
            "can_manage_roster": can_manage_roster(actor, organization),
            "upcoming_meetings": list(upcoming),
            "past_meetings": list(past),
            "series": list(meeting_selectors.series_list(organizer=organization)),
            "can_manage_meetings": can_manage_meetings(actor, organization),
            "can_create_task": can_create_task(actor, organization) and organization.site_id is not None,
            "tasks": task_selectors.attention_of(organization, today=timezone.localdate()),
            "stale_days": task_selectors.stale_days(),
        },
    )


def _workspace_organization(
    request: HttpRequest, site: str, pk: int, allowed: Callable[[Actor, Organization], bool]
) -> Organization:
    site_org = selectors.site_get(site)
    organization = selectors.organization_get(site=site_org, pk=pk)
    if not allowed(Actor.for_user(request.user), organization):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return organization


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def appoint_member(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    organization = _workspace_organization(request, site, pk, can_manage_roster)
    form = AppointMemberForm(request.POST or None, body=organization)
    if request.method == "POST" and form.is_valid():
        actor = Actor.for_user(request.user)
        data = form.cleaned_data
        try:
            services.appoint_member(
                actor=actor,
                post=data["post"],
                person=data["person"],
                new_person_name=data["new_person_name"] or "",
                start_date=data["start_date"],
                end_date=data["end_date"],
                on_behalf_of=data["on_behalf_of"],
            )
        except DomainError as error:
            add_domain_error(form, error, {"name": "new_person_name"})
        else:
            messages.success(request, _("The member was appointed."))
            return redirect("web:organization", site=site, pk=pk)
    return _form_page(request, organization, form, title=_("Appoint a member"), submit=_("Appoint"))


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def end_membership(request: HttpRequest, site: str, pk: int, membership_pk: int) -> HttpResponseBase:
    organization = _workspace_organization(request, site, pk, can_manage_roster)
    membership = selectors.membership_get(membership_pk)
    if membership.post.organization_id != organization.pk:
        raise NotFoundError()
    form = EndMembershipForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                actor=Actor.for_user(request.user), membership=membership, end_date=form.cleaned_data["end_date"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("web:organization", site=site, pk=pk)
    return _form_page(
        request,
        organization,
        form,
        title=_("End the membership of %(person)s") % {"person": membership.person.display_name},
        submit=_("End membership"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_composition_rule(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    organization = _workspace_organization(request, site, pk, can_manage_organization)
    form = CompositionRuleForm(request.POST or None, body=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_composition_rule(
                actor=Actor.for_user(request.user),
                body=organization,
                kind=form.cleaned_data["kind"],
                params=form.params(),
                basis=form.cleaned_data["basis"],
                severity=form.cleaned_data["severity"],
                citation=form.cleaned_data["citation"],
            )
        except DomainError as error:
            add_domain_error(form, error, {"sides": "first_side", "params": None})
        else:
            messages.success(request, _("The composition rule was added."))
            return redirect("web:organization", site=site, pk=pk)
    return _form_page(request, organization, form, title=_("Add a composition rule"), submit=_("Add rule"))


def _run_organization_form(
    request: HttpRequest, site: str, organization: Organization, form: forms.Form, perform: Perform, **page: Any
) -> HttpResponseBase:
    """A form on an organization's page: back to the page of the organization ``perform`` made or
    changed (a seat's: its organization's)."""

    def page_of(result: Organization | Post) -> str:
        pk = result.organization_id if isinstance(result, Post) else result.pk
        return reverse("web:organization", kwargs={"site": site, "pk": pk})

    return run_form(
        request,
        form,
        perform,
        template="web/common/form.html",
        success_url=page_of,
        context={"local_site": organization.site, "organization": organization},
        **page,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_organization(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """An organization under this one: a department, an institution, a committee or a subcommittee."""
    parent = _workspace_organization(request, site, pk, can_manage_organization)
    form = OrganizationForm(request.POST or None, initial={"kind": OrganizationKind.DEPARTMENT})
    return _run_organization_form(
        request,
        site,
        parent,
        form,
        lambda actor, data: services.create_organization(
            actor=actor, parent=parent, kind=data["kind"], **form.changes()
        ),
        done=_("The organization was added."),
        title=_("Add an organization under this one"),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def edit_organization(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    organization = _workspace_organization(request, site, pk, can_manage_organization)
    initial = {name: getattr(organization, name) for name in OrganizationForm.base_fields}
    form = OrganizationForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    return _run_organization_form(
        request,
        site,
        organization,
        form,
        lambda actor, _data: services.update_organization(
            actor=actor, organization=organization, changes=form.changes()
        ),
        done=_("The organization was saved."),
        title=_("Edit the organization"),
        submit=_("Save"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_post(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """A seat in this organization, with its role, side, how many hold it and whether it votes."""
    organization = _workspace_organization(request, site, pk, can_manage_organization)
    return _run_organization_form(
        request,
        site,
        organization,
        PostForm(request.POST or None, site=organization.site or organization),
        lambda actor, data: services.create_post(actor=actor, organization=organization, **data),
        done=_("The seat was added."),
        title=_("Add a seat"),
        submit=_("Add"),
    )


def _form_page(
    request: HttpRequest, organization: Organization, form: forms.Form, *, title: str, submit: str
) -> HttpResponse:
    """A workspace form about ``organization``; 422 when it comes back with errors."""
    context = {
        "local_site": organization.site,
        "organization": organization,
        "form": form,
        "title": title,
        "submit_label": submit,
    }
    return render(request, "web/common/form.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def eligibility(request: HttpRequest, site: str) -> HttpResponseBase:
    """Verified attributes of accounts for the site's areas: one at a time or from a file (all or
    nothing), and those already recorded."""
    site_org = selectors.site_get(site)
    actor = Actor.for_user(request.user)
    if not can_manage_organization(actor, site_org):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    via = request.POST.get("via", "")
    one = AttributeForm(request.POST if via == "one" else None)
    upload = SpreadsheetForm(request.POST if via == "file" else None, request.FILES if via == "file" else None)
    if via == "one" and one.is_valid():
        data = one.cleaned_data
        try:
            eligibility_services.set_attribute(
                actor=actor,
                entry=eligibility_services.AttributeEntry(
                    data["account"], data["kind"], data["value"], data["valid_until"]
                ),
            )
        except DomainError as error:
            if isinstance(error, PermissionDeniedError):
                one.add_error("value", str(error.message))
            else:
                add_domain_error(one, error)
        else:
            messages.success(request, _("The attribute was recorded."))
            return redirect("web:eligibility", site=site)
    if via == "decide":
        try:
            verification_requests.decide(
                actor=actor,
                request_id=whole_number(request.POST.get("request", ""), digits=11) or 0,
                approve=request.POST.get("decision") == "approve",
                reason=posted_text(request, "reason", limit=verification_requests.MAX_REASON + 1),
            )
        except DomainError as error:
            messages.error(request, " ".join([str(error.message), *sum(error.field_messages().values(), [])]))
        else:
            messages.success(request, _("The request was decided and the person told."))
        return redirect("web:eligibility", site=site)
    if via == "file" and upload.is_valid():
        table = uploaded_table(upload)
        if table is not None:
            try:
                saved = eligibility_services.import_attributes(actor=actor, table=table, find_account=account_named)
            except DomainError as error:
                file_refused(upload, error)
            else:
                messages.success(request, _("%(count)s attributes were recorded.") % {"count": len(saved)})
                return redirect("web:eligibility", site=site)
    areas = list(selectors.site_organizations(site_org).exclude(admin_code="").order_by("admin_code"))
    recorded = (
        VerifiedAttribute.objects.filter(value__in=[area.admin_code for area in areas])
        .select_related("user")
        .order_by("-verified_at")[:100]
    )
    by_code = {area.admin_code: area for area in areas}
    return render(
        request,
        "web/organizations/eligibility.html",
        {
            "local_site": site_org,
            "title": _("Verified residence, workplace and school"),
            "one": one,
            "upload": upload,
            "areas": areas,
            "recorded": [(attribute, by_code.get(attribute.value)) for attribute in recorded],
            "waiting": verification_requests.waiting_for(site_org),
        },
        status=422 if one.errors or upload.errors else 200,
    )
