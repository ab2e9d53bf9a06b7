from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import PlainSerializer

from hyeopchi.meetings.recurrence import SEOUL

# Ids are 64-bit database keys: larger numbers are refused as input, not passed to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Times go out in Seoul time with their offset (2021-02-23T10:00:00+09:00), as people read them.
LocalDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda value: value.astimezone(SEOUL).isoformat(), return_type=str),
]
# Free text in a query: bounded, and without NUL, which PostgreSQL cannot store or compare.
QueryText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]


class OrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    parent_id: int | None
    site: str | None = Field(None, description="Slug of the site whose tree holds it.")
    admin_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_site(obj: object) -> str | None:
        site = getattr(obj, "site", None)
        return site.site_slug if site is not None else None


class PostOut(Schema):
    id: int
    organization_id: int
    name: str
    name_en: str
    role: str
    side: str
    min_holders: int
    max_holders: int
    is_voting: bool
    ex_officio_post_id: int | None


class PersonOut(Schema):
    id: int
    name: str
    name_en: str


class MembershipOut(Schema):
    id: int
    post_id: int
    organization_id: int = Field(..., alias="post.organization_id")
    person: PersonOut
    on_behalf_of_id: int | None
    start_date: dt.date
    end_date: dt.date | None


class ViolationOut(Schema):
    code: str
    severity: str
    message: str


class CompositionOut(Schema):
    organization_id: int
    on: dt.date
    is_satisfied: bool
    violations: list[ViolationOut]


class AppointIn(Schema):
    post_id: Id
    person_id: Id | None = None
    new_person_name: str | None = Field(None, max_length=100, pattern=r"^[^\x00]*$")
    on_behalf_of_id: Id | None = None
    start_date: dt.date
    end_date: dt.date | None = None


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
    decision_text: str
    forwarded_from_id: int | None


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


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, pattern=r"^[^\x00]*$")
    kind: str = Field(..., max_length=20)
    presenter_id: Id | None = None
    parent_id: Id | None = None
    description: str = Field("", max_length=5000, pattern=r"^[^\x00]*$")


class DecisionIn(Schema):
    decision: str = Field(..., max_length=20)
    text: str = Field("", max_length=5000, pattern=r"^[^\x00]*$")


class ForwardIn(Schema):
    item_ids: list[Id] = Field(..., min_length=1, max_length=100)
    target_meeting_id: Id


class AttendanceIn(Schema):
    post_id: Id
    status: str = Field(..., max_length=20)
    proxy_name: str = Field("", max_length=100, pattern=r"^[^\x00]*$")


class StatusIn(Schema):
    status: str = Field(..., max_length=20)
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
    cohorts: list[CohortOut]


class RegistrationIn(Schema):
    cohort_id: Id
    name: str = Field(..., min_length=1, max_length=100, pattern=r"^[^\x00]*$")
    contact: str = Field(..., min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    grade: int | None = Field(None, ge=1, le=12)
    age: int | None = Field(None, ge=0, le=120)
    residence_code: str = Field("", max_length=5, pattern=r"^\d{0,5}$")
    by_phone: bool = False


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
    title: str = Field(..., min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    title_en: str = Field("", max_length=200, pattern=r"^[^\x00]*$")
    rrule: str = Field(..., max_length=500)
    dtstart: dt.datetime
    duration_minutes: int = Field(120, ge=1, le=24 * 60)
    until: dt.date | None = None
    exdates: list[dt.datetime] = Field(default_factory=list, max_length=366)
    rdates: list[dt.datetime] = Field(default_factory=list, max_length=366)
    place: str = Field("", max_length=200, pattern=r"^[^\x00]*$")
    first_number: int = Field(1, ge=1, le=100_000)
    invitations: list[InvitationIn] = Field(default_factory=list, max_length=500)


class MoveIn(Schema):
    start: dt.datetime
    end: dt.datetime


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    media_type: str
    size: int
