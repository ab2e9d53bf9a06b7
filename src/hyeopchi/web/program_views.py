"""Public programs people register for, and the staff's view of their registrations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings.enums import RegistrationChannel, RegistrationStatus
from hyeopchi.meetings.models import Registration
from hyeopchi.meetings.permissions import can_manage_meetings
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.web.forms import RegistrationForm, RegistrationLookupForm
from hyeopchi.web.views import add_domain_error, domain_errors_as_pages


@domain_errors_as_pages
def programs_index(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    programs = list(selectors.programs_of_site(site_org))
    return render(request, "web/programs.html", {"local_site": site_org, "programs": programs})


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def program_detail(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    program = selectors.program_get(pk=pk, site=site_org)
    actor = Actor.for_user(request.user)
    staff = can_manage_meetings(actor, program.organizer)
    form = RegistrationForm(request.POST or None, program=program, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = (
            RegistrationChannel.PHONE
            if data.get("phone_application")
            else RegistrationChannel.ONLINE
        )
        try:
            registration = services.register(
                actor=actor, cohort=data["cohort"], name=data["name"], contact=data["contact"],
                age=data.get("age"), grade=data.get("grade"),
                residence_code=data.get("residence_code") or "", channel=channel,
            )  # fmt: skip
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Your place is confirmed."))
            else:
                messages.success(request, _("All places are taken: you are on the waiting list."))
            return redirect("web:registration", site=site, code=registration.code)
    return render(request, "web/program.html", {
        "local_site": site_org, "program": program, "form": form, "staff": staff,
        "cohorts": selectors.cohorts_with_counts(program),
    }, status=422 if form.errors else 200)  # fmt: skip


def _waiting_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = registration.cohort.registrations.filter(
        status=RegistrationStatus.WAITLISTED, created_at__lt=registration.created_at
    ).count()
    return ahead + 1


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def registration_detail(request: HttpRequest, site: str, code: str) -> HttpResponseBase:
    """Status of one registration by its code; cancelling also needs the contact given."""
    site_org = organization_selectors.site_get(site)
    registration = (
        Registration.objects.select_related("cohort__program__organizer")
        .filter(code=code.upper(), cohort__program__organizer__site=site_org)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    form = RegistrationLookupForm(request.POST or None, initial={"code": registration.code})
    if request.method == "POST" and form.is_valid():
        try:
            found = services.registration_by_code(
                form.cleaned_data["code"], form.cleaned_data["contact"]
            )
            if found.pk != registration.pk:
                raise NotFoundError()
            services.cancel_registration(actor=Actor.for_user(request.user), registration=found)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The registration was cancelled."))
            return redirect("web:registration", site=site, code=registration.code)
    return render(request, "web/registration.html", {
        "local_site": site_org, "registration": registration, "form": form,
        "position": _waiting_position(registration),
    }, status=422 if form.errors else 200)  # fmt: skip


@domain_errors_as_pages
def program_registrations(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    program = selectors.program_get(pk=pk, site=site_org)
    if not can_manage_meetings(Actor.for_user(request.user), program.organizer):
        raise PermissionDeniedError()
    return render(request, "web/program_registrations.html", {
        "local_site": site_org, "program": program,
        "registrations": list(selectors.registrations_of(program)),
    })  # fmt: skip
