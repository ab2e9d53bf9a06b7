"""What a meeting decided and how: the vote on each item with both quorums, the members who took no
part in it (제척·기피·회피), and the particulars the minutes carry (공공기록물법 시행령 §18): the notice
date, a written resolution, what is closed to the public and until when (정보공개법 §9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, ValidationFailedError
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings import rules
from hyeopchi.meetings.enums import ClosedGround, Decision, RecusalGround
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.models import AgendaItem, Meeting, MeetingRules, Recusal
from hyeopchi.meetings.permissions import can_manage_meeting, can_manage_meetings
from hyeopchi.meetings.selectors import attendance_summary, invited_seats, rules_on
from hyeopchi.meetings.services._common import _deny
from hyeopchi.organizations.models import Organization, Person


@dataclass(frozen=True)
class RecusalEntry:
    person: Person
    ground: str
    note: str = ""


@dataclass(frozen=True)
class VoteEntry:
    """Counts (찬성·반대·기권), or ``without_objection`` (이의 없음) with no counts."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    without_objection: bool = False
    chair_casting: bool | None = None


def _vote_error_message(error: rules.VoteError) -> tuple[str, str]:
    if error == rules.VoteError.MORE_VOTES_THAN_PRESENT:
        return "yes", _("There are more votes than members present for this item.")
    if error == rules.VoteError.CASTING_VOTE_MISSING:
        return "chair_casting", _("The vote is tied: record the chair's decision, as the rules provide.")
    return "yes", _("More members are present than are in office.")


@transaction.atomic
def record_vote(
    *, actor: Actor, item: AgendaItem, vote: VoteEntry, recusals: Sequence[RecusalEntry] = ()
) -> AgendaItem:
    """Record the vote on an item and decide it: adopted when the meeting had its quorum and the
    "yes" votes met the body's decision rule, rejected otherwise (a tie fails unless the rules let
    the chair decide). Members who took no part in the item are left out of both counts.

    Changes: the item's vote, decision and recusals. Raises: PermissionDeniedError;
    ValidationFailedError for counts that do not add up, a recusal of someone who is not a member
    in office, or a written resolution the rules do not allow; ConflictError once forwarded.
    """
    meeting = item.meeting
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    item = AgendaItem.objects.select_for_update().select_related("meeting__organizer").get(pk=item.pk)
    if item.decision == Decision.FORWARDED:
        raise ConflictError(Code.ALREADY_FORWARDED, _("This item was forwarded; its decision is final."))
    meeting = item.meeting
    meeting_rules, _row = rules_on(meeting.organizer, timezone.localdate(meeting.start))
    if meeting.written_resolution and not meeting_rules.written_resolutions:
        raise ValidationFailedError(
            Code.INVALID_VOTE, fields={"yes": [_("The rules of this body do not allow written resolutions.")]}
        )
    summary = attendance_summary(invited_seats(meeting), meeting_rules)
    left_out = set()
    for entry in recusals:
        if entry.person.pk not in summary.in_office_ids:
            raise ValidationFailedError(
                Code.INVALID_VOTE,
                fields={
                    "recusals": [_("%(person)s is not a voting member in office.") % {"person": entry.person.name}]
                },
            )
        if entry.ground not in RecusalGround.values:
            raise ValidationFailedError(Code.INVALID_VOTE, fields={"recusals": [_("Choose the ground.")]})
        left_out.add(entry.person.pk)
    counted = rules.Vote(
        in_office=len(summary.in_office_ids - left_out),
        present=len(summary.counted_ids - left_out),
        yes=0 if vote.without_objection else vote.yes,
        no=0 if vote.without_objection else vote.no,
        abstain=0 if vote.without_objection else vote.abstain,
        without_objection=vote.without_objection,
        chair_casting=vote.chair_casting,
    )
    errors = rules.vote_errors(counted, meeting_rules)
    if errors:
        field, message = _vote_error_message(errors[0])
        raise ValidationFailedError(Code.INVALID_VOTE, fields={field: [message]})
    outcome = rules.tally(counted, meeting_rules)
    item.recusals.all().delete()
    Recusal.objects.bulk_create(
        Recusal(item=item, person=entry.person, ground=entry.ground, note=entry.note.strip()) for entry in recusals
    )
    item.votes_yes = None if vote.without_objection else counted.yes
    item.votes_no = None if vote.without_objection else counted.no
    item.votes_abstain = None if vote.without_objection else counted.abstain
    item.without_objection = vote.without_objection
    item.chair_casting = vote.chair_casting if outcome.tie else None
    item.vote_in_office, item.vote_present = counted.in_office, counted.present
    item.vote_quorum_held, item.vote_majority_held = outcome.quorum.held, outcome.majority_held
    previous = item.decision
    item.decision = Decision.ADOPTED if outcome.passed else Decision.REJECTED
    item.save()
    record_event(
        actor,
        "meetings.vote_recorded",
        item,
        {
            "decision": [previous, item.decision],
            "yes": item.votes_yes,
            "no": item.votes_no,
            "abstain": item.votes_abstain,
            "without_objection": vote.without_objection,
            "in_office": counted.in_office,
            "present": counted.present,
            "recused": sorted(left_out),
        },
    )
    return item


