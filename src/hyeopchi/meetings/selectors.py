"""Reads for meeting pages, the API, feeds and the CLI."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.i18n import in_page_language
from hyeopchi.core.queries import counts_by_year, first_or_raise, start_of, where_given
from hyeopchi.meetings import recurrence, rules
from hyeopchi.meetings.enums import (
    AttendanceStatus,
    MeetingStatus,
    MinutesStatus,
    ProgramKind,
    RegistrationChannel,
    RegistrationStatus,
)
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.models import (
    AgendaItem,
    Attendance,
    Cohort,
    Meeting,
    MeetingRules,
    MeetingSeries,
    Minutes,
    Program,
    Registration,
    SeriesInvitation,
)
from hyeopchi.organizations.enums import BODY_KINDS
from hyeopchi.organizations.models import Organization, Person, Post
from hyeopchi.organizations.selectors import SeatHolder, holders_on


def invited_posts_on(meeting: Meeting) -> list[Post]:
    """Seats the meeting convenes: those its series invites in the meeting's month (all months if
    unrestricted), or, for a meeting of a committee or council without a series, the body's own."""
    if meeting.series_id is None:
        if meeting.organizer.kind not in BODY_KINDS:
            return []
        return list(
            Post.objects.filter(organization_id=meeting.organizer_id)
            .select_related("organization", "ex_officio_post__organization")
            .order_by("sort_order", "pk")
        )
    # In the order the seats were invited (the chair first), the order the series lists them.
    invitations = (
        SeriesInvitation.objects.filter(series_id=meeting.series_id)
        .select_related("post__organization", "post__ex_officio_post__organization")
        .order_by("pk")
    )
    when = meeting.recurrence_id or meeting.start
    return [i.post for i in invitations if recurrence.months_match(i.months, when)]


def rules_on(body: Organization, on: dt.date) -> tuple[rules.Rules, MeetingRules | None]:
    """The rules in force for ``body`` on ``on``: its own latest from that date, else its nearest
    parent's, else the usual "재적위원 과반수 출석, 출석위원 과반수 찬성" (``None`` as the row)."""
    lineage = [*body.ancestor_ids, body.pk]
    candidates = MeetingRules.objects.filter(body_id__in=lineage, valid_from__lte=on).order_by("-valid_from", "-pk")
    nearest: MeetingRules | None = None
    for row in candidates:
        if nearest is None or lineage.index(row.body_id) > lineage.index(nearest.body_id):
            nearest = row
    return (nearest.as_rules(), nearest) if nearest else (rules.Rules(), None)


@dataclass(frozen=True)
class SeatMember:
    holder: SeatHolder
    attendance: Attendance | None


@dataclass(frozen=True)
class InvitedSeat:
    post: Post
    holders: list[SeatHolder]
    members: list[SeatMember]


@dataclass(frozen=True)
class AttendanceSummary:
    """Attendance counted over the voting members in office on the meeting's date (재적위원):
    vacant seats and non-voting seats do not count; a member holding two seats counts once."""

    in_office: int
    present: int  # in person, acting holders included
    acting: int  # 직무대리
    stand_ins: int  # 대리출석
    stand_ins_count: bool
    recorded: int
    quorum: rules.Quorum
    in_office_ids: frozenset[int]  # the persons
    counted_ids: frozenset[int]  # those counted present for the quorum


def invited_seats(meeting: Meeting) -> list[InvitedSeat]:
    """Convened seats with the people holding them on the meeting's date and each one's attendance."""
    posts = invited_posts_on(meeting)
    holders = holders_on(posts, recurrence.to_local(meeting.start).date())
    attendance = {(a.post_id, a.person_id): a for a in meeting.attendances.select_related("person")}
    return [
        InvitedSeat(
            post, holders[post.pk], [SeatMember(h, attendance.get((post.pk, h.person.pk))) for h in holders[post.pk]]
        )
        for post in posts
    ]


def voting_members(seats: list[InvitedSeat]) -> list[Person]:
    """The voting members in office among the convened seats, each once, in seat order."""
    people: dict[int, Person] = {}
    for seat in seats:
        if seat.post.is_voting:
            for member in seat.members:
                people.setdefault(member.holder.person.pk, member.holder.person)
    return list(people.values())


COUNTED = {AttendanceStatus.PRESENT, AttendanceStatus.ACTING}


