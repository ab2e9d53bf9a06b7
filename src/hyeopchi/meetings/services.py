"""Every write to series, meetings, agendas, attendance, minutes and documents."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.files import check_upload
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings import recurrence
from hyeopchi.meetings.enums import (
    AttendanceStatus,
    Decision,
    MeetingStatus,
    MinutesStatus,
    RegistrationChannel,
    RegistrationStatus,
)
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.messages import rule_error_message
from hyeopchi.meetings.models import (
    AgendaItem,
    Attendance,
    Cohort,
    Document,
    Meeting,
    MeetingSeries,
    Minutes,
    Program,
    Registration,
    SeriesInvitation,
)
from hyeopchi.meetings.permissions import can_manage_meeting, can_manage_meetings
from hyeopchi.meetings.selectors import invited_posts_on
from hyeopchi.meetings.workflows import MEETING_TRANSITIONS
from hyeopchi.organizations.models import Organization, Person, Post
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.enums import TaskKind
from hyeopchi.tasks.models import Task


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError(
        Code.NOT_ALLOWED,
        _("Only administrators and secretaries of the organizer can manage its meetings."),
    )


@dataclass(frozen=True)
class Invitation:
    post: Post
    months: Sequence[int] = ()


def _checked_rule(rule: str, dtstart: dt.datetime) -> str:
    try:
        normalized = recurrence.normalize_rule(rule)
        first = recurrence.occurrences(
            normalized, dtstart, start=dtstart, end=dtstart + dt.timedelta(days=3660)
        )[:1]
    except recurrence.RecurrenceError as error:
        raise ValidationFailedError(
            Code.INVALID_RULE, fields={"rrule": [rule_error_message(error.code)]}
        ) from error
    if first != [recurrence.to_local(dtstart)]:
        raise ValidationFailedError(
            Code.INVALID_RULE,
            fields={"dtstart": [_("The first occurrence must be a date the rule produces.")]},
        )
    return normalized


def _local_datetimes(values: Iterable[dt.datetime], field: str) -> list[str]:
    moments = []
    for moment in values:
        if moment.tzinfo is None:
            raise ValidationFailedError(
                Code.INVALID_SERIES, fields={field: [_("Give dates with a time zone.")]}
            )
        moments.append(recurrence.to_local(moment).replace(tzinfo=None).isoformat())
    return sorted(set(moments))


@transaction.atomic
def create_series(
    *,
    actor: Actor,
    organizer: Organization,
    title: str,
    rrule: str,
    dtstart: dt.datetime,
    duration: dt.timedelta = dt.timedelta(hours=2),
    invitations: Sequence[Invitation] = (),
    until: dt.date | None = None,
    exdates: Iterable[dt.datetime] = (),
    rdates: Iterable[dt.datetime] = (),
    title_en: str = "",
    description: str = "",
    place: str = "",
    online_url: str = "",
    horizon_days: int = 365,
    first_number: int = 1,
    quorum_percent: int = 50,
    is_public: bool = True,
    generate_through: dt.date | None = None,
) -> MeetingSeries:
    """Create a series and generate its meetings through ``generate_through`` (default: horizon).

    Changes: creates the series, its invitations and its first meetings.
    Raises: PermissionDeniedError; ValidationFailedError for an unusable rule, a first occurrence
    the rule does not produce, months outside 1–12 or a duration that is not positive.
    """
    if not can_manage_meetings(actor, organizer):
        raise _deny()
    if duration <= dt.timedelta(0):
        raise ValidationFailedError(
            Code.INVALID_SERIES, fields={"duration": [_("The duration must be positive.")]}
        )
    series = MeetingSeries(
        organizer=organizer,
        title=title.strip(),
        title_en=title_en.strip(),
        description=description,
        rrule=_checked_rule(rrule, dtstart),
        dtstart=dtstart,
        duration=duration,
        until=until,
        exdates=_local_datetimes(exdates, "exdates"),
        rdates=_local_datetimes(rdates, "rdates"),
        place=place,
        online_url=online_url,
        horizon_days=horizon_days,
        first_number=first_number,
        quorum_percent=quorum_percent,
        is_public=is_public,
    )
    clean_or_raise(series, code=Code.INVALID_SERIES)
    series.save()
    for invitation in invitations:
        row = SeriesInvitation(series=series, post=invitation.post, months=list(invitation.months))
        clean_or_raise(row, code=Code.INVALID_SERIES)
        row.save()
    record_event(
        actor=actor,
        verb="meetings.series_created",
        target=series,
        payload={"organizer": organizer.pk, "rrule": series.rrule, "dtstart": dtstart,
                 "invited": [[i.post.pk, list(i.months)] for i in invitations]},
    )  # fmt: skip
    generate_occurrences(actor=actor, series=series, through=generate_through)
    return series


def _series_window_end(series: MeetingSeries, through: dt.date | None) -> dt.datetime:
    last_day = through or (timezone.localdate() + dt.timedelta(days=series.horizon_days))
    if series.until is not None:
        last_day = min(last_day, series.until)
    return dt.datetime.combine(last_day, dt.time.max, tzinfo=recurrence.SEOUL)


def generate_occurrences(
    *, actor: Actor, series: MeetingSeries, through: dt.date | None = None
) -> list[Meeting]:
    """Create the meetings the series' rule gives up to ``through`` that do not exist yet.

    See ``generate_occurrences_for``, which does this for many series at once. Returns the new
    meetings in order.
    """
    before = set(series.meetings.values_list("pk", flat=True))
    generate_occurrences_for(actor=actor, series=[series], through=through)
    return list(series.meetings.exclude(pk__in=before).order_by("start", "pk"))


@transaction.atomic
def generate_occurrences_for(
    *, actor: Actor, series: Sequence[MeetingSeries], through: dt.date | None = None
) -> int:
    """Create, for every series given, the meetings its rule gives up to ``through`` (default:
    each series' horizon) that do not exist yet, in a constant number of queries.

    Existing occurrences (moved, cancelled or not) are never touched; new ones are numbered after
    the series' highest number so far. Returns how many meetings were created.
    Changes: creates meetings; one audit event per organizer.
    Raises: PermissionDeniedError unless the actor manages every organizer concerned.
    """
    if not series:
        return 0
    organizers = Organization.objects.in_bulk({s.organizer_id for s in series})
    if not all(can_manage_meetings(actor, organizer) for organizer in organizers.values()):
        raise _deny()
    locked = list(
        MeetingSeries.objects.select_for_update()
        .filter(pk__in=[s.pk for s in series])
        .order_by("pk")
    )
    existing: dict[int, set[dt.datetime | None]] = {s.pk: set() for s in locked}
    occurrences = Meeting.objects.filter(series__in=locked).values_list(
        "series_id", "recurrence_id"
    )
    for series_id, recurrence_id in occurrences:
        existing[series_id].add(recurrence_id)
    last_numbers = dict(
        Meeting.objects.filter(series__in=locked)
        .exclude(status=MeetingStatus.CANCELLED)
        .values("series")
        .annotate(last=Max("number"))
        .values_list("series", "last")
    )
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    generated: dict[str, dict[str, int]] = {}
    for one in locked:
        starts = recurrence.occurrences(
            one.rrule,
            one.dtstart,
            start=one.dtstart,
            end=_series_window_end(one, through),
            exdates=recurrence.parse_local_datetimes(one.exdates),
            rdates=recurrence.parse_local_datetimes(one.rdates),
        )
        new_starts = [start for start in starts if start not in existing[one.pk]]
        last = last_numbers.get(one.pk)
        next_number = last + 1 if last else one.first_number
        rows.extend(
            (one.pk, start, one.organizer_id, one.title, one.title_en, next_number + offset, start,
             start + one.duration, MeetingStatus.SCHEDULED.value, one.place, one.online_url, "",
             one.quorum_percent, one.is_public, 0, now, now)
            for offset, start in enumerate(new_starts)
        )  # fmt: skip
        if new_starts:
            generated.setdefault(str(one.organizer_id), {})[str(one.pk)] = len(new_starts)
    _insert_meetings(rows)
    for organizer_id, counts in generated.items():
        record_event(actor=actor, verb="meetings.occurrences_generated",
                     target=organizers[int(organizer_id)],
                     payload={"through": through, "series": counts})  # fmt: skip
    return len(rows)


# Columns written when occurrences are generated; the rest keep their database defaults.
_GENERATED_FIELDS = ("series", "recurrence_id", "organizer", "title", "title_en", "number", "start",
                     "end", "status", "place", "online_url", "description", "quorum_percent",
                     "is_public", "sequence", "created_at", "updated_at")  # fmt: skip


def _insert_meetings(rows: list[tuple[Any, ...]]) -> None:
    """Insert generated meetings (values in ``_GENERATED_FIELDS`` order): COPY on PostgreSQL,
    multi-row INSERTs elsewhere.

    ``bulk_create`` builds a model instance per row and prepares each value through its field;
    for a year of 1,000 series that cost seconds. Only datetimes need the backend's adapter here.
    """
    if not rows:
        return
    column_names = [
        str(getattr(Meeting._meta.get_field(name), "column", name)) for name in _GENERATED_FIELDS
    ]
    columns = ", ".join(connection.ops.quote_name(column) for column in column_names)
    placeholders = ", ".join(["%s"] * len(column_names))
    table = connection.ops.quote_name(Meeting._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command, far faster than INSERTs on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        adapted = [
            tuple(adapt(value) if isinstance(value, dt.datetime) else value for value in row)
            for row in rows
        ]
        # Multi-row statements of 1,000 rows: 17,000 parameters stay under SQLite's limit.
        for first in range(0, len(adapted), 1000):
            chunk = adapted[first : first + 1000]
            values = ", ".join([f"({placeholders})"] * len(chunk))
            parameters = [value for row in chunk for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", parameters)  # noqa: S608 (names from the model, values as parameters)


def _check_times(start: dt.datetime, end: dt.datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationFailedError(
            Code.INVALID_MEETING, fields={"start": [_("Give times with a time zone.")]}
        )
    if end < start:
        raise ValidationFailedError(
            Code.INVALID_MEETING, fields={"end": [_("The end cannot be before the start.")]}
        )


@transaction.atomic
def create_meeting(
    *,
    actor: Actor,
    organizer: Organization,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    title_en: str = "",
    place: str = "",
    online_url: str = "",
    description: str = "",
    number: int | None = None,
    is_public: bool = True,
) -> Meeting:
    """Schedule a meeting outside any series (a forum, an on-site dialogue).

    Changes: creates the meeting. Raises: PermissionDeniedError; ValidationFailedError.
    """
    if not can_manage_meetings(actor, organizer):
        raise _deny()
    _check_times(start, end)
    meeting = Meeting(organizer=organizer, title=title.strip(), title_en=title_en.strip(),
                      start=start, end=end, place=place, online_url=online_url,
                      description=description, number=number, is_public=is_public)  # fmt: skip
    clean_or_raise(meeting, code=Code.INVALID_MEETING, exclude=["series", "recurrence_id"])
    meeting.save()
    record_event(actor=actor, verb="meetings.meeting_created", target=meeting,
                 payload={"organizer": organizer.pk, "start": start, "end": end})  # fmt: skip
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return (
        # Lock the meeting row only: the series is an outer join PostgreSQL will not lock.
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organizer", "series")
        .get(pk=meeting.pk)
    )


def _transition(meeting: Meeting, status: str) -> None:
    if status not in MEETING_TRANSITIONS[meeting.status]:
        raise InvalidTransitionError(
            Code.INVALID_MEETING,
            _("A %(current)s meeting cannot become %(new)s.")
            % {"current": meeting.get_status_display(), "new": MeetingStatus(status).label},
        )


@transaction.atomic
def move_meeting(
    *, actor: Actor, meeting: Meeting, start: dt.datetime, end: dt.datetime
) -> Meeting:
    """Move one meeting; the other occurrences of its series stay where they are.

    Changes: start, end and the calendar sequence; a postponed meeting is scheduled again.
    Raises: PermissionDeniedError; ValidationFailedError; InvalidTransitionError for a held meeting.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    _check_times(start, end)
    if meeting.status == MeetingStatus.HELD:
        raise InvalidTransitionError(Code.INVALID_MEETING, _("A held meeting cannot be moved."))
    before = (meeting.start, meeting.end)
    meeting.start, meeting.end = start, end
    if meeting.status == MeetingStatus.POSTPONED:
        meeting.status = MeetingStatus.SCHEDULED
    meeting.sequence += 1
    meeting.save(update_fields=["start", "end", "status", "sequence", "updated_at"])
    record_event(actor=actor, verb="meetings.meeting_moved", target=meeting,
                 payload={"from": list(before), "to": [start, end]})  # fmt: skip
    return meeting


def _renumber_after(meeting: Meeting) -> None:
    """Close the gap a cancelled meeting leaves; numbers of held meetings never change."""
    if meeting.series_id is None or meeting.number is None:
        return
    later = (
        Meeting.objects.filter(series_id=meeting.series_id, start__gt=meeting.start)
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
        .order_by("start", "pk")
    )
    number = meeting.number
    for other in later.select_for_update():
        other.number = number
        other.save(update_fields=["number", "updated_at"])
        number += 1


@transaction.atomic
def set_meeting_status(*, actor: Actor, meeting: Meeting, status: str, reason: str = "") -> Meeting:
    """Mark a meeting held, postponed, cancelled, or scheduled again.

    Changes: the status and calendar sequence; cancelling gives the meeting's number to the next
    scheduled meeting of the series. Raises: PermissionDeniedError; InvalidTransitionError.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    _transition(meeting, status)
    previous = meeting.status
    meeting.status = status
    meeting.sequence += 1
    if status == MeetingStatus.CANCELLED:
        _renumber_after(meeting)
        meeting.number = None
    meeting.save(update_fields=["status", "sequence", "number", "updated_at"])
    record_event(actor=actor, verb=f"meetings.meeting_{status}", target=meeting,
                 payload={"from": previous, "reason": reason})  # fmt: skip
    return meeting


@transaction.atomic
def add_agenda_item(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    kind: str,
    presenter: Organization | None = None,
    parent: AgendaItem | None = None,
    description: str = "",
    title_en: str = "",
    subject: Any = None,
) -> AgendaItem:
    """Add an item at the end of the agenda (or of ``parent``'s sub-items).

    Changes: creates the item. Raises: PermissionDeniedError; ValidationFailedError for a parent
    of another meeting or a sub-item of a sub-item.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationFailedError(
            Code.INVALID_AGENDA_ITEM,
            fields={"parent": [_("Choose a top-level item of this meeting.")]},
        )
    siblings = meeting.agenda_items.filter(parent=parent)
    position = (siblings.aggregate(Max("position"))["position__max"] or 0) + 1
    item = AgendaItem(meeting=meeting, parent=parent, position=position, title=title.strip(),
                      title_en=title_en.strip(), description=description, kind=kind,
                      presenter=presenter)  # fmt: skip
    if subject is not None:
        item.subject = subject
    clean_or_raise(item, code=Code.INVALID_AGENDA_ITEM, exclude=["subject_type", "forwarded_from"])
    item.save()
    record_event(actor=actor, verb="meetings.agenda_item_added", target=item,
                 payload={"meeting": meeting.pk, "title": item.title, "kind": kind,
                          "presenter": presenter.pk if presenter else None,
                          "parent": parent.pk if parent else None})  # fmt: skip
    return item


@transaction.atomic
def decide_agenda_item(
    *, actor: Actor, item: AgendaItem, decision: str, text: str = ""
) -> AgendaItem:
    """Record the meeting's decision on an item (adopted, rejected, deferred).

    Forwarding is recorded by ``forward_agenda_items``. Changes: the item's decision.
    Raises: PermissionDeniedError; ValidationFailedError; ConflictError once forwarded.
    """
    if not can_manage_meeting(actor, item.meeting):
        raise _deny()
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if decision not in {Decision.ADOPTED, Decision.REJECTED, Decision.DEFERRED}:
        raise ValidationFailedError(
            Code.INVALID_AGENDA_ITEM,
            fields={"decision": [_("Choose adopted, rejected or deferred.")]},
        )
    if item.decision == Decision.FORWARDED:
        raise ConflictError(
            Code.ALREADY_FORWARDED, _("This item was forwarded; its decision is final.")
        )
    previous = item.decision
    item.decision, item.decision_text = decision, text.strip()
    item.save(update_fields=["decision", "decision_text", "updated_at"])
    record_event(actor=actor, verb="meetings.agenda_item_decided", target=item,
                 payload={"decision": [previous, decision], "text": item.decision_text})  # fmt: skip
    return item


@transaction.atomic
def adopt_as_task(
    *,
    actor: Actor,
    item: AgendaItem,
    owner: Organization,
    title: str = "",
    kind: str = TaskKind.MEETING_DECISION,
    department: Organization | None = None,
    end_date: dt.date | None = None,
    text: str = "",
    proposal: Proposal | None = None,
) -> Task:
    """Adopt an agenda item and record the resulting commitment as a task of ``owner``.

    The task keeps the item as its origin; an item makes one task at most.
    Raises: PermissionDeniedError (the meeting's organizer decides); ConflictError once the item
    was forwarded or already has its task; ValidationFailedError from the task's checks.
    """
    if not can_manage_meeting(actor, item.meeting):
        raise _deny()
    if item.decision != Decision.ADOPTED:
        item = decide_agenda_item(actor=actor, item=item, decision=Decision.ADOPTED, text=text)
    return task_services.create_task(
        actor=actor, owner=owner, title=title or item.title, title_en=item.title_en, kind=kind,
        description=item.description, department=department, end_date=end_date, origin=item,
        start_date=timezone.localdate(item.meeting.start), origin_proposal=proposal,
        authorized=True,
    )  # fmt: skip


def next_meeting_of(series: MeetingSeries, after: dt.datetime) -> Meeting | None:
    return (
        series.meetings.filter(start__gt=after)
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
        .order_by("start", "pk")
        .first()
    )


@transaction.atomic
def forward_agenda_items(
    *, actor: Actor, items: Sequence[AgendaItem], target: Meeting
) -> list[AgendaItem]:
    """Carry items of one meeting to ``target`` (e.g. the next 시·구 상생회의).

    Changes: creates a copy of each item on the target's agenda pointing back to it, and marks
    each original forwarded. All or nothing.
    Raises: PermissionDeniedError (the source's organizer decides); ValidationFailedError for an
    empty selection, items of several meetings or a target in the past; ConflictError when an
    item was already forwarded.
    """
    if not items:
        raise ValidationFailedError(
            Code.INVALID_AGENDA_ITEM, fields={"items": [_("Choose at least one item.")]}
        )
    source_ids = {item.meeting_id for item in items}
    if len(source_ids) != 1:
        raise ValidationFailedError(
            Code.INVALID_AGENDA_ITEM, fields={"items": [_("Choose items of one meeting.")]}
        )
    source = Meeting.objects.select_related("organizer").get(pk=source_ids.pop())
    if not can_manage_meeting(actor, source):
        raise _deny()
    if target.pk == source.pk or target.start <= source.start:
        raise ValidationFailedError(
            Code.NO_TARGET_MEETING,
            fields={"target": [_("Choose a meeting after this one.")]},
        )
    target = _locked(target)
    locked = list(AgendaItem.objects.select_for_update().filter(pk__in=[i.pk for i in items]))
    for item in locked:
        if (
            item.decision == Decision.FORWARDED
            or AgendaItem.objects.filter(forwarded_from=item).exists()
        ):
            raise ConflictError(
                Code.ALREADY_FORWARDED,
                _("“%(item)s” has already been forwarded.") % {"item": item.title},
            )
    position = (
        target.agenda_items.filter(parent=None).aggregate(Max("position"))["position__max"] or 0
    )
    copies = []
    for item in sorted(locked, key=lambda i: (i.position, i.pk)):
        position += 1
        try:
            copy = AgendaItem.objects.create(
                meeting=target, position=position, title=item.title, title_en=item.title_en,
                description=item.description, kind=item.kind, presenter_id=item.presenter_id,
                subject_type_id=item.subject_type_id, subject_pk=item.subject_pk,
                forwarded_from=item,
            )  # fmt: skip
        except IntegrityError as error:
            raise ConflictError(
                Code.ALREADY_FORWARDED,
                _("“%(item)s” has already been forwarded.") % {"item": item.title},
            ) from error
        item.decision = Decision.FORWARDED
        item.save(update_fields=["decision", "updated_at"])
        record_event(actor=actor, verb="meetings.agenda_item_forwarded", target=item,
                     payload={"to_meeting": target.pk, "copy": copy.pk})  # fmt: skip
        copies.append(copy)
    return copies


@dataclass(frozen=True)
class AttendanceEntry:
    post: Post
    status: str
    person: Person | None = None
    proxy_name: str = ""
    note: str = ""


@transaction.atomic
def record_attendance(
    *, actor: Actor, meeting: Meeting, entries: Sequence[AttendanceEntry]
) -> list[Attendance]:
    """Record who attended, seat by seat (present, absent, or a named proxy).

    Changes: creates or updates one attendance row per seat.
    Raises: PermissionDeniedError; ValidationFailedError for a seat not invited to this meeting or
    a proxy without a name.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    invited = {post.pk for post in invited_posts_on(meeting)}
    rows = []
    for entry in entries:
        if entry.post.pk not in invited:
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE,
                fields={
                    "post": [
                        _("%(seat)s is not invited to this meeting.") % {"seat": entry.post.name}
                    ]
                },
            )
        if entry.status not in AttendanceStatus.values:
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE, fields={"status": [_("Choose present, absent or proxy.")]}
            )
        if entry.status == AttendanceStatus.PROXY and not entry.proxy_name.strip():
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE, fields={"proxy_name": [_("Name the proxy.")]}
            )
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            post=entry.post,
            defaults={"person": entry.person, "status": entry.status,
                      "proxy_name": entry.proxy_name.strip(), "note": entry.note.strip()},
        )  # fmt: skip
        rows.append(row)
    record_event(actor=actor, verb="meetings.attendance_recorded", target=meeting,
                 payload={"seats": {str(e.post.pk): e.status for e in entries}})  # fmt: skip
    return rows


@transaction.atomic
def save_minutes(*, actor: Actor, meeting: Meeting, text: str) -> Minutes:
    """Write or rewrite the draft minutes; each save is kept in the audit chain.

    Raises: PermissionDeniedError; ConflictError once the minutes are published.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ConflictError(Code.MINUTES_PUBLISHED, _("Published minutes cannot be changed."))
    minutes.text = text
    minutes.save(update_fields=["text", "updated_at"])
    record_event(actor=actor, verb="meetings.minutes_saved", target=minutes, payload={"text": text})
    return minutes


@transaction.atomic
def publish_minutes(*, actor: Actor, meeting: Meeting) -> Minutes:
    """Publish the minutes of a held meeting.

    Raises: PermissionDeniedError; InvalidTransitionError unless the meeting was held and the
    minutes have text; ConflictError if already published.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if meeting.status != MeetingStatus.HELD or minutes is None or not minutes.text.strip():
        raise InvalidTransitionError(
            Code.INVALID_MEETING, _("Only written minutes of a held meeting can be published.")
        )
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ConflictError(Code.MINUTES_PUBLISHED, _("These minutes are already published."))
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["status", "published_at", "updated_at"])
    record_event(actor=actor, verb="meetings.minutes_published", target=minutes)
    return minutes


@transaction.atomic
def add_document(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    upload: UploadedFile,
    kind: str,
    agenda_item: AgendaItem | None = None,
) -> Document:
    """Attach a file (PDF, HWP/HWPX, XLSX, DOCX, PNG, JPEG up to 20 MiB) to a meeting.

    Changes: stores the file and creates the document. Raises: PermissionDeniedError;
    ValidationFailedError for a refused type or size, or an item of another meeting.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    size = upload.size or 0
    document_type = check_upload(upload, code=Code.DOCUMENT_REFUSED)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailedError(
            Code.DOCUMENT_REFUSED, fields={"agenda_item": [_("Choose an item of this meeting.")]}
        )
    document = Document(meeting=meeting, agenda_item=agenda_item, title=title.strip(), kind=kind,
                        media_type=document_type.media_type, size=size,
                        uploaded_by_id=actor.user_pk)  # fmt: skip
    document.file.save(upload.name or "document", upload, save=False)
    clean_or_raise(document, code=Code.DOCUMENT_REFUSED, exclude=["uploaded_by"])
    document.save()
    record_event(actor=actor, verb="meetings.document_added", target=document,
                 payload={"meeting": meeting.pk, "name": document.file.name, "size": size,
                          "media_type": document_type.media_type})  # fmt: skip
    return document


# -- programs and registrations ----------------------------------------------------------------


@dataclass(frozen=True)
class CohortSpec:
    label: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    reserved: int = 0
    has_waitlist: bool = True


@transaction.atomic
def create_program(
    *,
    actor: Actor,
    organizer: Organization,
    title: str,
    kind: str,
    cohorts: Sequence[CohortSpec],
    title_en: str = "",
    description: str = "",
    place: str = "",
    contact_phone: str = "",
    registration_opens: dt.datetime | None = None,
    registration_closes: dt.datetime | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    min_grade: int | None = None,
    max_grade: int | None = None,
    residence_codes: Sequence[str] = (),
    is_public: bool = True,
) -> Program:
    """Open a program for registration with one or more cohorts.

    Changes: creates the program and its cohorts. Raises: PermissionDeniedError;
    ValidationFailedError for ranges that cannot be met or a cohort without places.
    """
    if not can_manage_meetings(actor, organizer):
        raise _deny()
    if not cohorts:
        raise ValidationFailedError(
            Code.INVALID_PROGRAM, fields={"cohorts": [_("Give at least one cohort.")]}
        )
    program = Program(organizer=organizer, title=title.strip(), title_en=title_en.strip(),
                      kind=kind, description=description, place=place,
                      contact_phone=contact_phone, registration_opens=registration_opens,
                      registration_closes=registration_closes, min_age=min_age, max_age=max_age,
                      min_grade=min_grade, max_grade=max_grade,
                      residence_codes=list(residence_codes), is_public=is_public)  # fmt: skip
    fields: dict[str, list[str]] = {}
    if min_age is not None and max_age is not None and min_age > max_age:
        fields["min_age"] = [_("The lowest age cannot be above the highest.")]
    if min_grade is not None and max_grade is not None and min_grade > max_grade:
        fields["min_grade"] = [_("The lowest grade cannot be above the highest.")]
    for spec in cohorts:
        if spec.capacity < 1 or not 0 <= spec.reserved <= spec.capacity:
            fields["cohorts"] = [_("Each cohort needs places, and no more reserved than places.")]
        if spec.end < spec.start:
            fields["cohorts"] = [_("A cohort cannot end before it starts.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROGRAM, fields=fields)
    clean_or_raise(program, code=Code.INVALID_PROGRAM)
    program.save()
    for spec in cohorts:
        Cohort.objects.create(program=program, label=spec.label, start=spec.start, end=spec.end,
                              capacity=spec.capacity, reserved=spec.reserved,
                              has_waitlist=spec.has_waitlist)  # fmt: skip
    record_event(actor=actor, verb="meetings.program_created", target=program,
                 payload={"organizer": organizer.pk, "cohorts": [
                     [c.label, c.capacity, c.reserved] for c in cohorts]})  # fmt: skip
    return program


# Letters and digits that cannot be misread for each other (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _normalized_contact(contact: str) -> str:
    value = contact.strip().lower()
    digits = re.sub(r"[\s\-().]", "", value)
    return digits if re.fullmatch(r"\+?\d{8,15}", digits) else value


def _eligibility_errors(
    program: Program, *, age: int | None, grade: int | None, residence_code: str
) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if program.min_age is not None or program.max_age is not None:
        low, high = program.min_age or 0, program.max_age or 200
        if age is None or not low <= age <= high:
            fields["age"] = [
                _("This program is for ages %(low)d to %(high)d.") % {"low": low, "high": high}
            ]
    if program.min_grade is not None or program.max_grade is not None:
        low, high = program.min_grade or 1, program.max_grade or 12
        if grade is None or not low <= grade <= high:
            fields["grade"] = [
                _("This program is for school grades %(low)d to %(high)d.")
                % {"low": low, "high": high}
            ]
    if program.residence_codes and residence_code not in program.residence_codes:
        fields["residence_code"] = [_("This program is for residents of its area only.")]
    return fields


def _places_for(cohort: Cohort, channel: str) -> int:
    """Online registrants cannot take the reserved places; staff entering a phone application can."""
    if channel == RegistrationChannel.PHONE:
        return cohort.capacity
    return cohort.capacity - cohort.reserved


@transaction.atomic
def register(
    *,
    actor: Actor,
    cohort: Cohort,
    name: str,
    contact: str,
    age: int | None = None,
    grade: int | None = None,
    residence_code: str = "",
    channel: str = RegistrationChannel.ONLINE,
) -> Registration:
    """Register for a cohort: a place if one is free, else the waiting list.

    The cohort row is locked while places are counted, so concurrent registrations never take
    more places than there are.
    Changes: creates the registration (confirmed or waitlisted).
    Raises: PermissionDeniedError for a phone registration by someone who is not staff;
    ValidationFailedError when the registrant is not eligible or a field is missing;
    InvalidTransitionError outside the registration window; ConflictError for a second
    registration with the same contact, or a full cohort without a waiting list.
    """
    cohort = (
        Cohort.objects.select_for_update().select_related("program__organizer").get(pk=cohort.pk)
    )
    program = cohort.program
    if channel == RegistrationChannel.PHONE and not can_manage_meetings(actor, program.organizer):
        raise _deny()
    now = timezone.now()
    if (program.registration_opens and now < program.registration_opens) or (
        program.registration_closes and now > program.registration_closes
    ):
        raise InvalidTransitionError(Code.REGISTRATION_CLOSED, _("Registration is not open."))
    fields: dict[str, list[str]] = {}
    if not name.strip():
        fields["name"] = [_("Enter the registrant's name.")]
    if not contact.strip():
        fields["contact"] = [_("Enter a phone number or an e-mail address.")]
    fields |= _eligibility_errors(program, age=age, grade=grade, residence_code=residence_code)
    if fields:
        raise ValidationFailedError(Code.NOT_ELIGIBLE, fields=fields)
    normalized = _normalized_contact(contact)
    live = cohort.registrations.exclude(status=RegistrationStatus.CANCELLED)
    if live.filter(contact=normalized).exists():
        raise ConflictError(
            Code.ALREADY_REGISTERED, _("This phone number or e-mail is already registered.")
        )
    confirmed = live.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed < _places_for(cohort, channel):
        status = RegistrationStatus.CONFIRMED
    elif cohort.has_waitlist:
        status = RegistrationStatus.WAITLISTED
    else:
        raise ConflictError(Code.COHORT_FULL, _("All places of this cohort are taken."))
    registration = Registration(cohort=cohort, name=name.strip(), contact=normalized, age=age,
                                grade=grade, residence_code=residence_code, status=status,
                                channel=channel, code=_registration_code(),
                                registered_by_id=actor.user_pk)  # fmt: skip
    clean_or_raise(registration, code=Code.NOT_ELIGIBLE, exclude=["registered_by"])
    registration.save()
    record_event(actor=actor, verb=f"meetings.registration_{status}", target=registration,
                 payload={"cohort": cohort.pk, "channel": channel})  # fmt: skip
    return registration


def registration_by_code(code: str, contact: str) -> Registration:
    """The registration with this code, if the contact matches (both are needed to act on it)."""
    registration = (
        Registration.objects.select_related("cohort__program__organizer")
        .filter(code=code.strip().upper(), contact=_normalized_contact(contact))
        .first()
    )
    if registration is None:
        raise NotFoundError(
            Code.REGISTRATION_NOT_FOUND,
            _("No registration has this code and phone number or e-mail."),
        )
    return registration


@transaction.atomic
def cancel_registration(*, actor: Actor, registration: Registration) -> Registration | None:
    """Cancel a registration and give a freed place to the first person waiting.

    Returns the promoted registration, if any. Changes: the registration's status; a waiting
    registration may become confirmed. Raises: ConflictError if it was already cancelled.
    """
    cohort = Cohort.objects.select_for_update().get(pk=registration.cohort_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ConflictError(
            Code.REGISTRATION_NOT_FOUND, _("This registration is already cancelled.")
        )
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="meetings.registration_cancelled", target=registration,
                 payload={"from": previous})  # fmt: skip
    if previous != RegistrationStatus.CONFIRMED:
        return None
    confirmed = cohort.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed >= _places_for(cohort, RegistrationChannel.ONLINE):
        return None
    waiting = (
        cohort.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.CONFIRMED
    waiting.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, verb="meetings.registration_promoted", target=waiting,
                 payload={"after": registration.pk})  # fmt: skip
    return waiting
