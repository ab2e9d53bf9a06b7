"""Meeting pages, calendar feeds and the secretary's workspace forms; the programs people register
for and the staff's view of their registrations (programs are part of the meetings domain)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hyeopchi.core.actor import Actor
from hyeopchi.core.consent import registration_notice
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from hyeopchi.core.ratelimit import throttle
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings.enums import AttendanceStatus, DocumentKind, RegistrationChannel, RegistrationStatus
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.messages import describe_rule
from hyeopchi.meetings.models import AgendaItem, Meeting, Registration
from hyeopchi.meetings.permissions import can_manage_meeting, can_manage_meetings, can_view_meeting, is_registrant
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.views import (
    Perform,
    add_domain_error,
    autosave,
    domain_errors_as_pages,
    filtered,
    paginate,
    run_form,
    run_form_on,
    stored_file_response,
)
from hyeopchi.web.meetings import calendar_grid
from hyeopchi.web.meetings.calendars import build_calendar
from hyeopchi.web.meetings.forms import (
    EVEN_MONTHS,
    ODD_MONTHS,
    AgendaItemForm,
    AttendanceForm,
    CancelOwnRegistrationForm,
    ClosureFields,
    DecisionForm,
    DocumentForm,
    ForwardForm,
    MeetingFilterForm,
    MeetingForm,
    MeetingRulesForm,
    MeetingStatusForm,
    MinutesForm,
    MoveMeetingForm,
    ParticularsForm,
    ProgramForm,
    RegistrationForm,
    RegistrationLookupForm,
    SeriesForm,
    VoteForm,
)
from hyeopchi.web.tasks.forms import AdoptAsTaskForm
from hyeopchi.web.templatetags.languages import ko

FEED_LIMIT = 1000
WEEKDAY_NAMES = [(WEEKDAYS[n], WEEKDAYS_ABBR[n]) for n in range(7)]


@domain_errors_as_pages
def meetings_index(request: HttpRequest, site: str) -> HttpResponse:
    """The site's meetings: the next ones, then the past ones a page at a time, both narrowed by
    body, year, status and words."""
    site_org = organization_selectors.site_get(site)
    bodies = selectors.bodies_with_meetings(site_org)
    years = selectors.meeting_years(site_org)
    form = MeetingFilterForm(request.GET or None, bodies=bodies, years=years)
    data = filtered(form)
    chosen: dict[str, Any] = {
        "body": data.get("body"),
        "year": data.get("year"),
        "status": data.get("status") or "",
        "query": data.get("q") or "",
    }
    when = data.get("when") or ""
    upcoming = selectors.meetings_filtered(site_org, upcoming=True, **chosen)
    past = selectors.meetings_filtered(site_org, upcoming=False, **chosen)
    # Both lists: the next few upcoming meetings above the past ones a page at a time. One list
    # ("when"): all of it, a page at a time.
    listing = paginate(request, upcoming if when == "upcoming" else past, PER_PAGE)
    rows = selectors.with_item_counts(list(listing["page"].object_list))
    first_upcoming = [] if when else selectors.with_item_counts(list(upcoming[: UPCOMING_SHOWN + 1]))
    query = request.GET.copy()
    query.pop("page", None)
    query["when"] = "upcoming"
    series, series_total = selectors.first_series(site_org, SERIES_SHOWN)
    return render(
        request,
        "web/meetings/meetings.html",
        {
            "local_site": site_org,
            "form": form,
            "when": when,
            "upcoming": rows if when == "upcoming" else first_upcoming[:UPCOMING_SHOWN],
            "upcoming_total": upcoming.count() if len(first_upcoming) > UPCOMING_SHOWN else None,
            "all_upcoming_query": query.urlencode(),
            "past": rows if when != "upcoming" else [],
            "page": listing["page"],
            "query": listing["query"],
            "series": selectors.with_meeting_counts(series),
            "series_total": series_total,
        },
    )


PER_PAGE = 20
# Above the past meetings, the next ones: the rest are a link away (``?when=upcoming``).
UPCOMING_SHOWN = 10
# The meetings list shows the first series; the series page lists them all, a page at a time.
SERIES_SHOWN = 12
SERIES_PER_PAGE = 30


@domain_errors_as_pages
def series_index(request: HttpRequest, site: str) -> HttpResponse:
    """Every meeting series of the site, by body, a page at a time."""
    site_org = organization_selectors.site_get(site)
    listing = paginate(request, selectors.series_list(site=site_org), SERIES_PER_PAGE)
    return render(
        request,
        "web/meetings/series_index.html",
        {"local_site": site_org, "series": selectors.with_meeting_counts(list(listing["page"].object_list)), **listing},
    )


@domain_errors_as_pages
def meetings_calendar(request: HttpRequest, site: str) -> HttpResponse:
    """The site's meetings by month (``?month=2026-11``) or by ISO week (``?week=2026-W48``)."""
    site_org = organization_selectors.site_get(site)
    period = calendar_grid.period_for(request.GET)
    period = calendar_grid.place_meetings(period, selectors.meetings_between(site_org, period.first, period.last))
    return render(
        request,
        "web/meetings/calendar.html",
        {"local_site": site_org, "period": period, "title": _("Meeting calendar"), "weekdays": WEEKDAY_NAMES},
    )