def attendance_summary(seats: list[InvitedSeat], meeting_rules: rules.Rules) -> AttendanceSummary:
    in_office: set[int] = set()
    status: dict[int, str] = {}
    recorded = 0
    for seat in seats:
        for member in seat.members:
            recorded += member.attendance is not None
            if not seat.post.is_voting:
                continue
            person = member.holder.person.pk
            in_office.add(person)
            if member.attendance is not None and status.get(person) not in COUNTED:
                status[person] = member.attendance.status
    statuses = list(status.values())
    present = statuses.count(AttendanceStatus.PRESENT) + statuses.count(AttendanceStatus.ACTING)
    stand_ins = statuses.count(AttendanceStatus.PROXY)
    counting = COUNTED | ({AttendanceStatus.PROXY} if meeting_rules.stand_ins_count else set())
    counted = frozenset(person for person, value in status.items() if value in counting)
    return AttendanceSummary(
        in_office=len(in_office),
        present=present,
        acting=statuses.count(AttendanceStatus.ACTING),
        stand_ins=stand_ins,
        stand_ins_count=meeting_rules.stand_ins_count,
        recorded=recorded,
        quorum=rules.opening_quorum(meeting_rules, in_office=len(in_office), present=len(counted)),
        in_office_ids=frozenset(in_office),
        counted_ids=counted,
    )


def meeting_list(
    *,
    organizers: QuerySet[Organization] | list[int] | None = None,
    upcoming: bool | None = None,
    series: MeetingSeries | None = None,
    include_private: bool = False,
) -> QuerySet[Meeting]:
    """Meetings with their organizer and series; ``with_item_counts`` adds agenda sizes to a page."""
    queryset = where_given(
        Meeting.objects.select_related("organizer", "series"),
        organizer__in=organizers,
        series=series,
        is_public=None if include_private else True,
    )
    now = timezone.now()
    if upcoming is True:
        return queryset.filter(end__gte=now).exclude(status=MeetingStatus.CANCELLED).order_by("start", "pk")
    if upcoming is False:
        return queryset.filter(end__lt=now).order_by("-start", "-pk")
    return queryset.order_by("start", "pk")


def with_item_counts(meetings: list[Meeting]) -> list[Meeting]:
    """Set ``item_count`` (top-level agenda items) on a page of meetings, in one query.

    Counting per page rather than annotating the list keeps the list query from grouping every
    agenda item of every meeting before it sorts and cuts the page.
    """
    # Counting with a filter (not a WHERE on the parent) keeps the database on the meeting index.
    counts = dict(
        AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings])
        .values("meeting")
        .annotate(count=Count("pk", filter=Q(parent__isnull=True)))
        .values_list("meeting", "count")
    )
    for meeting in meetings:
        meeting.item_count = counts.get(meeting.pk, 0)  # type: ignore[attr-defined]
    return meetings


def meetings_of_site(site: Organization, *, upcoming: bool | None = None) -> QuerySet[Meeting]:
    # A join on the organizer's site (not a list of organizer ids) lets the database walk the
    # start-time index and stop at the first page.
    queryset = meeting_list(upcoming=upcoming)
    return queryset.filter(organizer__site=site)


# What the list's status filter offers beyond the stored statuses.
AWAITING_RECORD = "awaiting_record"


def meetings_filtered(
    site: Organization,
    *,
    upcoming: bool,
    body: int | None = None,
    year: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Meeting]:
    """The site's public meetings, upcoming (soonest first) or past (latest first), of one body
    and the bodies under it, one year, one status ("awaiting_record": past its end and still
    scheduled) and the words of ``query`` in the title or the place."""
    meetings = meetings_of_site(site, upcoming=upcoming)
    if body is not None:
        meetings = meetings.filter(Q(organizer_id=body) | Q(organizer__path__contains=f"/{body}/"))
    if year is not None:
        meetings = meetings.filter(start__year=year)
    if status == AWAITING_RECORD:
        meetings = meetings.filter(status=MeetingStatus.SCHEDULED, end__lt=timezone.now())
    elif status:
        meetings = meetings.filter(status=status)
    for word in query.split()[:5]:
        meetings = meetings.filter(Q(title__icontains=word) | Q(title_en__icontains=word) | Q(place__icontains=word))
    return meetings


