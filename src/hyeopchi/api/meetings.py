"""Meetings, series, agendas, decisions, forwarding, attendance, minutes and documents, and the
programs people register for, through the API.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hyeopchi.api.auth import signed_in
from hyeopchi.api.pagination import Pagination
from hyeopchi.api.schemas import LINE, NO_NUL, Date, DateTime, Id, LocalDateTime, QueryText, ShortText
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, ValidationFailedError
from hyeopchi.core.ratelimit import throttle
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings.errors import MeetingErrorCode
from hyeopchi.meetings.models import AgendaItem, Cohort, Document, Meeting, MeetingSeries, Program
from hyeopchi.meetings.permissions import can_manage_meeting, can_view_meeting
from hyeopchi.organizations.models import Organization, Person, Post


class SeriesOut(Schema):
    id: int
    organizer_id: int
    title: str
    title_en: str
    rrule: str
    dtstart: LocalDateTime
    until: dt.date | None
    place: str


class AgendaItemOut(Schema):
    id: int
    parent_id: int | None
    position: int
    title: str
    kind: str
    presenter_id: int | None
    decision: str
    decision_text: str = Field(description="Empty for an item closed to the public, unless you manage the meeting.")
    forwarded_from_id: int | None
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    without_objection: bool
    vote_in_office: int | None = Field(description="Voting members in office for this item, recusals left out.")
    vote_present: int | None
    vote_quorum_held: bool | None
    vote_majority_held: bool | None
    closed_ground: str = Field(description="정보공개법 §9① item (1–8) the item is closed on; empty if public.")
    closed_reason: str
    closed_until: dt.date | None


class MeetingOut(Schema):
    id: int
    series_id: int | None
    organizer_id: int
    title: str
    title_en: str
    number: int | None
    start: LocalDateTime
    end: LocalDateTime
    status: str
    place: str
    online_url: str


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    notice_date: dt.date | None
    written_resolution: bool
    closed_ground: str
    closed_reason: str
    closed_until: dt.date | None


PARTICULARS = ("notice_date", "written_resolution", "closed_ground", "closed_reason", "closed_until")


class RecusalIn(Schema):
    person_id: Id
    ground: str = Field(
        ..., max_length=20, pattern=NO_NUL, description="excluded (제척), challenged (기피) or withdrew (회피)"
    )


class VoteIn(Schema):
    yes: int = Field(0, ge=0, le=100000)
    no: int = Field(0, ge=0, le=100000)
    abstain: int = Field(0, ge=0, le=100000)
    without_objection: bool = False
    chair_casting: bool | None = None
    recusals: list[RecusalIn] = Field(default_factory=list, max_length=1000)


class ParticularsIn(Schema):
    notice_date: dt.date | None = None
    written_resolution: bool = False
    closed_ground: str = Field("", max_length=2, pattern=NO_NUL)
    closed_reason: str = Field("", max_length=300, pattern=LINE)
    closed_until: dt.date | None = None


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, pattern=LINE)
    kind: str = Field(..., max_length=20, pattern=NO_NUL)
    presenter_id: Id | None = None
    parent_id: Id | None = None
    description: str = Field("", max_length=5000, pattern=r"^[^\x00]*$")


class DecisionIn(Schema):
    decision: str = Field(..., max_length=20, pattern=NO_NUL)
    text: str = Field("", max_length=5000, pattern=r"^[^\x00]*$")


class ForwardIn(Schema):
    item_ids: list[Id] = Field(..., min_length=1, max_length=100)
    target_meeting_id: Id


class AttendanceIn(Schema):
    post_id: Id
    person_id: Id | None = Field(None, description="The member; may be left out for a seat with one holder.")
    status: str = Field(..., max_length=20, pattern=NO_NUL)
    proxy_name: str = Field("", max_length=100, pattern=r"^[^\x00]*$")


class StatusIn(Schema):
    status: str = Field(..., max_length=20, pattern=NO_NUL)
    reason: str = Field("", max_length=200, pattern=r"^[^\x00]*$")


class MinutesIn(Schema):
    text: str = Field(..., max_length=100_000, pattern=r"^[^\x00]*$")
    publish: bool = False


class MinutesOut(Schema):
    meeting_id: int
    status: str
    text: str


class CohortOut(Schema):
    id: int
    label: str
    start: LocalDateTime
    end: LocalDateTime
    capacity: int
    reserved: int


class ProgramOut(Schema):
    id: int
    organizer_id: int
    title: str
    title_en: str
    kind: str
    min_grade: int | None
    max_grade: int | None
    requires_sign_in: bool
    cohorts: list[CohortOut]


class RegistrationIn(Schema):
    cohort_id: Id
    name: str = Field(..., min_length=1, max_length=100, pattern=r"^[^\x00]*$")
    contact: str = Field(..., min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    grade: int | None = Field(None, ge=1, le=12)
    age: int | None = Field(None, ge=0, le=120)
    residence_code: str = Field("", max_length=5, pattern=r"^\d{0,5}$")
    by_phone: bool = False
    # Consent to the registration notice (core.consent, shown on the program's page); a child under 14
    # also needs the legal guardian's consent with their name and contact.
    consent: bool = False
    guardian_consent: bool = False
    guardian_name: str = Field("", max_length=100, pattern=r"^[^\x00]*$")
    guardian_contact: str = Field("", max_length=200, pattern=r"^[^\x00]*$")


class RegistrationOut(Schema):
    code: str
    cohort_id: int
    status: str


class CancelIn(Schema):
    code: str = Field(..., max_length=12, pattern=r"^[A-Za-z0-9]+$")
    contact: str = Field(..., max_length=200, pattern=r"^[^\x00]*$")


class InvitationIn(Schema):
    post_id: Id
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=list, max_length=12)


class SeriesIn(Schema):
    organizer_id: Id
    title: str = Field(..., min_length=1, max_length=200, pattern=LINE)
    title_en: str = Field("", max_length=200, pattern=LINE)
    rrule: str = Field(..., max_length=500, pattern=NO_NUL)
    dtstart: DateTime
    duration_minutes: int = Field(120, ge=1, le=24 * 60)
    until: Date | None = None
    exdates: list[dt.datetime] = Field(default_factory=list, max_length=366)
    rdates: list[dt.datetime] = Field(default_factory=list, max_length=366)
    place: str = Field("", max_length=200, pattern=LINE)
    first_number: int = Field(1, ge=1, le=100_000)
    invitations: list[InvitationIn] = Field(default_factory=list, max_length=500)


class MoveIn(Schema):
    start: DateTime
    end: DateTime


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    media_type: str
    size: int


router = Router(tags=["meetings"])


class MeetingFilters(Schema):
    site: QueryText | None = None
    organizer: Id | None = None
    series: Id | None = None
    upcoming: bool | None = None


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pagination)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    organizers: Any = None
    if filters.site:
        organizers = Organization.objects.filter(site__site_slug=filters.site).values_list("pk", flat=True)
    if filters.organizer is not None:
        organizers = [filters.organizer]
    series = MeetingSeries.objects.filter(pk=filters.series).first() if filters.series else None
    if filters.series and series is None:
        return Meeting.objects.none()
    return selectors.meeting_list(organizers=organizers, upcoming=filters.upcoming, series=series)


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_get(pk=meeting_id)
    if not can_view_meeting(Actor.for_user(request.user), meeting):
        raise NotFoundError(MeetingErrorCode.NOT_FOUND)
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise NotFoundError(MeetingErrorCode.NOT_FOUND)
    return item


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    manages = can_manage_meeting(Actor.for_user(request.user), meeting)
    items = []
    for item in meeting.top_items:  # type: ignore[attr-defined]
        items.append(item)
        items.extend(item.children.all())
    agenda = [
        {**AgendaItemOut.from_orm(item).dict(), "decision_text": ""}
        if item.is_closed and not manages
        else AgendaItemOut.from_orm(item).dict()
        for item in items
    ]
    particulars = {name: getattr(meeting, name) for name in PARTICULARS}
    return {**MeetingOut.from_orm(meeting).dict(), **particulars, "agenda": agenda}


@router.get("/series", response=list[SeriesOut])
@paginate(Pagination)
def list_series(request: HttpRequest, site: QueryText | None = None) -> Any:
    queryset = MeetingSeries.objects.select_related("organizer").order_by("pk")
    return queryset.filter(organizer__site__site_slug=site) if site else queryset


def _invalid(field: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(MeetingErrorCode.INVALID_AGENDA_ITEM, fields={field: [message]})


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, auth=signed_in)
def add_agenda_item(request: HttpRequest, meeting_id: Id, payload: AgendaItemIn) -> Status[AgendaItem]:
    meeting = _meeting(request, meeting_id)
    presenter = None
    if payload.presenter_id is not None:
        presenter = Organization.objects.filter(pk=payload.presenter_id).first()
        if presenter is None:
            raise _invalid("presenter_id", _("No organization has this id."))
    parent = None
    if payload.parent_id is not None:
        parent = meeting.agenda_items.filter(pk=payload.parent_id).first()
        if parent is None:
            raise _invalid("parent_id", _("Choose a top-level item of this meeting."))
    item = services.add_agenda_item(
        actor=Actor.for_user(request.user),
        meeting=meeting,
        title=payload.title,
        kind=payload.kind,
        presenter=presenter,
        parent=parent,
        description=payload.description,
    )
    return Status(201, item)


@router.post("/meetings/{meeting_id}/agenda/{item_id}/decision", response=AgendaItemOut, auth=signed_in)
def decide(request: HttpRequest, meeting_id: Id, item_id: Id, payload: DecisionIn) -> AgendaItem:
    meeting = _meeting(request, meeting_id)
    item = _item(meeting, item_id)
    return services.decide_agenda_item(
        actor=Actor.for_user(request.user), item=item, decision=payload.decision, text=payload.text
    )


@router.post("/meetings/{meeting_id}/agenda/{item_id}/vote", response=AgendaItemOut, auth=signed_in)
def vote(request: HttpRequest, meeting_id: Id, item_id: Id, payload: VoteIn) -> AgendaItem:
    """Record the vote on an item; the item is adopted or rejected by the body's rules."""
    meeting = _meeting(request, meeting_id)
    item = _item(meeting, item_id)
    people = Person.objects.in_bulk([row.person_id for row in payload.recusals])
    recusals = []
    for row in payload.recusals:
        if row.person_id not in people:
            raise _invalid("recusals", _("No person has this id."))
        recusals.append(services.RecusalEntry(people[row.person_id], row.ground))
    entry = services.VoteEntry(
        yes=payload.yes,
        no=payload.no,
        abstain=payload.abstain,
        without_objection=payload.without_objection,
        chair_casting=payload.chair_casting,
    )
    return services.record_vote(actor=Actor.for_user(request.user), item=item, vote=entry, recusals=recusals)


