"""Writing and verifying the hash chain of audit events.

Each event's hash is SHA-256 over the canonical JSON of its content together with the previous
event's hash; the first event follows ``GENESIS_HASH``. Changing, removing or reordering any stored
event breaks the chain at that event, and removing the newest ones disagrees with the chain head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.core.bulk import write_rows
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

# What an event's hash covers, in the order the chain was defined with.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_label",
    "actor_pk",
    "verb",
    "target_type",
    "target_pk",
    "target_label",
    "payload",
    "previous_hash",
)


def event_hash(
    *,
    seq: int,
    occurred_at: Any,
    actor_label: str,
    actor_pk: int | None,
    verb: str,
    target_type: str,
    target_pk: str,
    target_label: str,
    payload: str,
    previous_hash: str,
) -> str:
    hashed: dict[str, Any] = {
        "seq": seq,
        "occurred_at": occurred_at,
        "actor": actor_label,
        "verb": verb,
        "target_type": target_type,
        "target_pk": target_pk,
        "target_label": target_label,
        "payload": payload,
        "previous_hash": previous_hash,
    }
    if actor_pk is not None:
        # Events without an account hash as the chain first defined them, so older events
        # still verify; with one, setting it to null later changes the hash.
        hashed["actor_pk"] = actor_pk
    content = canonical_json(hashed)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def hashed_around_the_link(content: Mapping[str, Any]) -> tuple[str, str]:
    """The hashed text of an event but for its link, as the text before and after
    ``"previous_hash":"…","seq":…``: sorted keys put the link in the middle, so the database can
    hash an event whose previous hash and sequence it reads itself. ``event_hash`` is the
    definition; ``test_audit`` holds the two to the same digest."""
    hashed = {
        "occurred_at": content["occurred_at"],
        "actor": content["actor_label"],
        "verb": content["verb"],
        "target_type": content["target_type"],
        "target_pk": content["target_pk"],
        "target_label": content["target_label"],
        "payload": content["payload"],
    }
    if content["actor_pk"] is not None:
        hashed["actor_pk"] = content["actor_pk"]
    before = {key: value for key, value in hashed.items() if key < "previous_hash"}
    after = {key: value for key, value in hashed.items() if key > "seq"}
    return canonical_json(before)[:-1] + ",", "," + canonical_json(after)[1:]


_COLUMNS = ", ".join((*HASHED_FIELDS, "actor_user_id", "hash"))
# PostgreSQL appends in one statement: lock and read the head, insert the event with its link
# and hash computed from the head, move the head. The head row is modified once, by the last part.
_APPEND_IN_ONE = f"""
    WITH head AS (SELECT seq, hash FROM core_audit_chain_head WHERE id = 1 FOR UPDATE),
    appended AS (
        INSERT INTO core_audit_event ({_COLUMNS})
        SELECT head.seq + 1, %s, %s, %s, %s, %s, %s, %s, %s, head.hash, %s,
            encode(sha256(convert_to(
                %s || '"previous_hash":"' || head.hash || '","seq":' || (head.seq + 1) || %s,
                'UTF8')), 'hex')
        FROM head
        RETURNING id, seq, previous_hash, hash
    )
    UPDATE core_audit_chain_head SET seq = appended.seq, hash = appended.hash FROM appended
    WHERE core_audit_chain_head.id = 1
    RETURNING appended.id, appended.seq, appended.previous_hash, appended.hash
"""  # noqa: S608 (constant column names, values as parameters)
_INSERT_EVENT = (
    f"INSERT INTO core_audit_event ({_COLUMNS}) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * (len(HASHED_FIELDS) + 2))}) RETURNING id"
)


# A caller's own PostgreSQL statement appends an event with these parts of its WITH list (their
# parameters: ``in_statement``): lock and read the head once ``audit_when`` has its row, insert the
# event with the payload ``audit_when.which`` names, move the head.
APPEND_IN_STATEMENT = f"""
    audit_head AS (
        SELECT seq, hash FROM core_audit_chain_head WHERE id = 1 AND EXISTS (SELECT 1 FROM audit_when) FOR UPDATE
    ),
    audit_appended AS (
        INSERT INTO core_audit_event ({_COLUMNS})
        SELECT audit_head.seq + 1, %(audit_occurred_at)s, %(audit_actor_label)s, %(audit_actor_pk)s,
            %(audit_verb)s, %(audit_target_type)s, %(audit_target_pk)s, %(audit_target_label)s,
            (%(audit_payloads)s::text[])[audit_when.which + 1], audit_head.hash, %(audit_actor_pk)s,
            encode(sha256(convert_to(
                (%(audit_befores)s::text[])[audit_when.which + 1]
                || '"previous_hash":"' || audit_head.hash || '","seq":' || (audit_head.seq + 1) || %(audit_after)s,
                'UTF8')), 'hex')
        FROM audit_head, audit_when
        RETURNING seq, hash
    ),
    audit_moved AS (
        UPDATE core_audit_chain_head SET seq = audit_appended.seq, hash = audit_appended.hash FROM audit_appended
        WHERE core_audit_chain_head.id = 1
        RETURNING 1
    )
