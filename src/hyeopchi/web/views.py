"""Pages of the public site and the workspace forms; reads from selectors, writes via services."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hyeopchi.core import notifications
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from hyeopchi.core.models import EmailFrequency, Notification, NotificationSetting
from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings.permissions import can_manage_meetings
from hyeopchi.organizations import selectors, services
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_manage_organization, can_manage_roster
from hyeopchi.web.forms import (
    AppointMemberForm,
    CompositionRuleForm,
    EndMembershipForm,
    RosterDateForm,
)

View = Callable[..., HttpResponseBase]


def domain_errors_as_pages(view: View) -> View:
    """Not-found and permission errors become the 404 and 403 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as error:
            return page_not_found(request, error)
        except PermissionDeniedError as error:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return permission_denied(request, error)

    return wrapper


def add_domain_error(
    form: forms.Form, error: DomainError, renames: dict[str, str | None] | None = None
) -> None:
    """Show a service's field messages on the form's fields, the rest above the form."""
    if not error.fields:
        form.add_error(None, str(error.message))
        return
    for name, field_messages in error.field_messages().items():
        target = (renames or {}).get(name, name)
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)


def _error_page(
    request: HttpRequest, exception: Exception | None, *, status: int, title: str, default: str
) -> HttpResponse:
    message = exception.message if isinstance(exception, DomainError) else None
    return render(
        request, "web/error.html", {"title": title, "message": message or default}, status=status
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        exception,
        status=404,
        title=_("Page not found"),
        default=_("The page you asked for does not exist or has moved."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        exception,
        status=403,
        title=_("Not allowed"),
        default=_("You do not have permission to do this."),
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
    return render(request, "web/form.html", context, status=422 if form.errors else 200)


def run_form(
    request: HttpRequest,
    form: forms.Form,
    perform: Callable[[Actor, dict[str, Any]], object],
    *,
    done: str,
    success_url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponseBase:
    """Validate ``form``, run ``perform`` (a service call) and go to ``success_url``.

    A service's refusal comes back as form errors (422); not-found and permission errors become
    their pages.
    """
    if request.method == "POST" and form.is_valid():
        try:
            perform(Actor.for_user(request.user), form.cleaned_data)
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/landing.html",
        {
            "sites": selectors.sites_list(),
            "national": selectors.national_organizations_list(),
        },
    )


@domain_errors_as_pages
def site_home(request: HttpRequest, site: str) -> HttpResponse:
    site_org = selectors.site_get(site)
    tree = selectors.organization_tree(site_org)
    kinds: Counter[str] = Counter()
    bodies: list[Organization] = []

    def walk(node: selectors.TreeNode) -> None:
        kinds[node.organization.kind] += 1
        if node.organization.kind == OrganizationKind.COMMITTEE or (
            node.organization.kind == OrganizationKind.COUNCIL
            and node.organization.parent_id == site_org.pk
        ):
            bodies.append(node.organization)
        for child in node.children:
            walk(child)

    walk(tree)
    counts = [(label, kinds[value]) for value, label in OrganizationKind.choices if kinds[value]]
    return render(
        request,
        "web/site_home.html",
        {
            "local_site": site_org,
            "counts": counts,
            "bodies": bodies,
            "tree": tree,
        },
    )


@domain_errors_as_pages
def directory(request: HttpRequest, site: str) -> HttpResponse:
    site_org = selectors.site_get(site)
    tree = selectors.organization_tree(site_org)
    return render(
        request, "web/directory.html", {"local_site": site_org, "tree": tree, "rows": tree.rows()}
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
        "web/organization.html",
        {
            "local_site": site_org,
            "organization": organization,
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
        },
    )


def _workspace_organization(
    request: HttpRequest, site: str, pk: int, allowed: Callable[[Actor, Organization], bool]
) -> Organization:
    site_org = selectors.site_get(site)
    organization = selectors.organization_get(site=site_org, pk=pk)
    if not allowed(Actor.for_user(request.user), organization):
        raise PermissionDeniedError()
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
            with transaction.atomic():
                person = data["person"] or services.create_person(
                    actor=actor, name=data["new_person_name"]
                )
                services.appoint_member(
                    actor=actor,
                    post=data["post"],
                    person=person,
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
def end_membership(
    request: HttpRequest, site: str, pk: int, membership_pk: int
) -> HttpResponseBase:
    organization = _workspace_organization(request, site, pk, can_manage_roster)
    membership = selectors.membership_get(membership_pk)
    if membership.post.organization_id != organization.pk:
        raise NotFoundError()
    form = EndMembershipForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                actor=Actor.for_user(request.user),
                membership=membership,
                end_date=form.cleaned_data["end_date"],
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
    return _form_page(
        request, organization, form, title=_("Add a composition rule"), submit=_("Add rule")
    )


class NotificationSettingForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail me"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )


@require_http_methods(["GET", "POST"])
def my_notifications(request: HttpRequest) -> HttpResponseBase:
    """The signed-in person's notifications and how they want them by e-mail."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user_id = int(request.user.pk)
    current = (
        NotificationSetting.objects.filter(user_id=user_id)
        .values_list("email_frequency", flat=True)
        .first()
    )
    form = NotificationSettingForm(
        request.POST or None, initial={"email_frequency": current or EmailFrequency.IMMEDIATE}
    )
    if request.method == "POST" and form.is_valid():
        notifications.set_email_frequency(
            user_id=user_id, frequency=form.cleaned_data["email_frequency"]
        )
        messages.success(request, _("Your choice was saved."))
        return redirect("web:notifications")
    items = list(Notification.objects.filter(user_id=user_id).order_by("-created_at", "-pk")[:50])
    unread = {item.pk for item in items if item.read_at is None}
    notifications.mark_read(user_id=user_id)
    return render(
        request, "web/notifications.html", {"form": form, "items": items, "unread": unread}
    )