def meetings_between(site: Organization, first: dt.date, last: dt.date) -> list[Meeting]:
    """The public meetings of ``site`` starting on ``first`` … ``last`` (Seoul dates), in order,
    cancelled ones included (a calendar shows them struck through)."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=recurrence.SEOUL)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=recurrence.SEOUL)
    return list(meeting_list().filter(organizer__site=site, start__gte=start, start__lt=end))


def meeting_get(*, pk: int, site: Organization | None = None) -> Meeting:
    """A meeting with its agenda (items, sub-items, forwarding links), minutes and documents."""
    children = AgendaItem.objects.select_related(
        "presenter", "forwarded_from__meeting", "forwarded_to__meeting"
    ).order_by("position", "pk")
    queryset = Meeting.objects.select_related("organizer", "series", "minutes").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.filter(parent__isnull=True)
            .select_related("presenter", "forwarded_from__meeting", "forwarded_to__meeting")
            .prefetch_related(Prefetch("children", queryset=children))
            .order_by("position", "pk"),
            to_attr="top_items",
        ),
        "documents",
    )
    return first_or_raise(
        where_given(queryset, organizer__site=site).filter(pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This meeting does not exist.")),
    )


def series_get(*, pk: int, site: Organization | None = None) -> MeetingSeries:
    queryset = MeetingSeries.objects.select_related("organizer")
    return first_or_raise(
        where_given(queryset, organizer__site=site).filter(pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This meeting series does not exist.")),
    )


def series_list(*, site: Organization | None = None, organizer: Organization | None = None) -> QuerySet[MeetingSeries]:
    """Series by body and title; ``with_meeting_counts`` adds how many meetings each has to a page."""
    queryset = MeetingSeries.objects.select_related("organizer")
    return where_given(queryset, organizer__site=site, organizer=organizer).order_by("organizer__path", "title", "pk")


def first_series(site: Organization, count: int) -> tuple[list[MeetingSeries], int]:
    """The site's first ``count`` series in ``series_list``'s order, and how many it has.

    The order is found from plain (id, body path, title) rows, sorted here: a database asked to sort
    the joined rows walks the bodies in path order and, for a body with many series, compares each
    of them with every body (12 ms for 1,000 series on PostgreSQL, against about 2 ms this way).
    """
    rows = list(MeetingSeries.objects.filter(organizer__site=site).values_list("organizer__path", "title", "pk"))
    rows.sort()
    chosen = [pk for _path, _title, pk in rows[:count]]
    found = MeetingSeries.objects.select_related("organizer").in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found], len(rows)


def with_meeting_counts(series: list[MeetingSeries]) -> list[MeetingSeries]:
    """Set ``meeting_count`` on a page of series, in one query."""
    counts = dict(
        Meeting.objects.filter(series__in=[s.pk for s in series])
        .values("series")
        .annotate(count=Count("pk"))
        .values_list("series", "count")
    )
    for one in series:
        one.meeting_count = counts.get(one.pk, 0)  # type: ignore[attr-defined]
    return series


def bodies_with_meetings(site: Organization) -> QuerySet[Organization]:
    """The site's bodies that have held or planned a meeting, in the tree's order."""
    held = Meeting.objects.filter(organizer=OuterRef("pk"))
    return Organization.objects.filter(site=site).filter(Exists(held)).order_by("path")


def meeting_years(site: Organization) -> list[int]:
    """The years (in Seoul) from the site's first public meeting to its last, latest first.

    Finding them reads every meeting of the site (the database walks the site's organizers, not
    the start times), so they are kept in the cache for a few minutes, under the newest meeting's
    id: a meeting added anywhere computes them anew.
    """
    newest = Meeting.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"meetings:years:{site.pk}:{newest}"
    years = cache.get(key)
    if years is None:
        years = _meeting_years(site)
        cache.set(key, years, YEARS_CACHE_SECONDS)
    return years  # type: ignore[no-any-return]


YEARS_CACHE_SECONDS = 600


def _meeting_years(site: Organization) -> list[int]:
    starts = meetings_of_site(site).values_list("start", flat=True)
    first, last = starts.order_by("start").first(), starts.order_by("-start").first()
    if first is None or last is None:
        return []
    return list(
        range(timezone.localtime(last, recurrence.SEOUL).year, timezone.localtime(first, recurrence.SEOUL).year - 1, -1)
    )


@dataclass(frozen=True)
class CohortView:
    cohort: Cohort
    confirmed: int
    waitlisted: int

    @property
    def online_places_left(self) -> int:
        return max(self.cohort.capacity - self.cohort.reserved - self.confirmed, 0)


def programs_of_site(site: Organization) -> QuerySet[Program]:
    return (
        Program.objects.filter(organizer__site=site, is_public=True)
        .select_related("organizer")
        .prefetch_related("cohorts")
        .order_by("pk")
    )


def programs_taking_registrations(site: Organization, *, now: dt.datetime) -> QuerySet[Program]:
    """Public programs of ``site`` whose registration window is open at ``now`` (an unset end is
    open) and which have a cohort still to start, soonest first."""
    return (
        programs_of_site(site)
        .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
        .filter(cohorts__start__gt=now)
        .annotate(first_start=Min("cohorts__start"))
        .order_by("first_start", "pk")
    )


def window_closed(program: Program, *, now: dt.datetime) -> str:
    """Why the program's registration window is shut at ``now`` (empty: it is open or unset)."""
    if program.registration_opens and now < program.registration_opens:
        when = timezone.localtime(program.registration_opens)
        return _("Registration opens on %(day)s.") % {"day": f"{when:%Y-%m-%d %H:%M}"}
    if program.registration_closes and now > program.registration_closes:
        when = timezone.localtime(program.registration_closes)
        return _("Registration closed on %(day)s.") % {"day": f"{when:%Y-%m-%d %H:%M}"}
    return ""


