"""Casting ballots: who may, what a valid ballot is, changing it until the close, paper ballots,
and sealing the ballot box when voting ends (see ``budgeting.models`` on secrecy)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hyeopchi.budgeting import permissions, secrecy
from hyeopchi.budgeting.enums import Channel, Feasibility, Phase, VoteType
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.models import Ballot, Heading, Participation, Process, ProcessPhase, Project
from hyeopchi.core import audit
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AttributeKind, VerifiedAttribute
from hyeopchi.core.queries import prepared_cursor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import OrganizationRole


@dataclass(frozen=True)
class BallotProject:
    """What validating a ballot needs to know of a project on it."""

    number: int
    cost: int
    category: str


def _day(value: Any) -> Any:
    """A date column read by raw SQL (SQLite gives its text); None stays None."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# Casting a ballot is the hot path under load: its reads are plain SQL, each one short statement.
_PROJECTS = "SELECT number, cost, category FROM budgeting_project WHERE heading_id = %s AND feasibility = %s"
_VOTING = "SELECT id, starts_on, ends_on FROM budgeting_phase WHERE process_id = %s AND phase = %s"
_ATTRIBUTES = "SELECT kind, value, valid_until FROM core_verified_attribute WHERE user_id = %s"


def ballot_projects(heading: Heading) -> dict[int, BallotProject]:
    """The projects a voter may pick: those found feasible."""
    with connection.cursor() as cursor:
        cursor.execute(_PROJECTS, [heading.pk, Feasibility.FEASIBLE.value])
        return {number: BallotProject(number, cost, category) for number, cost, category in cursor.fetchall()}


