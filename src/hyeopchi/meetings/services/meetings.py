"""One meeting: creating, moving, its status, its agenda items and their decisions, adopting an item
as a task, forwarding items to another meeting, attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings.enums import AttendanceStatus, Decision, MeetingStatus
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.models import AgendaItem, Attendance, Meeting
from hyeopchi.meetings.permissions import can_manage_meeting, can_manage_meetings
from hyeopchi.meetings.recurrence import SEOUL
from hyeopchi.meetings.selectors import InvitedSeat, invited_seats
from hyeopchi.meetings.services._common import _deny
from hyeopchi.meetings.workflows import MEETING_TRANSITIONS
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization, OrganizationRole, Person, Post
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.enums import TaskKind
from hyeopchi.tasks.models import Task

# What a forwarded item carries to the meeting that takes it up; its decision stays with the original.
FORWARDED_FIELDS = ("title", "title_en", "description", "kind", "presenter_id", "subject_type_id", "subject_pk")


def _check_times(start: dt.datetime, end: dt.datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationFailedError(Code.INVALID_MEETING, fields={"start": [_("Give times with a time zone.")]})
    if end < start:
        raise ValidationFailedError(Code.INVALID_MEETING, fields={"end": [_("The end cannot be before the start.")]})


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
    meeting = Meeting(
        organizer=organizer,
        title=title.strip(),
        title_en=title_en.strip(),
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        description=description,
        number=number,
        is_public=is_public,
    )
    clean_or_raise(meeting, code=Code.INVALID_MEETING, exclude=["series", "recurrence_id"])
    meeting.save()
    record_event(actor, "meetings.meeting_created", meeting, {"organizer": organizer.pk, "start": start, "end": end})
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return (
        # Lock the meeting row only: the series is an outer join PostgreSQL will not lock.
        Meeting.objects.select_for_update(of=("self",)).select_related("organizer", "series").get(pk=meeting.pk)
    )


def _transition(meeting: Meeting, status: str) -> None:
    if status not in MeetingStatus.values:
        raise ValidationFailedError(
            Code.INVALID_MEETING, fields={"status": [_("This is not a status a meeting can have.")]}
        )
    if status not in MEETING_TRANSITIONS[meeting.status]:
        raise InvalidTransitionError(
            Code.INVALID_MEETING,
            _("A %(current)s meeting cannot become %(new)s.")
            % {"current": meeting.get_status_display(), "new": MeetingStatus(status).label},
        )


@transaction.atomic
def move_meeting(*, actor: Actor, meeting: Meeting, start: dt.datetime, end: dt.datetime) -> Meeting:
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
    record_event(actor, "meetings.meeting_moved", meeting, {"from": list(before), "to": [start, end]})
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
    record_event(actor, f"meetings.meeting_{status}", meeting, {"from": previous, "reason": reason})
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
            Code.INVALID_AGENDA_ITEM, fields={"parent": [_("Choose a top-level item of this meeting.")]}
        )
    siblings = meeting.agenda_items.filter(parent=parent)
    position = (siblings.aggregate(Max("position"))["position__max"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        parent=parent,
        position=position,
        title=title.strip(),
        title_en=title_en.strip(),
        description=description,
        kind=kind,
        presenter=presenter,
    )
    if subject is not None:
        item.subject = subject
    clean_or_raise(item, code=Code.INVALID_AGENDA_ITEM, exclude=["subject_type", "forwarded_from"])
    item.save()
    record_event(
        actor,
        "meetings.agenda_item_added",
        item,
        {
            "meeting": meeting.pk,
            "title": item.title,
            "kind": kind,
            "presenter": presenter.pk if presenter else None,
            "parent": parent.pk if parent else None,
        },
    )
    return item


@transaction.atomic
def decide_agenda_item(*, actor: Actor, item: AgendaItem, decision: str, text: str = "") -> AgendaItem:
    """Record the meeting's decision on an item (adopted, rejected, deferred).

    Forwarding is recorded by ``forward_agenda_items``. Changes: the item's decision.
    Raises: PermissionDeniedError; ValidationFailedError; ConflictError once forwarded.
    """
    if not can_manage_meeting(actor, item.meeting):
        raise _deny()
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if decision not in {Decision.ADOPTED, Decision.REJECTED, Decision.DEFERRED}:
        raise ValidationFailedError(
            Code.INVALID_AGENDA_ITEM, fields={"decision": [_("Choose adopted, rejected or deferred.")]}
        )
    if item.decision == Decision.FORWARDED:
        raise ConflictError(Code.ALREADY_FORWARDED, _("This item was forwarded; its decision is final."))
    previous = item.decision
    item.decision, item.decision_text = decision, text.strip()
    item.save(update_fields=["decision", "decision_text", "updated_at"])
    record_event(
        actor, "meetings.agenda_item_decided", item, {"decision": [previous, decision], "text": item.decision_text}
    )
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
        actor=actor,
        owner=owner,
        title=title or item.title,
        title_en=item.title_en,
        kind=kind,
        description=item.description,
        department=department,
        end_date=end_date,
        origin=item,
        start_date=timezone.localdate(item.meeting.start),
        origin_proposal=proposal,
        authorized=True,
    )


@transaction.atomic
def forward_agenda_items(*, actor: Actor, items: Sequence[AgendaItem], target: Meeting) -> list[AgendaItem]:
    """Carry items of one meeting to ``target`` (e.g. the next 시·구 상생회의).

    Changes: creates a copy of each item on the target's agenda pointing back to it, and marks
    each original forwarded. All or nothing.
    Raises: PermissionDeniedError (the source's organizer decides); ValidationFailedError for an
    empty selection, items of several meetings or a target in the past; ConflictError when an
    item was already forwarded.
    """
    if not items:
        raise ValidationFailedError(Code.INVALID_AGENDA_ITEM, fields={"items": [_("Choose at least one item.")]})
    source_ids = {item.meeting_id for item in items}
    if len(source_ids) != 1:
        raise ValidationFailedError(Code.INVALID_AGENDA_ITEM, fields={"items": [_("Choose items of one meeting.")]})
    source = Meeting.objects.select_related("organizer").get(pk=source_ids.pop())
    if not can_manage_meeting(actor, source):
        raise _deny()
    if target.pk == source.pk or target.start <= source.start:
        raise ValidationFailedError(Code.NO_TARGET_MEETING, fields={"target": [_("Choose a meeting after this one.")]})
    target = _locked(target)
    locked = list(AgendaItem.objects.select_for_update().filter(pk__in=[i.pk for i in items]))
    for item in locked:
        if item.decision == Decision.FORWARDED or AgendaItem.objects.filter(forwarded_from=item).exists():
            raise ConflictError(
                Code.ALREADY_FORWARDED, _("“%(item)s” has already been forwarded.") % {"item": item.title}
            )
    position = target.agenda_items.filter(parent=None).aggregate(Max("position"))["position__max"] or 0
    copies = []
    for item in sorted(locked, key=lambda i: (i.position, i.pk)):
        position += 1
        try:
            carried = {name: getattr(item, name) for name in FORWARDED_FIELDS}
            copy = AgendaItem.objects.create(meeting=target, position=position, forwarded_from=item, **carried)
        except IntegrityError as error:
            raise ConflictError(
                Code.ALREADY_FORWARDED, _("“%(item)s” has already been forwarded.") % {"item": item.title}
            ) from error
        item.decision = Decision.FORWARDED
        item.save(update_fields=["decision", "updated_at"])
        record_event(actor, "meetings.agenda_item_forwarded", item, {"to_meeting": target.pk, "copy": copy.pk})
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
def record_attendance(*, actor: Actor, meeting: Meeting, entries: Sequence[AttendanceEntry]) -> list[Attendance]:
    """Record who attended, member by member: present, absent, an acting holder (직무대리) or a
    stand-in (대리출석), the last two named. An entry without a person stands for the seat's only
    holder on the meeting's date.

    Changes: creates or updates one attendance row per member and seat.
    Raises: PermissionDeniedError; ValidationFailedError for a seat not convened to this meeting, a
    vacant seat, a person who does not hold the seat on the date, or an unnamed stand-in.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    seats = {seat.post.pk: seat for seat in invited_seats(meeting)}
    rows = []
    for entry in entries:
        seat = seats.get(entry.post.pk)
        if seat is None:
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE,
                fields={"post": [_("%(seat)s is not invited to this meeting.") % {"seat": entry.post.name}]},
            )
        person = _member_of(seat, entry.person)
        if entry.status not in AttendanceStatus.values:
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE,
                fields={"status": [_("Choose present, absent, an acting holder or a stand-in.")]},
            )
        if entry.status in {AttendanceStatus.PROXY, AttendanceStatus.ACTING} and not entry.proxy_name.strip():
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE, fields={"proxy_name": [_("Name who came in the member's place.")]}
            )
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            post=entry.post,
            person=person,
            defaults={"status": entry.status, "proxy_name": entry.proxy_name.strip(), "note": entry.note.strip()},
        )
        rows.append(row)
    record_event(
        actor,
        "meetings.attendance_recorded",
        meeting,
        {"members": {f"{row.post_id}:{row.person_id}": row.status for row in rows}},
    )
    return rows