def _visible_meeting(request: HttpRequest, site: str, pk: int) -> tuple[Organization, Meeting]:
    site_org = organization_selectors.site_get(site)
    meeting = selectors.meeting_get(pk=pk, site=site_org)
    if not can_view_meeting(Actor.for_user(request.user), meeting):
        raise NotFoundError()
    return site_org, meeting


@domain_errors_as_pages
def meeting_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org, meeting = _visible_meeting(request, site, pk)
    seats = selectors.invited_seats(meeting)
    day = timezone.localdate(meeting.start)
    meeting_rules, rules_row = selectors.rules_on(meeting.organizer, day)
    summary = selectors.attendance_summary(seats, meeting_rules)
    actor = Actor.for_user(request.user)
    minutes = getattr(meeting, "minutes", None)
    can_manage = can_manage_meeting(actor, meeting)
    return render(
        request,
        "web/meetings/meeting.html",
        {
            "local_site": site_org,
            "meeting": meeting,
            "title": meeting.numbered_title,
            "seats": seats,
            "summary": summary,
            "rules": meeting_rules,
            "present_members": _present_members(seats),
            "rules_row": rules_row,
            "minutes": minutes if minutes and (can_manage or _public_minutes(meeting, minutes)) else None,
            "notice_days": (day - meeting.notice_date).days if meeting.notice_date else None,
            "can_manage": can_manage,
            "documents": [
                d for d in meeting.documents.select_related("agenda_item") if can_manage or _document_public(meeting, d)
            ],
        },
    )


def _present_members(seats: list[selectors.InvitedSeat]) -> list[str]:
    """Who was present, as the minutes name them: a member, or who came in their place."""
    names: list[str] = []
    for seat in seats:
        for member in seat.members:
            attendance = member.attendance
            if attendance is None or attendance.status == AttendanceStatus.ABSENT:
                continue
            name = ko(member.holder.person.display_name)
            if attendance.proxy_name:
                name = format_html("{} ({}: {})", name, attendance.get_status_display(), ko(attendance.proxy_name))
            names.append(name)
    return names


def _manages(request: HttpRequest, meeting: Meeting) -> bool:
    return can_manage_meeting(Actor.for_user(request.user), meeting)


def _document_public(meeting: Meeting, document: Any) -> bool:
    """A closed meeting's minutes and a closed item's files wait until the reason ends."""
    if document.agenda_item is not None and document.agenda_item.is_closed:
        return False
    return not (meeting.is_closed and document.kind == DocumentKind.MINUTES)


def _public_minutes(meeting: Meeting, minutes: Any) -> bool:
    """Published minutes are public unless the meeting is closed (until the reason ends)."""
    return bool(minutes.status == "published" and not meeting.is_closed)