def _closure_errors(ground: str, reason: str, until: dt.date | None, after: dt.date) -> dict[str, list[str]]:
    if not ground:
        return {"closed_reason": [_("Choose the ground for closing it first.")]} if reason.strip() or until else {}
    if ground not in ClosedGround.values:
        return {"closed_ground": [_("Choose a ground of the Official Information Disclosure Act, §9(1).")]}
    if not reason.strip():
        return {"closed_reason": [_("Say why it is closed: the reason is published.")]}
    if until is not None and until < after:
        return {"closed_until": [_("Give a date on or after the meeting's.")]}
    return {}


@transaction.atomic
def record_particulars(
    *,
    actor: Actor,
    meeting: Meeting,
    notice_date: dt.date | None,
    written_resolution: bool = False,
    closed_ground: str = "",
    closed_reason: str = "",
    closed_until: dt.date | None = None,
) -> Meeting:
    """Record when the meeting was notified, whether it was decided in writing (서면의결, where the
    rules allow it) and whether it is closed to the public, on which ground and until when.

    Changes: the meeting. Raises: PermissionDeniedError; ValidationFailedError.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = Meeting.objects.select_for_update().select_related("organizer").get(pk=meeting.pk)
    day = timezone.localdate(meeting.start)
    errors = _closure_errors(closed_ground, closed_reason, closed_until, day)
    if notice_date is not None and notice_date > day:
        errors["notice_date"] = [_("The notice is sent before the meeting.")]
    if written_resolution and not rules_on(meeting.organizer, day)[0].written_resolutions:
        errors["written_resolution"] = [_("The rules of this body do not allow written resolutions.")]
    if errors:
        raise ValidationFailedError(Code.INVALID_MEETING, fields=errors)
    meeting.notice_date, meeting.written_resolution = notice_date, written_resolution
    meeting.closed_ground, meeting.closed_reason = closed_ground, closed_reason.strip()
    meeting.closed_until = closed_until if closed_ground else None
    meeting.save()
    record_event(
        actor,
        "meetings.particulars_recorded",
        meeting,
        {
            "notice_date": notice_date.isoformat() if notice_date else None,
            "written_resolution": written_resolution,
            "closed_ground": closed_ground,
            "closed_until": meeting.closed_until.isoformat() if meeting.closed_until else None,
        },
    )
    return meeting


@transaction.atomic
def close_agenda_item(
    *, actor: Actor, item: AgendaItem, ground: str, reason: str, until: dt.date | None = None
) -> AgendaItem:
    """Close one item to the public (or open it again with an empty ground): its description,
    decision text and documents are kept from the public until the day after ``until``.

    Changes: the item. Raises: PermissionDeniedError; ValidationFailedError.
    """
    if not can_manage_meeting(actor, item.meeting):
        raise _deny()
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    errors = _closure_errors(ground, reason, until, timezone.localdate(item.meeting.start))
    if errors:
        raise ValidationFailedError(Code.INVALID_AGENDA_ITEM, fields=errors)
    item.closed_ground, item.closed_reason, item.closed_until = ground, reason.strip(), until if ground else None
    item.save(update_fields=["closed_ground", "closed_reason", "closed_until", "updated_at"])
    record_event(
        actor,
        "meetings.agenda_item_closed" if ground else "meetings.agenda_item_opened",
        item,
        {"ground": ground, "until": until.isoformat() if until and ground else None},
    )
    return item


RULE_FIELDS = (
    "opening_numerator",
    "opening_denominator",
    "opening_more_than",
    "decision_numerator",
    "decision_denominator",
    "decision_more_than",
    "decision_base",
    "tie",
    "stand_ins_count",
    "written_resolutions",
    "notice_days",
    "citation",
)


@transaction.atomic
def set_meeting_rules(*, actor: Actor, body: Organization, valid_from: dt.date, **values: Any) -> MeetingRules:
    """Set how ``body`` opens meetings and decides from ``valid_from`` on (its ordinance or
    운영규정); rules from the same date are replaced. Meetings before that date keep the rules that
    were in force for them.

    Changes: creates or replaces the rules of that date. Raises: PermissionDeniedError;
    ValidationFailedError for a fraction outside (0, 1] or an unknown option.
    """
    if not can_manage_meetings(actor, body):
        raise _deny()
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown rule fields: {sorted(unknown)}")
    row = MeetingRules.objects.filter(body=body, valid_from=valid_from).first() or MeetingRules(
        body=body, valid_from=valid_from
    )
    for name, value in values.items():
        setattr(row, name, value.strip() if isinstance(value, str) and name == "citation" else value)
    errors: dict[str, list[str]] = {}
    for part in ("opening", "decision"):
        numerator, denominator = getattr(row, f"{part}_numerator"), getattr(row, f"{part}_denominator")
        if not (denominator and 0 < numerator <= denominator):
            errors[f"{part}_numerator"] = [_("Give a fraction above 0 and at most 1, e.g. 1/2 or 2/3.")]
    if errors:
        raise ValidationFailedError(Code.INVALID_RULES, fields=errors)
    clean_or_raise(row, code=Code.INVALID_RULES, exclude=["body"])
    row.save()
    record_event(
        actor,
        "meetings.rules_set",
        body,
        {"valid_from": valid_from.isoformat(), **{name: getattr(row, name) for name in RULE_FIELDS}},
    )
    return row