@router.put("/meetings/{meeting_id}/particulars", response=MeetingOut, auth=signed_in)
def particulars(request: HttpRequest, meeting_id: Id, payload: ParticularsIn) -> Meeting:
    """The notice date, a written resolution and closure to the public (정보공개법 §9)."""
    meeting = _meeting(request, meeting_id)
    return services.record_particulars(actor=Actor.for_user(request.user), meeting=meeting, **payload.dict())


@router.post("/meetings/{meeting_id}/forward", response=list[AgendaItemOut], auth=signed_in)
def forward(request: HttpRequest, meeting_id: Id, payload: ForwardIn) -> list[AgendaItem]:
    meeting = _meeting(request, meeting_id)
    items = list(meeting.agenda_items.filter(pk__in=payload.item_ids))
    if len(items) != len(set(payload.item_ids)):
        raise _invalid("item_ids", _("Choose items of this meeting."))
    target = _meeting(request, payload.target_meeting_id)
    return services.forward_agenda_items(actor=Actor.for_user(request.user), items=items, target=target)


@router.put("/meetings/{meeting_id}/attendance", response={204: None}, auth=signed_in)
def record_attendance(request: HttpRequest, meeting_id: Id, payload: list[AttendanceIn]) -> Status[None]:
    meeting = _meeting(request, meeting_id)
    posts = Post.objects.in_bulk([row.post_id for row in payload])
    people = Person.objects.in_bulk([row.person_id for row in payload if row.person_id is not None])
    entries = []
    for row in payload:
        post = posts.get(row.post_id)
        if post is None:
            raise _invalid("post_id", _("No seat has this id."))
        person = people.get(row.person_id) if row.person_id is not None else None
        if row.person_id is not None and person is None:
            raise _invalid("person_id", _("No person has this id."))
        entries.append(services.AttendanceEntry(post, row.status, person=person, proxy_name=row.proxy_name))
    services.record_attendance(actor=Actor.for_user(request.user), meeting=meeting, entries=entries)
    return Status(204, None)