def _member_of(seat: InvitedSeat, person: Person | None) -> Person:
    people = [holder.person for holder in seat.holders]
    name = seat.post.name
    if not people:
        raise ValidationFailedError(
            Code.INVALID_ATTENDANCE, fields={"post": [_("%(seat)s is vacant on the meeting's date.") % {"seat": name}]}
        )
    if person is None:
        if len(people) > 1:
            raise ValidationFailedError(
                Code.INVALID_ATTENDANCE,
                fields={"person": [_("%(seat)s has several members: name which one.") % {"seat": name}]},
            )
        return people[0]
    if person.pk not in {p.pk for p in people}:
        raise ValidationFailedError(
            Code.INVALID_ATTENDANCE,
            fields={
                "person": [
                    _("%(person)s does not hold %(seat)s on the meeting's date.")
                    % {"person": person.name, "seat": name}
                ]
            },
        )
    return person


@transaction.atomic
def remind_records_awaited(*, actor: Actor, today: dt.date) -> int:
    """Tell the organizer's administrators and secretaries about each public meeting that ended the
    day before ``today`` and is still only "scheduled": its record (held or not, attendance,
    minutes) is awaited. Returns how many meetings were reminded of."""
    start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=SEOUL)
    ended = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, end__gte=start, end__lt=start + dt.timedelta(days=1)
    ).select_related("organizer__site")
    count = 0
    for meeting in ended.order_by("end", "pk"):
        staff = OrganizationRole.objects.filter(
            organization=meeting.organizer,
            role__in=[OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY],
        ).values_list("user_id", flat=True)
        if notify(
            staff,
            "meetings.record_awaited",
            gettext_lazy(
                "The record of “%(meeting)s” is awaited: say whether it was held, its attendance and minutes."
            ),
            subject=meeting,
            meeting=meeting.title,
        ):
            count += 1
    return count