"""  # noqa: S608 (constant column names, values as parameters)
# What a statement appending an event checks first: the chain has its head.
CHAIN_STARTED = "EXISTS (SELECT 1 FROM core_audit_chain_head WHERE id = 1)"


def in_statement(
    actor: Actor, verb: str, target: models.Model, payloads: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The named parameters of ``APPEND_IN_STATEMENT``: the CTEs that end a caller's own PostgreSQL
    statement's WITH list and append one event, for a hot path that writes in one statement
    outside an explicit transaction (the statement is its transaction).

    The statement defines
    before them ``audit_when``: at most one row, whose column ``which`` is the index of the payload
    to record (no row: no event). ``audit_moved`` has a row once the event is in. The statement
    should write nothing unless ``CHAIN_STARTED`` holds (on a new or flushed database, the caller
    calls ``start_chain`` and runs it again): without a head the event cannot be appended.
    """
    occurred_at = timezone.now()
    connection = transaction.get_connection()
    contents = [_content(actor, verb, target, payload, occurred_at) for payload in payloads]
    around = [hashed_around_the_link(content) for content in contents]
    first = contents[0]
    return {
        "audit_occurred_at": connection.ops.adapt_datetimefield_value(occurred_at),
        "audit_actor_label": first["actor_label"],
        "audit_actor_pk": first["actor_pk"],
        "audit_verb": verb,
        "audit_target_type": first["target_type"],
        "audit_target_pk": first["target_pk"],
        "audit_target_label": first["target_label"],
        "audit_payloads": [content["payload"] for content in contents],
        "audit_befores": [before for before, _ in around],
        "audit_after": around[0][1],  # the text after the link holds no payload
    }


def start_chain() -> None:
    """Give a new (or flushed) database its chain head; nothing when another writer just did."""
    try:
        with transaction.atomic():
            _start_chain()
    except IntegrityError:
        pass


def _start_chain() -> tuple[int, str]:
    """The head of a new chain; its primary key makes a second, concurrent creator fail."""
    AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    return 0, GENESIS_HASH


def _content(
    actor: Actor, verb: str, target: models.Model, payload: Mapping[str, Any], occurred_at: Any
) -> dict[str, Any]:
    """An event's recorded fields but for its place in the chain."""
    return {
        "occurred_at": occurred_at,
        "actor_label": actor.label,
        "actor_pk": actor.user_pk,
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_pk": str(target.pk),
        "target_label": str(target)[:300],
        "payload": canonical_json(dict(payload)),
    }


def record_event(actor: Actor, verb: str, target: models.Model, payload: Mapping[str, Any] | None = None) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    The chain head row is locked until the transaction commits, so events are appended one at a
    time even under concurrent writers; keep the work after this call short. Supports and other
    frequent writes pass through here, so it speaks SQL directly: on PostgreSQL one statement
    appends the event and moves the head.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the service's transaction")
    occurred_at = timezone.now()
    content = _content(actor, verb, target, payload or {}, occurred_at)
    stamp = connection.ops.adapt_datetimefield_value(occurred_at)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            before, after = hashed_around_the_link(content)
            values = [stamp, *(content[key] for key in HASHED_FIELDS[2:-1]), actor.user_pk]
            cursor.execute(_APPEND_IN_ONE, [*values, before, after])
            appended = cursor.fetchone()
            if appended is None:  # no head yet: a new (or flushed) database
                _start_chain()
                cursor.execute(_APPEND_IN_ONE, [*values, before, after])
                appended = cursor.fetchone()
            event_id, seq, previous_hash, digest = appended
        else:
            # SQLite: the IMMEDIATE transaction already holds the database's write lock.
            cursor.execute("SELECT seq, hash FROM core_audit_chain_head WHERE id = 1")
            seq, previous_hash = cursor.fetchone() or _start_chain()
            seq += 1
            digest = event_hash(seq=seq, previous_hash=previous_hash, **content)
            row = {**content, "seq": seq, "previous_hash": previous_hash}
            values = [row[key] for key in HASHED_FIELDS]
            values[1] = stamp
            cursor.execute(_INSERT_EVENT, [*values, actor.user_pk, digest])
            event_id = cursor.fetchone()[0]
            cursor.execute("UPDATE core_audit_chain_head SET seq = %s, hash = %s WHERE id = 1", [seq, digest])
    event = AuditEvent(
        pk=event_id, seq=seq, previous_hash=previous_hash, hash=digest, actor_user_id=actor.user_pk, **content
    )
    event._state.adding = False
    return event