def ballot_problems(
    heading: Heading, projects: Mapping[int, BallotProject], picks: Sequence[int], points: Sequence[int] = ()
) -> list[str]:
    """Why a ballot is not valid as a whole (nothing: an empty list), in the voter's language.

    Approval and within-the-budget ballots pick between the fewest and most allowed; within the
    budget, their costs add up to no more than the heading's amount (and at least its minimum
    share); points ballots share at most the points given, each pick at least 1; a ranking ranks
    exactly the number asked (or every project, when there are fewer); one choice is one pick. A
    category's limit counts the picks in that category (서울 2015: one per field)."""
    problems: list[str] = []
    unknown = [n for n in picks if n not in projects]
    if unknown:
        return [_("There is no project numbered %(n)s on this ballot.") % {"n": unknown[0]}]
    if len(set(picks)) != len(picks):
        return [_("A project is picked twice.")]
    count = len(picks)
    kind = heading.vote_type
    if kind == VoteType.CHOOSE_1:
        if count != 1:
            problems.append(_("Pick exactly one project."))
    elif kind == VoteType.ORDINAL:
        wanted = min(heading.max_picks or count, len(projects))
        if count != wanted:
            problems.append(
                ngettext("Rank exactly %(n)s project.", "Rank exactly %(n)s projects.", wanted) % {"n": wanted}
            )
    else:
        if count < heading.min_picks:
            problems.append(
                ngettext("Pick at least %(n)s project.", "Pick at least %(n)s projects.", heading.min_picks)
                % {"n": heading.min_picks}
            )
        if heading.max_picks is not None and count > heading.max_picks:
            problems.append(
                ngettext("Pick at most %(n)s project.", "Pick at most %(n)s projects.", heading.max_picks)
                % {"n": heading.max_picks}
            )
    if kind == VoteType.KNAPSACK:
        total = sum(projects[n].cost for n in picks)
        least = -(-heading.amount * heading.min_spend_percent // 100)
        if total > heading.amount:
            problems.append(
                _("Your picks cost %(total)s won, more than the %(amount)s won of this budget.")
                % {"total": f"{total:,}", "amount": f"{heading.amount:,}"}
            )
        elif total < least:
            problems.append(
                _("Your picks cost %(total)s won; spend at least %(least)s won (%(percent)s%% of the budget).")
                % {"total": f"{total:,}", "least": f"{least:,}", "percent": heading.min_spend_percent}
            )
    if kind == VoteType.CUMULATIVE:
        if len(points) != count or any(not isinstance(p, int) or p < 1 for p in points):
            problems.append(_("Give each picked project a whole number of points, at least 1."))
        elif sum(points) > (heading.max_points or 0):
            problems.append(
                _("You gave %(given)s points; you have %(max)s to share.")
                % {"given": sum(points), "max": heading.max_points}
            )
    per_category = Counter(projects[n].category for n in picks)
    for category, limit in sorted(heading.category_limits.items()):
        if per_category[category] > limit:
            problems.append(
                ngettext(
                    "Pick at most %(n)s project in “%(category)s”.",
                    "Pick at most %(n)s projects in “%(category)s”.",
                    limit,
                )
                % {"n": limit, "category": category}
            )
    return problems


def phase_on(process: Process, day: dt.date) -> str | None:
    """The phase the process is in on ``day`` (None before the first or after the last)."""
    found = ProcessPhase.objects.filter(process=process, starts_on__lte=day, ends_on__gte=day).values_list(
        "phase", flat=True
    )
    return next(iter(found), None)


def voting_period(process: Process) -> ProcessPhase | None:
    with connection.cursor() as cursor:
        cursor.execute(_VOTING, [process.pk, Phase.VOTING.value])
        row = cursor.fetchone()
    if row is None:
        return None
    return ProcessPhase(pk=row[0], process=process, phase=Phase.VOTING, starts_on=_day(row[1]), ends_on=_day(row[2]))


def _still_open(voting: ProcessPhase | None, *, sealed: bool, now: dt.datetime) -> ProcessPhase:
    today = timezone.localdate(now)
    if voting is None or sealed or not voting.starts_on <= today <= voting.ends_on:
        if voting is not None and today < voting.starts_on:
            message = _("Voting opens on %(day)s.") % {"day": f"{voting.starts_on:%Y-%m-%d}"}
        elif voting is not None:
            message = _("Voting closed on %(day)s.") % {"day": f"{voting.ends_on:%Y-%m-%d}"}
        else:
            message = _("This process has no voting phase.")
        raise ConflictError(Code.VOTING_CLOSED, message)
    return voting


@dataclass(frozen=True)
class _BallotBox:
    """What casting a ballot needs: the heading as stored now, its process's box and voting phase,
    its feasible projects and the voter's verified attributes, read in one query."""

    heading: Heading
    sealed: bool
    one_heading_only: bool
    consent_to_demographics: bool
    voting: ProcessPhase | None
    projects: dict[int, BallotProject]
    attributes: dict[str, VerifiedAttribute]


# The person's verified attributes as one JSON array of [kind, value, valid_until].
_ATTRIBUTES_JSON = {
    "postgresql": "(SELECT json_agg(json_build_array(kind, value, valid_until)) FROM core_verified_attribute "
    "WHERE user_id = %s)",
    "sqlite": "(SELECT json_group_array(json_array(kind, value, valid_until)) FROM core_verified_attribute "
    "WHERE user_id = %s)",
}
# What casting a ballot reads of the heading: its columns but the time stamps.
_HEADING_FIELDS = [field for field in Heading._meta.concrete_fields if field.name not in {"created_at", "updated_at"}]
# One row per feasible project of the heading (one row with no project when it has none), each
# with the heading's columns, the box's and the voter's attributes.
_BALLOT_BOX = """
    SELECT {heading}, p.sealed_at IS NOT NULL, p.one_heading_only, p.consent_to_demographics,
        v.id, v.starts_on, v.ends_on, {attributes}, j.number, j.cost, j.category
    FROM budgeting_heading h
    JOIN budgeting_process p ON p.id = h.process_id
    LEFT JOIN budgeting_phase v ON v.process_id = p.id AND v.phase = %s
    LEFT JOIN budgeting_project j ON j.heading_id = h.id AND j.feasibility = %s
    WHERE h.id = %s
"""


@functools.cache
def _box_query(vendor: str) -> str:
    columns = ", ".join(f"h.{field.column}" for field in _HEADING_FIELDS)
    return _BALLOT_BOX.format(heading=columns, attributes=_ATTRIBUTES_JSON[vendor])


def _heading_of(values: Sequence[Any]) -> Heading:
    """The heading from its columns as the box query reads them (SQLite gives JSON as text and
    booleans as integers)."""
    converted = []
    for field, value in zip(_HEADING_FIELDS, values, strict=True):
        if isinstance(field, models.JSONField) and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(field, models.BooleanField) and value is not None:
            value = bool(value)
        converted.append(value)
    return Heading.from_db(connection.alias, [field.attname for field in _HEADING_FIELDS], converted)


def _ballot_box(heading_id: int, user_id: int) -> _BallotBox:
    with prepared_cursor() as cursor:
        cursor.execute(
            _box_query(connection.vendor), [user_id, Phase.VOTING.value, Feasibility.FEASIBLE.value, heading_id]
        )
        rows = cursor.fetchall()
    if not rows:
        raise NotFoundError(Code.NOT_FOUND, _("There is no such budget in this process."))
    width = len(_HEADING_FIELDS)
    heading = _heading_of(rows[0][:width])
    sealed, one_heading_only, consent, voting_id, starts_on, ends_on, listed = rows[0][width : width + 7]
    voting = None
    if voting_id is not None:
        voting = ProcessPhase(
            pk=voting_id,
            process_id=heading.process_id,
            phase=Phase.VOTING,
            starts_on=_day(starts_on),
            ends_on=_day(ends_on),
        )
    listed = json.loads(listed) if isinstance(listed, str) else (listed or [])
    attributes = {
        kind: VerifiedAttribute(kind=kind, value=value, valid_until=_day(until)) for kind, value, until in listed
    }
    projects = {row[-3]: BallotProject(*row[-3:]) for row in rows if row[-3] is not None}
    return _BallotBox(heading, bool(sealed), bool(one_heading_only), bool(consent), voting, projects, attributes)


def attributes_of(user: Any) -> dict[str, VerifiedAttribute]:
    """The person's verified attributes by kind, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_ATTRIBUTES, [user.pk])
        rows = cursor.fetchall()
    return {kind: VerifiedAttribute(kind=kind, value=value, valid_until=_day(until)) for kind, value, until in rows}


def _holds(attributes: dict[str, VerifiedAttribute], kind: str, codes: Sequence[str], on: dt.date) -> bool:
    found = attributes.get(kind)
    return found is not None and found.value in codes and (found.valid_until is None or found.valid_until >= on)


def _age(attributes: dict[str, VerifiedAttribute], day: dt.date) -> int | None:
    found = attributes.get(AttributeKind.BIRTH_DATE)
    if found is None:
        return None
    born = dt.date.fromisoformat(found.value)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eligibility_problem(
    heading: Heading, user: Any, *, on: dt.date, attributes: dict[str, VerifiedAttribute] | None = None
) -> str | None:
    """Why ``user`` may not vote in ``heading`` on ``on`` (None: they may). Areas and age come from
    the person's verified attributes (``core.VerifiedAttribute``), never from what they typed."""
    attributes = attributes_of(user) if attributes is None else attributes
    codes = list(heading.area_codes)
    if codes:
        kinds = [AttributeKind.RESIDENCE]
        if heading.also_workers:
            kinds.append(AttributeKind.WORKPLACE)
        if heading.also_students:
            kinds.append(AttributeKind.SCHOOL)
        if not any(_holds(attributes, kind, codes, on) for kind in kinds):
            if len(kinds) == 1:
                return _(
                    "Only verified residents of the area may vote here. Confirm your address under My verified details."
                )
            return _(
                "Only people verified as living, working or studying in the area may vote here. "
                "Confirm it under My verified details."
            )
    if heading.min_age is not None or heading.max_age is not None:
        age = _age(attributes, on)
        if age is None:
            return _("This budget has an age range: confirm your date of birth under My verified details.")
        if (heading.min_age is not None and age < heading.min_age) or (
            heading.max_age is not None and age > heading.max_age
        ):
            return _("This budget is for people aged %(low)s to %(high)s on %(day)s.") % {
                "low": heading.min_age if heading.min_age is not None else 0,
                "high": heading.max_age if heading.max_age is not None else "",
                "day": f"{on:%Y-%m-%d}",
            }
    if heading.exclude_staff:
        site = heading.process.site
        if OrganizationRole.objects.filter(
            user=user,
            organization__path__startswith=site.path,
            role__in=[OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY],
        ).exists():
            return _("The site's own officials do not vote in this budget.")
    return None


def _age_group(age: int | None) -> int | None:
    """The decade of an age (34 → 30): what a ballot keeps, with consent, for the open data."""
    return None if age is None else age // 10 * 10


def _paper_keys_of(user: Any, attributes: dict[str, VerifiedAttribute] | None = None) -> set[str]:
    """The keys a paper voter with ``user``'s name and verified date of birth would have: the name
    family-first as on a Korean identity card, and given-first."""
    attributes = attributes_of(user) if attributes is None else attributes
    birth = attributes[AttributeKind.BIRTH_DATE].value if AttributeKind.BIRTH_DATE in attributes else None
    family, given = getattr(user, "last_name", ""), getattr(user, "first_name", "")
    if not birth or not (family + given).strip():
        return set()
    return {secrecy.person_key(family + given, birth), secrecy.person_key(given + family, birth)}


_INSERT_PARTICIPATION = """
    INSERT INTO budgeting_participation (heading_id, process_id, user_id, paper_key, exclusive_key, channel, voted_at)
    VALUES (%s, %s, %s, '', %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id
"""


@dataclass(frozen=True)
class Receipt:
    heading: Heading
    changed: bool


def _heading_locked_fields(heading: Heading) -> Heading:
    """The heading with its process (as given, when the caller read them together)."""
    if Heading.process.is_cached(heading):
        return heading
    return Heading.objects.select_related("process", "process__site").get(pk=heading.pk)


def cast(
    *,
    actor: Actor,
    heading: Heading | int,
    picks: Sequence[int],
    points: Sequence[int] = (),
    share_age: bool = False,
    now: dt.datetime | None = None,
) -> Receipt:
    """Cast (or, while voting is open, change) the actor's ballot in ``heading`` (the heading or its
    id: the heading's rules are read afresh with the ballot box either way).

    Raises: PermissionDeniedError when not signed in or not eligible; ConflictError outside the
    voting phase or when the person voted on paper or in another heading of a one-heading process;
    ValidationFailedError for a ballot that breaks the heading's rules. Nothing is written then.
    """
    now = now or timezone.now()
    user_pk = actor.user_pk
    if user_pk is None or actor.user is None:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Sign in to vote."))
    # Every check reads before the transaction, so the write lock (all of SQLite's, under its
    # IMMEDIATE transactions) is held only for the writes.
    box = _ballot_box(heading if isinstance(heading, int) else heading.pk, user_pk)
    heading, attributes = box.heading, box.attributes
    voting = _still_open(box.voting, sealed=box.sealed, now=now)
    problem = eligibility_problem(heading, actor.user, on=voting.starts_on, attributes=attributes)
    if problem:
        raise PermissionDeniedError(Code.NOT_ELIGIBLE, problem)
    picks, points = list(picks), list(points)
    problems = ballot_problems(heading, box.projects, picks, points)
    if problems:
        raise ValidationFailedError(Code.INVALID_BALLOT, problems[0], fields={"picks": problems})
    paper_keys = _paper_keys_of(actor.user, attributes)
    if paper_keys and Participation.objects.filter(heading=heading, paper_key__in=paper_keys).exists():
        raise ConflictError(Code.ALREADY_VOTED, _("You voted on paper in this budget; a person votes once."))
    age = _age_group(_age(attributes, voting.starts_on)) if share_age and box.consent_to_demographics else None
    write = _BallotWrite(
        heading=heading,
        user_id=user_pk,
        exclusive=f"{heading.process_id}:{user_pk}" if box.one_heading_only else None,
        seal=secrecy.seal(heading.pk, user_pk),
        picks=picks,
        points=points,
        age=age,
        now=now,
    )
    if connection.vendor == "postgresql":
        first = _cast_in_one(actor, write)
    else:
        with transaction.atomic():
            first = _write_ballot(write)
            record_event(actor, "budgeting.voted", heading, {"changed": not first})
    return Receipt(heading, changed=not first)


@dataclass(frozen=True)
class _BallotWrite:
    """What writing one online ballot stores."""

    heading: Heading
    user_id: int
    exclusive: str | None  # the person's key in a one-heading process
    seal: str
    picks: list[int]
    points: list[int]
    age: int | None
    now: dt.datetime


_UNSEALED = "SELECT sealed_at FROM budgeting_process WHERE id = %s"

# PostgreSQL writes a ballot in one statement, which is its transaction: share-lock the open
# process row (closing the box waits for ballots being written and refuses those that come
# after), record the participation, insert the ballot when the participation is new or change the
# person's ballot when not, and append the event to the audit chain (``core.audit.in_statement``).
_CAST_IN_ONE = """
    WITH open AS (
        SELECT id FROM budgeting_process WHERE id = %(process)s AND sealed_at IS NULL AND {chain_started} FOR SHARE
    ),
    joined AS (
        INSERT INTO budgeting_participation
            (heading_id, process_id, user_id, paper_key, exclusive_key, channel, voted_at)
        SELECT %(heading)s, open.id, %(user)s, '', %(exclusive)s, %(channel)s, %(now)s FROM open
        ON CONFLICT DO NOTHING RETURNING id
    ),
    stored AS (
        INSERT INTO budgeting_ballot (id, heading_id, picks, points, channel, valid, age, seal)
        SELECT %(id)s, %(heading)s, %(picks)s::jsonb, %(points)s::jsonb, %(channel)s, true, %(age)s, %(seal)s
        FROM joined RETURNING id
    ),
    changed AS (
        UPDATE budgeting_ballot SET picks = %(picks)s::jsonb, points = %(points)s::jsonb, age = %(age)s
        WHERE heading_id = %(heading)s AND seal = %(seal)s
            AND EXISTS (SELECT 1 FROM open) AND NOT EXISTS (SELECT 1 FROM joined)
        RETURNING id
    ),
    audit_when AS (
        SELECT CASE WHEN EXISTS (SELECT 1 FROM stored) THEN 0 ELSE 1 END AS which
        WHERE EXISTS (SELECT 1 FROM stored) OR EXISTS (SELECT 1 FROM changed)
    ),
    {audit}
    SELECT {chain_started}, (SELECT count(*) FROM open), (SELECT count(*) FROM stored),
        (SELECT count(*) FROM changed), (SELECT count(*) FROM audit_moved)
"""


_CAST_STATEMENT = _CAST_IN_ONE.format(chain_started=audit.CHAIN_STARTED, audit=audit.APPEND_IN_STATEMENT)


def _cast_in_one(actor: Actor, write: _BallotWrite) -> bool:
    """PostgreSQL: write the ballot and its audit event in one statement; True for a first ballot."""
    audit_params = audit.in_statement(actor, "budgeting.voted", write.heading, [{"changed": False}, {"changed": True}])
    params = {
        "process": write.heading.process_id,
        "heading": write.heading.pk,
        "user": write.user_id,
        "exclusive": write.exclusive,
        "channel": Channel.ONLINE.value,
        "now": connection.ops.adapt_datetimefield_value(write.now),
        "id": uuid.uuid4(),
        "picks": json.dumps(write.picks),
        "points": json.dumps(write.points),
        "age": write.age,
        "seal": write.seal,
        **audit_params,
    }
    with prepared_cursor() as cursor:
        for _attempt in range(3):
            cursor.execute(_CAST_STATEMENT, params)
            started, is_open, first, changed, recorded = cursor.fetchone()
            if not started:  # a new (or flushed) database: nothing was written
                audit.start_chain()
                continue
            if not is_open:
                raise ConflictError(Code.VOTING_CLOSED, _("The ballot box is closed."))
            if first or changed:
                if not recorded:
                    raise RuntimeError("a ballot was written without its audit event")
                return bool(first)
            # The same person's first ballot committed while this statement waited on it: its
            # snapshot could not see that ballot, a new statement does; when it still finds
            # none, the person voted on paper or in another heading.
    raise ConflictError(Code.ALREADY_VOTED, _already_voted_message(write.heading, write.user_id))


def _write_ballot(write: _BallotWrite) -> bool:
    """SQLite: record the participation and store (or replace) the ballot inside the caller's
    IMMEDIATE transaction, which holds the database (closing the box waits for ballots being
    written and refuses those that come after); True for a first ballot."""
    heading = write.heading
    stamp = connection.ops.adapt_datetimefield_value(write.now)
    with connection.cursor() as cursor:
        cursor.execute(_UNSEALED, [heading.process_id])
        row = cursor.fetchone()
        if row is None or row[0] is not None:
            raise ConflictError(Code.VOTING_CLOSED, _("The ballot box is closed."))
        cursor.execute(
            _INSERT_PARTICIPATION,
            [heading.pk, heading.process_id, write.user_id, write.exclusive, Channel.ONLINE, stamp],
        )
        if cursor.fetchone() is not None:
            Ballot.objects.create(
                heading=heading,
                picks=write.picks,
                points=write.points,
                channel=Channel.ONLINE,
                age=write.age,
                seal=write.seal,
            )
            return True
    changed = Ballot.objects.filter(heading=heading, seal=write.seal)
    if not changed.update(picks=write.picks, points=write.points, age=write.age):
        raise ConflictError(Code.ALREADY_VOTED, _already_voted_message(heading, write.user_id))
    return False


def _already_voted_message(heading: Heading, user_id: int) -> str:
    other = (
        Participation.objects.filter(process=heading.process, user_id=user_id)
        .exclude(heading=heading)
        .select_related("heading")
        .first()
    )
    if other is not None:
        return _("You voted in “%(heading)s”; in this process a person votes in one heading only.") % {
            "heading": other.heading.name
        }
    return _("Your ballot in this budget was entered on paper; a person votes once.")


def current_ballot(heading: Heading, user_id: int) -> Ballot | None:
    """The person's own ballot while voting is open (to show and change it); None once sealed."""
    return Ballot.objects.filter(heading=heading, seal=secrecy.seal(heading.pk, user_id)).first()


@transaction.atomic
def enter_paper_ballot(
    *,
    actor: Actor,
    heading: Heading,
    picks: Sequence[int],
    points: Sequence[int] = (),
    voter: Any | None = None,
    name: str = "",
    birth_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Ballot:
    """Staff enter a paper ballot cast at a polling place, for a voter identified by their account
    or by the name and date of birth on their identity card. The voter's eligibility and that they
    did not vote online are checked; a ballot breaking the rules is kept as void (무효표), as a paper
    ballot box keeps it. Raises PermissionDeniedError, ValidationFailedError, ConflictError."""
    now = now or timezone.now()
    heading = _heading_locked_fields(heading)
    process = heading.process
    if not permissions.can_manage_process(actor, process):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators enter paper ballots."))
    voting = voting_period(process)
    if voting is None or process.sealed_at is not None or timezone.localdate(now) < voting.starts_on:
        raise ConflictError(
            Code.VOTING_CLOSED, _("Paper ballots are entered from the first day of voting until the tally.")
        )
    key = ""
    if voter is None:
        if not name.strip() or birth_date is None:
            raise ValidationFailedError(
                Code.INVALID_BALLOT,
                fields={
                    "voter": [_("Give the voter's account, or their name and date of birth as on their identity card.")]
                },
            )
        key = secrecy.person_key(name, birth_date.isoformat())
        online = _online_voter_with_key(heading, key)
        if online:
            raise ConflictError(Code.ALREADY_VOTED, _("This person already voted online in this budget."))
    else:
        problem = eligibility_problem(heading, voter, on=voting.starts_on)
        if problem:
            raise PermissionDeniedError(Code.NOT_ELIGIBLE, problem)
    participation = Participation(
        heading=heading,
        process=process,
        user=voter,
        paper_key=key,
        exclusive_key=f"{process.pk}:{voter.pk}" if voter is not None and process.one_heading_only else None,
        channel=Channel.PAPER,
        voted_at=now,
    )
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError as error:  # the unique constraints: a second ballot of the same person
        raise ConflictError(Code.ALREADY_VOTED, _("This person already has a ballot in this budget.")) from error
    picks, points = list(picks), list(points)
    valid = not ballot_problems(heading, ballot_projects(heading), picks, points)
    ballot = Ballot.objects.create(heading=heading, picks=picks, points=points, channel=Channel.PAPER, valid=valid)
    record_event(actor, "budgeting.paper_ballot_entered", heading, {"valid": valid})
    return ballot


def _online_keys(heading: Heading) -> set[str]:
    """The paper keys of everyone who voted online in ``heading`` (two queries, whatever their number)."""
    voters = list(
        Participation.objects.filter(heading=heading, channel=Channel.ONLINE, user__isnull=False).values_list(
            "user_id", "user__last_name", "user__first_name"
        )
    )
    born = dict(
        VerifiedAttribute.objects.filter(
            kind=AttributeKind.BIRTH_DATE, user_id__in=[user_id for user_id, _f, _g in voters]
        ).values_list("user_id", "value")
    )
    keys: set[str] = set()
    for user_id, family, given in voters:
        if user_id in born and (family + given).strip():
            keys |= {
                secrecy.person_key(family + given, born[user_id]),
                secrecy.person_key(given + family, born[user_id]),
            }
    return keys


def _online_voter_with_key(heading: Heading, key: str) -> bool:
    return key in _online_keys(heading)


def paper_conflicts(heading: Heading) -> int:
    """How many paper voters (by name and date of birth) also voted online: checked before the
    tally, for cases the entry could not see (a date of birth verified after the paper ballot)."""
    paper = set(
        Participation.objects.filter(heading=heading, channel=Channel.PAPER)
        .exclude(paper_key="")
        .values_list("paper_key", flat=True)
    )
    return len(paper & _online_keys(heading)) if paper else 0


@transaction.atomic
def seal(*, actor: Actor, process: Process, now: dt.datetime | None = None) -> int:
    """Close the ballot box: erase every seal and store the ballots again in a random order under
    new random ids, so nothing ties a ballot to its voter any more. Runs once, after voting ends."""
    now = now or timezone.now()
    process = Process.objects.select_for_update().get(pk=process.pk)
    if not permissions.can_manage_process(actor, process) and not actor.is_system:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators close the ballot box."))
    voting = voting_period(process)
    if voting is not None and timezone.localdate(now) <= voting.ends_on:
        raise ConflictError(
            Code.VOTING_CLOSED, _("Voting is open until %(day)s.") % {"day": f"{voting.ends_on:%Y-%m-%d}"}
        )
    if process.sealed_at is not None:
        return 0
    rows = list(
        Ballot.objects.filter(heading__process=process).values_list(
            "heading_id", "picks", "points", "channel", "valid", "age"
        )
    )
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(heading__process=process).delete()
    Ballot.objects.bulk_create(
        (
            Ballot(id=uuid.uuid4(), heading_id=h, picks=picks, points=points, channel=channel, valid=valid, age=age)
            for h, picks, points, channel, valid, age in rows
        ),
        batch_size=2000,
    )
    process.sealed_at = now
    process.save(update_fields=["sealed_at", "updated_at"])
    record_event(actor, "budgeting.sealed", process, {"ballots": len(rows)})
    return len(rows)


def projects_of(heading: Heading) -> list[Project]:
    return list(heading.projects.order_by("number"))
