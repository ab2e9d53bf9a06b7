"""Signing in and out (the rest of the account pages are django-allauth's), and a person's
notification settings."""

from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hyeopchi.core import accounts, identity, notifications
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, RateLimitedError
from hyeopchi.core.models import EmailFrequency, Notification, NotificationSetting, Profile
from hyeopchi.core.ratelimit import throttle
from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.organizations import eligibility, verification_requests
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import selectors as proposal_selectors
from hyeopchi.tasks import selectors as task_selectors
from hyeopchi.web.accounts.forms import (
    DeleteAccountForm,
    NotificationSettingForm,
    PublicNameForm,
    VerificationRequestForm,
)
from hyeopchi.web.common.views import add_domain_error, too_many_attempts


class LoginView(allauth_views.LoginView):
    """allauth's sign-in (a user name or an e-mail address), rate-limited per address and account."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            throttle(request, "sign_in", account=request.POST.get("login", ""))
        except RateLimitedError as error:
            return too_many_attempts(request, error)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def my_notifications(request: HttpRequest) -> HttpResponseBase:
    """The signed-in person's notifications and how they want them by e-mail."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user_id = int(request.user.pk)
    current = NotificationSetting.objects.filter(user_id=user_id).values_list("email_frequency", flat=True).first()
    form = NotificationSettingForm(
        request.POST or None, initial={"email_frequency": current or EmailFrequency.IMMEDIATE}
    )
    if request.method == "POST" and form.is_valid():
        notifications.set_email_frequency(user_id=user_id, frequency=form.cleaned_data["email_frequency"])
        messages.success(request, _("Your choice was saved."))
        return redirect("web:notifications")
    items = list(Notification.objects.filter(user_id=user_id).order_by("-created_at", "-pk")[:50])
    rows = [(item, notifications.link_of(item)) for item in items]
    unread = {item.pk for item in items if item.read_at is None}
    return render(request, "web/accounts/notifications.html", {"form": form, "rows": rows, "unread": unread})


@require_POST
def mark_notifications_read(request: HttpRequest) -> HttpResponseBase:
    """Mark every notification of the signed-in person read (a POST: reading changes state)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("web:notifications"))
    notifications.mark_read(user_id=int(request.user.pk))
    messages.success(request, _("All notifications are marked as read."))
    return redirect("web:notifications")


@require_GET
def my_data(request: HttpRequest) -> HttpResponseBase:
    """Everything the platform holds about the signed-in person, as a JSON file."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    data = accounts.personal_data(Actor.for_user(request.user), request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="hyeopchi-my-data.json"'
    return response


@require_http_methods(["GET", "POST"])
def public_name(request: HttpRequest) -> HttpResponseBase:
    """The name shown beside what the person writes: a nickname, or 시민 N."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    current = Profile.objects.filter(user=request.user).values_list("nickname", flat=True).first() or ""
    form = PublicNameForm(request.POST or None, initial={"nickname": current})
    if request.method == "POST" and form.is_valid():
        try:
            accounts.set_nickname(Actor.for_user(request.user), form.cleaned_data["nickname"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your public name was saved."))
            return redirect("web:public_name")
    return render(request, "web/accounts/public_name.html", {"form": form}, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponseBase:
    """Delete one's own account after confirming with the password (core.accounts.delete_account)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        accounts.delete_account(Actor.for_user(request.user), request.user)
        logout(request)
        messages.success(request, _("Your account was deleted. What you wrote in public stays, unnamed."))
        return redirect("web:landing")
    return render(request, "web/accounts/delete.html", {"form": form}, status=422 if form.errors else 200)


@require_GET
def my_activity(request: HttpRequest) -> HttpResponseBase:
    """내 활동: what the signed-in person proposed, supported, wrote, registered for and follows."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {
        **proposal_selectors.activity_of(request.user),
        "registrations": list(meeting_selectors.registrations_by(request.user)[:100]),
        "task_follows": task_selectors.followed_by(int(request.user.pk)),
        "title": _("My activity"),
    }
    return render(request, "web/accounts/activity.html", context)


@require_GET
def my_eligibility(request: HttpRequest) -> HttpResponseBase:
    """What the platform has verified about the person (where they live, work or study, their date
    of birth), a way to confirm it with the identity-verification service when there is one, and a
    request to the office (확인 요청) with the person's requests and what became of them."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _eligibility_page(request, VerificationRequestForm())


def _eligibility_page(request: HttpRequest, form: VerificationRequestForm, status: int = 200) -> HttpResponse:
    attributes = eligibility.attributes_of(request.user)
    areas = {
        area.admin_code: area for area in Organization.objects.filter(admin_code__in=[a.value for a in attributes])
    }
    return render(
        request,
        "web/accounts/eligibility.html",
        {
            "title": _("My verified details"),
            "attributes": [(attribute, areas.get(attribute.value)) for attribute in attributes],
            "can_verify": identity.configured_verifier() is not None,
            "form": form,
            "requests": verification_requests.requests_of(request.user),
        },
        status=status,
    )


@require_POST
def ask_verification(request: HttpRequest) -> HttpResponseBase:
    """Ask the office to verify where the person lives, works or studies."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("web:my_eligibility"))
    form = VerificationRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            verification_requests.ask(
                user=request.user,
                kind=data["kind"],
                area_code=data["area"].admin_code,
                birth_date=data["birth_date"],
                statement=data["statement"],
                consented=data["consent"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your request was sent to the office. You will be told when it is decided."))
            return redirect("web:my_eligibility")
    return _eligibility_page(request, form, status=422)


@require_POST
def withdraw_verification(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("web:my_eligibility"))
    try:
        verification_requests.withdraw(user=request.user, request_id=pk)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("web:my_eligibility")


@require_POST
def start_verification(request: HttpRequest) -> HttpResponseBase:
    """Send the person to the identity-verification service."""
    verifier = identity.configured_verifier()
    if not request.user.is_authenticated or verifier is None:
        return redirect("web:my_eligibility")
    back = request.build_absolute_uri(reverse("web:verification_returned"))
    return redirect(verifier.begin(user_id=int(request.user.pk), return_url=back))


@require_GET
def verification_returned(request: HttpRequest) -> HttpResponseBase:
    """The service's answer: what it confirms is recorded; a forged or stale answer changes nothing."""
    verifier = identity.configured_verifier()
    if not request.user.is_authenticated or verifier is None:
        return redirect("web:my_eligibility")
    try:
        saved = eligibility.record_verification(user=request.user, verifier=verifier, answer=request.GET.dict())
    except identity.VerificationFailed as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Verified: %(count)s details were recorded.") % {"count": len(saved)})
    return redirect("web:my_eligibility")