def registration_closed(program: Program, cohort: Cohort, *, channel: str, now: dt.datetime) -> str:
    """Why ``cohort`` takes no registration through ``channel`` at ``now`` (empty: it does).

    The program's window applies when set; online, a cohort takes registrations until it starts;
    staff entering a phone application may add someone until it ends."""
    closed = window_closed(program, now=now)
    if closed:
        return closed
    if channel == RegistrationChannel.PHONE:
        return _("This cohort has ended.") if cohort.end <= now else ""
    return _("This cohort has begun; registration closed when it started.") if cohort.start <= now else ""


def open_cohorts(program: Program, *, channel: str, now: dt.datetime) -> QuerySet[Cohort]:
    """The cohorts of ``program`` taking registrations through ``channel`` at ``now``."""
    if window_closed(program, now=now):
        return program.cohorts.none()
    edge = "end__gt" if channel == RegistrationChannel.PHONE else "start__gt"
    return program.cohorts.filter(**{edge: now}).order_by("start", "pk")


def program_get(*, pk: int, site: Organization) -> Program:
    return first_or_raise(
        Program.objects.select_related("organizer").filter(pk=pk, organizer__site=site),
        NotFoundError(Code.NOT_FOUND, _("This program does not exist.")),
    )


def cohorts_with_counts(program: Program) -> list[CohortView]:
    """Each cohort with its confirmed and waiting registrations, counted in one query."""
    cohorts = program.cohorts.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    ).order_by("start", "pk")
    return [CohortView(c, c.confirmed, c.waitlisted) for c in cohorts]


def registrations_of(program: Program) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(cohort__program=program)
        .select_related("cohort")
        .order_by("cohort__start", "created_at", "pk")
    )


def next_meeting_of(series: MeetingSeries, after: dt.datetime) -> Meeting | None:
    return (
        series.meetings.filter(start__gt=after)
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
        .order_by("start", "pk")
        .first()
    )


def registration_by_code(code: str, contact: str) -> Registration:
    """The registration with this code, if the contact matches (both are needed to act on it)."""
    return first_or_raise(
        Registration.objects.select_related("cohort__program__organizer").filter(
            code=code.strip().upper(), contact=normalized_contact(contact)
        ),
        NotFoundError(Code.REGISTRATION_NOT_FOUND, _("No registration has this code and phone number or e-mail.")),
    )


def normalized_contact(contact: str) -> str:
    """A phone number as its digits (with a leading +), anything else trimmed and lower-cased."""
    value = contact.strip().lower()
    digits = re.sub(r"[\s\-().]", "", value)
    return digits if re.fullmatch(r"\+?\d{8,15}", digits) else value