@router.post("/meetings/{meeting_id}/status", response=MeetingOut, auth=signed_in)
def change_status(request: HttpRequest, meeting_id: Id, payload: StatusIn) -> Meeting:
    meeting = _meeting(request, meeting_id)
    return services.set_meeting_status(
        actor=Actor.for_user(request.user), meeting=meeting, status=payload.status, reason=payload.reason
    )


@router.put("/meetings/{meeting_id}/minutes", response=MinutesOut, auth=signed_in)
def save_minutes(request: HttpRequest, meeting_id: Id, payload: MinutesIn) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    minutes = services.save_minutes(
        actor=Actor.for_user(request.user), meeting=meeting, text=payload.text, publish=payload.publish
    )
    return {"meeting_id": meeting.pk, "status": minutes.status, "text": minutes.text}


@router.get("/programs", response=list[ProgramOut])
@paginate(Pagination)
def list_programs(request: HttpRequest, site: QueryText | None = None) -> Any:
    queryset = Program.objects.filter(is_public=True).prefetch_related("cohorts").order_by("pk")
    return queryset.filter(organizer__site__site_slug=site) if site else queryset


@router.post("/registrations", response={201: RegistrationOut})
def register(request: HttpRequest, payload: RegistrationIn) -> Status[Any]:
    """Register for a cohort; staff set ``by_phone`` for an application taken by phone."""
    throttle(request, "registration", contact=payload.contact)
    cohort = Cohort.objects.filter(pk=payload.cohort_id, program__is_public=True).first()
    if cohort is None:
        raise _invalid("cohort_id", _("No open cohort has this id."))
    registration = services.register(
        actor=Actor.for_user(request.user),
        cohort=cohort,
        channel="phone" if payload.by_phone else "online",
        guardian=services.Guardian(payload.guardian_name, payload.guardian_contact)
        if payload.guardian_consent
        else None,
        guardian_link=lambda token: request.build_absolute_uri(
            reverse("web:guardian_consent", kwargs={"token": token})
        ),
        **payload.model_dump(
            exclude={"cohort_id", "by_phone", "guardian_consent", "guardian_name", "guardian_contact"}
        ),
    )
    return Status(201, registration)