@domain_errors_as_pages
def series_detail(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    series = selectors.series_get(pk=pk, site=site_org)
    return render(
        request,
        "web/meetings/series.html",
        {
            "local_site": site_org,
            "series": series,
            "title": series.display_title,
            "rule_text": describe_rule(series.rrule, series.until),
            "meetings": selectors.with_item_counts(list(selectors.meeting_list(series=series))),
            "invitations": list(series.invitations.select_related("post__organization")),
            "even_months": EVEN_MONTHS,
            "odd_months": ODD_MONTHS,
        },
    )


@domain_errors_as_pages
def document_download(request: HttpRequest, site: str, pk: int, document_pk: int) -> HttpResponseBase:
    _site, meeting = _visible_meeting(request, site, pk)
    document = meeting.documents.select_related("agenda_item").filter(pk=document_pk).first()
    if document is None or not _document_public(meeting, document) and not _manages(request, meeting):
        raise NotFoundError()
    return stored_file_response(document)


def _feed(request: HttpRequest, site_org: Organization, meetings: Any, name: str) -> HttpResponse:
    # The newest meetings, at most FEED_LIMIT: calendar clients re-read the whole feed each time.
    rows = list(meetings.order_by("-start", "-pk")[:FEED_LIMIT])[::-1]
    pages = {
        m.pk: request.build_absolute_uri(reverse("web:meeting", kwargs={"site": site_org.site_slug, "pk": m.pk}))
        for m in rows
    }
    body = build_calendar(rows, name=name, host=request.get_host().split(":")[0], page_url_of=pages)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@domain_errors_as_pages
def site_feed(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    meetings = selectors.meetings_of_site(site_org)
    return _feed(request, site_org, meetings, site_org.display_name)


@domain_errors_as_pages
def organization_feed(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    organization = organization_selectors.organization_get(site=site_org, pk=pk)
    meetings = selectors.meeting_list(organizers=[organization.pk])
    return _feed(request, site_org, meetings, organization.display_name)


@domain_errors_as_pages
def series_feed(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    series = selectors.series_get(pk=pk, site=site_org)
    return _feed(request, site_org, selectors.meeting_list(series=series), series.display_title)


def _managed_meeting(request: HttpRequest, site: str, pk: int) -> Meeting:
    _site, meeting = _visible_meeting(request, site, pk)
    if not can_manage_meeting(Actor.for_user(request.user), meeting):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return meeting


def _workspace_action(
    request: HttpRequest,
    meeting: Meeting,
    form: forms.Form,
    perform: Perform,
    *,
    publish_label: str = "",
    template: str = "web/meetings/meeting_form.html",
    context: dict[str, Any] | None = None,
    **page: Any,
) -> HttpResponseBase:
    """A secretary's form on a meeting: back to the meeting page once ``perform`` succeeds."""
    site = meeting.organizer.site
    assert site is not None
    return run_form_on(
        request,
        "meeting",
        meeting,
        form,
        perform,
        site=site,
        template=template,
        context={"publish_label": publish_label, **(context or {})},
        **page,
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_agenda_item(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.add_agenda_item(actor=actor, meeting=meeting, **data),
        title=_("Add an agenda item"),
        submit=_("Add item"),
        done=_("The agenda item was added."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def decide_agenda_item(request: HttpRequest, site: str, pk: int, item_pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    item = meeting.agenda_items.filter(pk=item_pk).first()
    if item is None:
        raise NotFoundError()
    form = DecisionForm(request.POST or None, initial={"decision": item.decision, "text": item.decision_text})
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.decide_agenda_item(actor=actor, item=item, **data),
        title=_("Decision on “%(item)s”") % {"item": item.title},
        submit=_("Record decision"),
        done=_("The decision was recorded."),
    )


def _item_of(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_pk).first()
    if item is None:
        raise NotFoundError()
    return item


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def record_vote(request: HttpRequest, site: str, pk: int, item_pk: int) -> HttpResponseBase:
    """The vote on an item (찬성·반대·기권 or 이의 없음) and the members who took no part in it."""
    meeting = _managed_meeting(request, site, pk)
    item = _item_of(meeting, item_pk)
    members = selectors.voting_members(selectors.invited_seats(meeting))
    form = VoteForm(request.POST or None, members=members, item=item)

    def perform(actor: Actor, data: dict[str, Any]) -> object:
        vote, recusals = form.entries()
        return services.record_vote(actor=actor, item=item, vote=vote, recusals=recusals)

    return _workspace_action(
        request,
        meeting,
        form,
        perform,
        title=_("Vote on “%(item)s”") % {"item": item.title},
        submit=_("Record the vote"),
        done=_("The vote was recorded."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def close_agenda_item(request: HttpRequest, site: str, pk: int, item_pk: int) -> HttpResponseBase:
    """Close an item to the public on a ground of 정보공개법 §9, or open it again."""
    meeting = _managed_meeting(request, site, pk)
    item = _item_of(meeting, item_pk)
    initial = {
        "closed_ground": item.closed_ground,
        "closed_reason": item.closed_reason,
        "closed_until": item.closed_until,
    }
    form = ClosureFields(request.POST or None, initial=initial)
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.close_agenda_item(
            actor=actor,
            item=item,
            ground=data["closed_ground"],
            reason=data["closed_reason"],
            until=data["closed_until"],
        ),
        title=_("Public access to “%(item)s”") % {"item": item.title},
        submit=_("Save"),
        done=_("Public access to the item was saved."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def record_particulars(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """The notice date, a written resolution and closure to the public, as the minutes record them."""
    meeting = _managed_meeting(request, site, pk)
    fields = ["notice_date", "written_resolution", "closed_ground", "closed_reason", "closed_until"]
    form = ParticularsForm(request.POST or None, initial={name: getattr(meeting, name) for name in fields})
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.record_particulars(actor=actor, meeting=meeting, **data),
        title=_("Notice and public access"),
        submit=_("Save"),
        done=_("The meeting's particulars were saved."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def adopt_as_task(request: HttpRequest, site: str, pk: int, item_pk: int) -> HttpResponseBase:
    """Adopt an item and record the commitment it makes as a task (과제)."""
    meeting = _managed_meeting(request, site, pk)
    item = meeting.agenda_items.select_related("presenter").filter(pk=item_pk).first()
    if item is None:
        raise NotFoundError()
    site_org = meeting.organizer.site
    assert site_org is not None
    form = AdoptAsTaskForm(
        request.POST or None,
        site=site_org,
        initial={"title": item.title, "owner": (item.presenter or meeting.organizer).pk},
    )
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.adopt_as_task(actor=actor, item=item, **data),
        title=_("Adopt “%(item)s” as a task") % {"item": item.title},
        submit=_("Adopt as a task"),
        done=_("The item was adopted and its task created."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def forward_items(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    # The body is chosen first (a GET form above), then the items and one of its meetings.
    body = request.POST.get("body") or request.GET.get("body")
    form = ForwardForm(request.POST or None, meeting=meeting, body=body)
    can_schedule = form.chosen is not None and can_manage_meetings(Actor.for_user(request.user), form.chosen)
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.forward_agenda_items(
            actor=actor, items=list(data["items"]), target=data["target"]
        ),
        template="web/meetings/forward_form.html",
        title=_("Forward items to another meeting"),
        submit=_("Forward"),
        done=_("The items were forwarded."),
        context={"can_schedule": can_schedule},
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def record_attendance(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    form = AttendanceForm(request.POST or None, seats=selectors.invited_seats(meeting))

    def perform(actor: Actor, data: dict[str, Any]) -> object:
        entries = [
            services.AttendanceEntry(post=seat.post, status=status, proxy_name=proxy, person=member.holder.person)
            for seat, member, status, proxy in form.entries()
        ]
        return services.record_attendance(actor=actor, meeting=meeting, entries=entries)

    if getattr(request, "htmx", False) and request.method == "POST":
        return autosave(request, form, perform)
    return _workspace_action(
        request,
        meeting,
        form,
        perform,
        template="web/meetings/attendance_form.html",
        title=_("Record attendance"),
        submit=_("Save attendance"),
        done=_("Attendance was saved."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def edit_minutes(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    minutes = getattr(meeting, "minutes", None)
    initial = {"text": minutes.text, "others_present": minutes.others_present} if minutes else {}
    form = MinutesForm(request.POST or None, initial=initial)
    publish = "publish" in request.POST

    def perform(actor: Actor, data: dict[str, Any]) -> object:
        return services.save_minutes(
            actor=actor, meeting=meeting, text=data["text"], others_present=data["others_present"], publish=publish
        )

    return _workspace_action(
        request,
        meeting,
        form,
        perform,
        title=_("Minutes"),
        submit=_("Save draft"),
        done=_("The minutes were saved."),
        publish_label=_("Save and publish"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def change_status(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    form = MeetingStatusForm(request.POST or None)
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.set_meeting_status(actor=actor, meeting=meeting, **data),
        title=_("Change the meeting's status"),
        submit=_("Change status"),
        done=_("The meeting's status was changed."),
        renames={"status": None},
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def move_meeting(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """Move this one meeting; the other meetings of its series stay where they are."""
    meeting = _managed_meeting(request, site, pk)
    form = MoveMeetingForm(request.POST or None, initial={"start": meeting.start, "end": meeting.end})
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.move_meeting(actor=actor, meeting=meeting, **data),
        title=_("Move this meeting"),
        submit=_("Move"),
        done=_("The meeting was moved."),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def add_document(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    meeting = _managed_meeting(request, site, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _workspace_action(
        request,
        meeting,
        form,
        lambda actor, data: services.add_document(
            actor=actor, meeting=meeting, title=data["title"], upload=data["file"], kind=data["kind"]
        ),
        title=_("Add a document"),
        submit=_("Upload"),
        done=_("The document was added."),
        multipart=True,
    )


def _organizer(request: HttpRequest, site: str, pk: int) -> tuple[Organization, Organization, Actor]:
    """The site, the organization whose meetings and programs a form creates, and the actor, who
    must manage that organization's meetings."""
    site_org = organization_selectors.site_get(site)
    organizer = organization_selectors.organization_get(site=site_org, pk=pk)
    actor = Actor.for_user(request.user)
    if not can_manage_meetings(actor, organizer):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return site_org, organizer, actor


@domain_errors_as_pages
def meeting_rules(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """How a body opens its meetings and decides: the rules in force today and their history."""
    site_org = organization_selectors.site_get(site)
    body = organization_selectors.organization_get(site=site_org, pk=pk)
    in_force, row = selectors.rules_on(body, timezone.localdate())
    return render(
        request,
        "web/meetings/rules.html",
        {
            "local_site": site_org,
            "organization": body,
            "title": _("Meeting rules of %(body)s") % {"body": body.display_name},
            "rules": in_force,
            "row": row,
            "history": list(body.meeting_rules.order_by("-valid_from")),
            "can_manage": can_manage_meetings(Actor.for_user(request.user), body),
        },
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def set_meeting_rules(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org, body, _actor = _organizer(request, site, pk)
    return run_form(
        request,
        MeetingRulesForm(request.POST or None),
        lambda actor, data: services.set_meeting_rules(actor=actor, body=body, **data),
        done=_("The meeting rules were saved."),
        success_url=lambda _rules: reverse("web:meeting_rules", kwargs={"site": site, "pk": body.pk}),
        template="web/common/form.html",
        context={"local_site": site_org, "organization": body},
        title=_("Meeting rules from a date"),
        submit=_("Save the rules"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def create_series(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org, organizer, actor = _organizer(request, site, pk)
    bodies = organization_selectors.site_organizations(site_org)
    form = SeriesForm(request.POST or None, bodies=bodies, initial={"seats_0_body": organizer.display_name})
    previewing = "preview" in request.POST
    if request.method == "POST" and form.is_valid() and not previewing:
        data = form.cleaned_data
        try:
            series = services.create_series(
                actor=actor,
                organizer=organizer,
                title=data["title"],
                title_en=data["title_en"],
                rrule=data["rrule"],
                dtstart=data["dtstart"],
                duration=dt.timedelta(minutes=data["duration_minutes"]),
                until=data["until"],
                place=data["place"],
                first_number=data["first_number"],
                invitations=[services.Invitation(post, months) for post, months in data["invitations"]],
                exdates=data["exdate_list"],
                rdates=data["rdate_list"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The meeting series was created."))
            return redirect("web:series", site=site, pk=series.pk)
    if previewing:
        form.keep_preview_errors()
    context = {
        "local_site": site_org,
        "organization": organizer,
        "form": form,
        "preview": form.preview() if request.method == "POST" else None,
        "preview_errors": previewing and bool(form.errors),
        "form_id": "series-form",
        "title": _("New meeting series"),
        "submit_label": _("Create series"),
    }
    if previewing and request.headers.get("X-Preview") == "1":
        return render(request, "web/meetings/_series_preview.html", context)
    return render(
        request, "web/meetings/series_form.html", context, status=422 if form.errors and not previewing else 200
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def create_meeting(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """A meeting outside any series, scheduled by whoever manages the organizer's meetings."""
    site_org, organizer, _actor = _organizer(request, site, pk)
    return run_form(
        request,
        MeetingForm(request.POST or None),
        lambda actor, data: services.create_meeting(actor=actor, organizer=organizer, **data),
        done=_("The meeting was scheduled."),
        success_url=lambda meeting: reverse("web:meeting", kwargs={"site": site, "pk": meeting.pk}),
        template="web/common/form.html",
        context={"local_site": site_org, "organization": organizer},
        title=_("New meeting"),
        submit=_("Schedule the meeting"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def create_program(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """A program with its cohorts, opened by whoever manages the organizer's meetings."""
    site_org, organizer, _actor = _organizer(request, site, pk)
    areas = organization_selectors.site_organizations(site_org).exclude(admin_code="")
    form = ProgramForm(request.POST or None, areas=areas)
    return run_form(
        request,
        form,
        lambda actor, _data: services.create_program(actor=actor, organizer=organizer, **form.program_fields()),
        done=_("The program was opened."),
        success_url=lambda program: reverse("web:program", kwargs={"site": site, "pk": program.pk}),
        template="web/common/grouped_form.html",
        context={"local_site": site_org, "organization": organizer},
        title=_("New program"),
        submit=_("Open the program"),
    )


@domain_errors_as_pages
def programs_index(request: HttpRequest, site: str) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    programs = list(selectors.programs_of_site(site_org))
    return render(request, "web/meetings/programs.html", {"local_site": site_org, "programs": programs})


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def program_detail(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    program = selectors.program_get(pk=pk, site=site_org)
    actor = Actor.for_user(request.user)
    staff = can_manage_meetings(actor, program.organizer)
    if request.method == "POST":
        throttle(request, "registration", contact=request.POST.get("contact", ""))
    form = RegistrationForm(request.POST or None, program=program, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = RegistrationChannel.PHONE if data.get("phone_application") else RegistrationChannel.ONLINE
        try:
            registration = services.register(
                actor=actor,
                cohort=data["cohort"],
                name=data["name"],
                contact=data["contact"],
                age=data.get("age"),
                grade=data.get("grade"),
                residence_code=data.get("residence_code") or "",
                channel=channel,
                consent=data["consent"],
                guardian=form.guardian(),
                guardian_link=lambda token: request.build_absolute_uri(
                    reverse("web:guardian_consent", kwargs={"token": token})
                ),
            )
        except PermissionDeniedError:
            raise  # signing in first where the program asks for it
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Your place is confirmed."))
            else:
                messages.success(request, _("All places are taken: you are on the waiting list."))
            return redirect("web:registration", site=site, code=registration.code)
    return render(
        request,
        "web/meetings/program.html",
        {
            "local_site": site_org,
            "program": program,
            "title": program.display_title,
            "form": form,
            "staff": staff,
            "cohorts": selectors.cohorts_with_counts(program),
            "closed": selectors.window_closed(program, now=timezone.now())
            or _("Every cohort has begun: registration is closed."),
        },
        status=422 if form.errors else 200,
    )


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
    """Status of one registration by its code; cancelling needs the contact given, or, for the person
    who registered while signed in, a confirmation."""
    site_org = organization_selectors.site_get(site)
    registration = (
        Registration.objects.select_related("cohort__program__organizer")
        .filter(code=code.upper(), cohort__program__organizer__site=site_org)
        .first()
    )
    if registration is None:
        raise NotFoundError()
    actor = Actor.for_user(request.user)
    own = is_registrant(actor, registration)
    if request.method == "POST":
        throttle(request, "registration_lookup")
    form: forms.Form = (
        CancelOwnRegistrationForm(request.POST if request.method == "POST" else None)
        if own
        else RegistrationLookupForm(request.POST or None, initial={"code": registration.code})
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = (
                registration
                if own
                else selectors.registration_by_code(form.cleaned_data["code"], form.cleaned_data["contact"])
            )
            if found.pk != registration.pk:
                raise NotFoundError()
            services.cancel_registration(actor=actor, registration=found)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The registration was cancelled."))
            return redirect("web:registration", site=site, code=registration.code)
    return render(
        request,
        "web/meetings/registration.html",
        {
            "local_site": site_org,
            "registration": registration,
            "form": form,
            "own": own,
            "position": _waiting_position(registration),
        },
        status=422 if form.errors else 200,
    )


@domain_errors_as_pages
def program_registrations(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    site_org = organization_selectors.site_get(site)
    program = selectors.program_get(pk=pk, site=site_org)
    if not can_manage_meetings(Actor.for_user(request.user), program.organizer):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return render(
        request,
        "web/meetings/program_registrations.html",
        {"local_site": site_org, "program": program, "registrations": list(selectors.registrations_of(program))},
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def guardian_consent(request: HttpRequest, token: str) -> HttpResponseBase:
    """A legal guardian reads what a child's registration collects and consents or refuses
    (개인정보 보호법 §22-2); the link was sent to the contact they were registered with."""
    registration = services.registration_for_guardian(token)
    if request.method == "POST" and request.POST.get("answer") in {"consent", "refuse"}:
        consented = request.POST["answer"] == "consent"
        services.answer_as_guardian(token=token, consent=consented)
        return render(
            request,
            "web/meetings/guardian_answered.html",
            {"title": _("Thank you"), "consented": consented, "program": registration.cohort.program},
        )
    return render(
        request,
        "web/meetings/guardian_consent.html",
        {
            "title": _("A legal guardian's consent"),
            "registration": registration,
            "program": registration.cohort.program,
            "notice": registration_notice(),
        },
    )