def registrations_by(user: Any) -> QuerySet[Registration]:
    """The registrations a person made while signed in, newest first (their 내 활동 page)."""
    return (
        Registration.objects.filter(registered_by=user)
        .select_related("cohort__program__organizer__site")
        .order_by("-pk")
    )


def yearly_registrations(site: Organization, *, until: dt.date) -> dict[int, int]:
    """Confirmed registrations for the site's programs per calendar year of sign-up, up to ``until``."""
    confirmed = Registration.objects.filter(cohort__program__organizer__site=site, status=RegistrationStatus.CONFIRMED)
    return counts_by_year(confirmed, "created_at", until=until)


@dataclass(frozen=True)
class BodyMeetings:
    """A body's meetings held in a period, and how many of the seats recorded were filled."""

    body: str
    held: int
    seats_recorded: int
    seats_present: int

    @property
    def attendance_percent(self) -> int | None:
        """Seats present (a member, or their acting holder) per seat recorded, rounded half up."""
        if not self.seats_recorded:
            return None
        return (200 * self.seats_present + self.seats_recorded) // (2 * self.seats_recorded)


def held_by_body(
    site: Organization, *, first: dt.date | None, last: dt.date, within: Organization | None = None
) -> list[BodyMeetings]:
    """Each body of the site (or under ``within``, itself included) that held a meeting from
    ``first`` (since its records begin when None) to ``last``, in person or in writing, with its
    attendance records; most meetings first, then by name."""
    held = Meeting.objects.filter(
        organizer__site=site, status=MeetingStatus.HELD, start__lt=start_of(last + dt.timedelta(days=1))
    )
    if first is not None:
        held = held.filter(start__gte=start_of(first))
    if within is not None:
        held = held.filter(organizer__path__startswith=within.path)
    meetings = dict(held.values_list("organizer_id").annotate(n=Count("pk")))
    names = dict(held.values_list("organizer_id", "organizer__name").distinct())
    records = Attendance.objects.filter(meeting__in=held)
    filled = records.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.ACTING])
    seats = dict(records.values_list("meeting__organizer_id").annotate(n=Count("pk")))
    present = dict(filled.values_list("meeting__organizer_id").annotate(n=Count("pk")))
    rows = [
        BodyMeetings(names[body], count, seats.get(body, 0), present.get(body, 0)) for body, count in meetings.items()
    ]
    return sorted(rows, key=lambda row: (-row.held, row.body))


def last_change(site: Organization) -> dt.datetime | None:
    """When a meeting of the site last changed (None when it has none)."""
    last: dt.datetime | None = Meeting.objects.filter(organizer__site=site).aggregate(last=Max("updated_at"))["last"]
    return last


@dataclass(frozen=True)
class ProgramFacts:
    """A program with cohorts starting in a period: how many, their places and confirmed registrations."""

    title: str
    kind: str
    organizer: str
    cohorts: int
    places: int
    registrations: int


def programs_between(
    site: Organization, *, first: dt.date, last: dt.date, within: Organization | None = None
) -> list[ProgramFacts]:
    """The site's programs (or those organized under ``within``) with a cohort starting from
    ``first`` to ``last``, counting those cohorts only; by first start, then title."""
    cohorts = Cohort.objects.filter(
        program__organizer__site=site, start__gte=start_of(first), start__lt=start_of(last + dt.timedelta(days=1))
    )
    if within is not None:
        cohorts = cohorts.filter(program__organizer__path__startswith=within.path)
    confirmed = dict(
        Registration.objects.filter(cohort__in=cohorts, status=RegistrationStatus.CONFIRMED)
        .values_list("cohort__program_id")
        .annotate(n=Count("pk"))
    )
    kinds = dict(ProgramKind.choices)
    rows = (
        cohorts.values("program_id", "program__title", "program__title_en", "program__kind", "program__organizer__name")
        .annotate(n=Count("pk"), places=Sum("capacity"), begins=Min("start"))
        .order_by("begins", "program__title")
    )
    return [
        ProgramFacts(
            title=in_page_language(row["program__title"], row["program__title_en"]),
            kind=str(kinds.get(row["program__kind"], row["program__kind"])),
            organizer=row["program__organizer__name"],
            cohorts=row["n"],
            places=row["places"] or 0,
            registrations=confirmed.get(row["program_id"], 0),
        )
        for row in rows
    ]


def published_minutes(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes once published (None before)."""
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.PUBLISHED).first()