@router.post("/registrations/cancel", response=RegistrationOut)
def cancel(request: HttpRequest, payload: CancelIn) -> Any:
    throttle(request, "registration_lookup")
    registration = selectors.registration_by_code(payload.code, payload.contact)
    services.cancel_registration(actor=Actor.for_user(request.user), registration=registration)
    registration.refresh_from_db()
    return registration


@router.post("/series", response={201: SeriesOut}, auth=signed_in)
def create_series(request: HttpRequest, payload: SeriesIn) -> Status[MeetingSeries]:
    """Create a series (RRULE, EXDATE/RDATE, seats invited every month or in some) and its
    meetings up to the horizon."""
    organizer = Organization.objects.filter(pk=payload.organizer_id).first()
    if organizer is None:
        raise _invalid("organizer_id", _("No organization has this id."))
    posts = Post.objects.in_bulk([i.post_id for i in payload.invitations])
    if len(posts) != len({i.post_id for i in payload.invitations}):
        raise _invalid("invitations", _("No seat has this id."))
    series = services.create_series(
        actor=Actor.for_user(request.user),
        organizer=organizer,
        title=payload.title,
        title_en=payload.title_en,
        rrule=payload.rrule,
        dtstart=payload.dtstart,
        duration=dt.timedelta(minutes=payload.duration_minutes),
        until=payload.until,
        exdates=payload.exdates,
        rdates=payload.rdates,
        place=payload.place,
        first_number=payload.first_number,
        invitations=[services.Invitation(posts[i.post_id], i.months) for i in payload.invitations],
    )
    return Status(201, series)


@router.post("/meetings/{meeting_id}/move", response=MeetingOut, auth=signed_in)
def move(request: HttpRequest, meeting_id: Id, payload: MoveIn) -> Meeting:
    meeting = _meeting(request, meeting_id)
    return services.move_meeting(
        actor=Actor.for_user(request.user), meeting=meeting, start=payload.start, end=payload.end
    )


@router.post("/meetings/{meeting_id}/documents", response={201: DocumentOut}, auth=signed_in)
def upload_document(
    request: HttpRequest, meeting_id: Id, file: File[UploadedFile], title: Form[ShortText], kind: Form[str] = "material"
) -> Status[Document]:
    """Attach a PDF, HWP, HWPX, XLSX, DOCX, PNG or JPEG file of at most 20 MB."""
    meeting = _meeting(request, meeting_id)
    document = services.add_document(
        actor=Actor.for_user(request.user), meeting=meeting, title=title[:200], upload=file, kind=kind
    )
    return Status(201, document)