# One event of a batch: its verb, what it is about, and its payload.
BatchEvent = tuple[str, models.Model, Mapping[str, Any]]


@dataclass
class PreparedEvents:
    """A batch's events by one actor, ready but for their place in the chain (see `prepare_events`)."""

    actor_pk: int | None
    rows: list[list[Any]]
    around: list[tuple[str, str]]


def prepare_events(actor: Actor, events: Sequence[BatchEvent]) -> PreparedEvents:
    """Build a batch's events (an import of thousands of rows) before its transaction: everything
    but the sequence number and the previous hash, which `append_events` adds under the lock. The
    events share one time, the moment they were prepared."""
    connection = transaction.get_connection()
    occurred_at = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(occurred_at)
    rows, around = [], []
    for verb, target, payload in events:
        content = _content(actor, verb, target, payload, occurred_at)
        around.append(hashed_around_the_link(content))
        values = [content[key] for key in HASHED_FIELDS[2:-1]]
        rows.append([stamp, *values])
    return PreparedEvents(actor.user_pk, rows, around)


def append_events(prepared: PreparedEvents) -> int:
    """Append prepared events, in order, inside the caller's transaction; returns how many.

    The head is locked and read once, each link is the hash ``record_event`` would compute (the
    text around the link was made in advance), the rows go in at once (``core.bulk.write_rows``)
    and the head moves once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("append_events must run inside the service's transaction")
    if not prepared.rows:
        return 0
    with connection.cursor() as cursor:
        # SQLite: the IMMEDIATE transaction already holds the database's write lock.
        lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
        cursor.execute(f"SELECT seq, hash FROM core_audit_chain_head WHERE id = 1{lock}")  # noqa: S608
        seq, previous_hash = cursor.fetchone() or _start_chain()
        rows = []
        for values, (before, after) in zip(prepared.rows, prepared.around, strict=True):
            seq += 1
            linked = f'{before}"previous_hash":"{previous_hash}","seq":{seq}{after}'
            digest = hashlib.sha256(linked.encode("utf-8")).hexdigest()
            rows.append([seq, *values, previous_hash, prepared.actor_pk, digest])
            previous_hash = digest
        write_rows("core_audit_event", [*HASHED_FIELDS, "actor_user_id", "hash"], rows)
        cursor.execute("UPDATE core_audit_chain_head SET seq = %s, hash = %s WHERE id = 1", [seq, previous_hash])
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: ``broken_at`` is the first bad sequence number, if any."""

    count: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def is_ok(self) -> bool:
        return self.broken_at is None


def verify_chain(*, chunk_size: int = 2000) -> ChainReport:
    """Recompute every link, oldest first, and report the first one that does not hold."""
    previous_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    rows = AuditEvent.objects.order_by("seq").values_list(*HASHED_FIELDS, "hash")
    for row in rows.iterator(chunk_size=chunk_size):
        content = dict(zip(HASHED_FIELDS, row, strict=False))
        seq, stored_hash = content["seq"], row[-1]
        if seq != expected_seq:
            return ChainReport(count, expected_seq, f"event #{expected_seq} is missing")
        if content["previous_hash"] != previous_hash:
            return ChainReport(count, seq, f"event #{seq} does not follow event #{seq - 1}")
        recomputed = event_hash(**content)
        if recomputed != stored_hash:
            return ChainReport(count, seq, f"event #{seq} was changed after it was recorded")
        previous_hash = stored_hash
        expected_seq += 1
        count += 1
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    if head is not None and (head[0], head[1]) != (count, previous_hash):
        return ChainReport(count, count + 1, f"events after #{count} were removed")
    return ChainReport(count)
