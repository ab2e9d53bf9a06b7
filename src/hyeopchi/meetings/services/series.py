"""Meeting series: creating them (RFC 5545 rules in Seoul time) and generating their meetings ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.bulk import write_rows
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.core.signals import rows_written
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings import recurrence
from hyeopchi.meetings.enums import MeetingStatus
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.messages import rule_error_message
from hyeopchi.meetings.models import Meeting, MeetingSeries, SeriesInvitation
from hyeopchi.meetings.permissions import can_manage_meetings
from hyeopchi.meetings.services._common import _deny
from hyeopchi.organizations.models import Organization, Post

# Columns written when occurrences are generated; the rest keep their database defaults.
_GENERATED_FIELDS = (
    "series",
    "recurrence_id",
    "organizer",
    "title",
    "title_en",
    "number",
    "start",
    "end",
    "status",
    "place",
    "online_url",
    "description",
    "written_resolution",
    "closed_ground",
    "closed_reason",
    "is_public",
    "sequence",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class Invitation:
    post: Post
    months: Sequence[int] = ()


def _checked_rule(rule: str, dtstart: dt.datetime) -> str:
    try:
        normalized = recurrence.normalize_rule(rule)
        first = recurrence.occurrences(normalized, dtstart, start=dtstart, end=dtstart + dt.timedelta(days=3660))[:1]
    except recurrence.RecurrenceError as error:
        raise ValidationFailedError(Code.INVALID_RULE, fields={"rrule": [rule_error_message(error.code)]}) from error
    if first != [recurrence.to_local(dtstart)]:
        raise ValidationFailedError(
            Code.INVALID_RULE, fields={"dtstart": [_("The first occurrence must be a date the rule produces.")]}
        )
    return normalized


def _local_datetimes(values: Iterable[dt.datetime], field: str) -> list[str]:
    moments = []
    for moment in values:
        if moment.tzinfo is None:
            raise ValidationFailedError(Code.INVALID_SERIES, fields={field: [_("Give dates with a time zone.")]})
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
        raise ValidationFailedError(Code.INVALID_SERIES, fields={"duration": [_("The duration must be positive.")]})
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
        is_public=is_public,
    )
    clean_or_raise(series, code=Code.INVALID_SERIES)
    series.save()
    for invitation in invitations:
        row = SeriesInvitation(series=series, post=invitation.post, months=list(invitation.months))
        clean_or_raise(row, code=Code.INVALID_SERIES)
        row.save()
    record_event(
        actor,
        "meetings.series_created",
        series,
        {
            "organizer": organizer.pk,
            "rrule": series.rrule,
            "dtstart": dtstart,
            "invited": [[i.post.pk, list(i.months)] for i in invitations],
        },
    )
    generate_occurrences(actor=actor, series=series, through=generate_through)
    return series


def _series_window_end(series: MeetingSeries, through: dt.date | None) -> dt.datetime:
    last_day = through or (timezone.localdate() + dt.timedelta(days=series.horizon_days))
    if series.until is not None:
        last_day = min(last_day, series.until)
    return dt.datetime.combine(last_day, dt.time.max, tzinfo=recurrence.SEOUL)


def generate_occurrences(*, actor: Actor, series: MeetingSeries, through: dt.date | None = None) -> list[Meeting]:
    """Create the meetings the series' rule gives up to ``through`` that do not exist yet.

    See ``generate_occurrences_for``, which does this for many series at once. Returns the new
    meetings in order.
    """
    before = set(series.meetings.values_list("pk", flat=True))
    generate_occurrences_for(actor=actor, series=[series], through=through)
    return list(series.meetings.exclude(pk__in=before).order_by("start", "pk"))


@transaction.atomic
def generate_occurrences_for(*, actor: Actor, series: Sequence[MeetingSeries], through: dt.date | None = None) -> int:
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
    locked = list(MeetingSeries.objects.select_for_update().filter(pk__in=[s.pk for s in series]).order_by("pk"))
    existing: dict[int, set[dt.datetime | None]] = {s.pk: set() for s in locked}
    occurrences = Meeting.objects.filter(series__in=locked).values_list("series_id", "recurrence_id")
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
            (
                one.pk,
                start,
                one.organizer_id,
                one.title,
                one.title_en,
                next_number + offset,
                start,
                start + one.duration,
                MeetingStatus.SCHEDULED.value,
                one.place,
                one.online_url,
                "",
                False,
                "",
                "",
                one.is_public,
                0,
                now,
                now,
            )
            for offset, start in enumerate(new_starts)
        )
        if new_starts:
            generated.setdefault(str(one.organizer_id), {})[str(one.pk)] = len(new_starts)
    _insert_meetings(rows)
    if rows:
        series_ids = [one.pk for one in locked]
        written = Meeting.objects.filter(series_id__in=series_ids, created_at=now).values_list("pk", flat=True)
        rows_written.send(sender=Meeting, pks=list(written))
    for organizer_id, counts in generated.items():
        record_event(
            actor,
            "meetings.occurrences_generated",
            organizers[int(organizer_id)],
            {"through": through, "series": counts},
        )
    return len(rows)


def _insert_meetings(rows: list[tuple[Any, ...]]) -> None:
    """Insert generated meetings (values in ``_GENERATED_FIELDS`` order) through `write_rows`.

    ``bulk_create`` builds a model instance per row and prepares each value through its field;
    for a year of 1,000 series that cost seconds. Only datetimes need the backend's adapter here.
    """
    columns = [str(getattr(Meeting._meta.get_field(name), "column", name)) for name in _GENERATED_FIELDS]
    if connection.vendor != "postgresql":  # COPY takes aware datetimes; SQLite stores them as text in UTC
        adapt = connection.ops.adapt_datetimefield_value
        rows = [tuple(adapt(value) if isinstance(value, dt.datetime) else value for value in row) for row in rows]
    write_rows(Meeting._meta.db_table, columns, rows)
