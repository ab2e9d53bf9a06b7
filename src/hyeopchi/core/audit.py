"""Writing and verifying the hash chain of audit events.

Each event's hash is SHA-256 over the canonical JSON of its content together with the previous
event's hash; the first event follows ``GENESIS_HASH``. Changing, removing or reordering any stored
event breaks the chain at that event, and removing the newest ones disagrees with the chain head.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

# What an event's hash covers, in the order the chain was defined with.
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_label",
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
    verb: str,
    target_type: str,
    target_pk: str,
    target_label: str,
    payload: str,
    previous_hash: str,
) -> str:
    content = canonical_json(
        {
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
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record_event(
    actor: Actor, verb: str, target: models.Model, payload: Mapping[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    The chain head row is locked until the transaction commits, so events are appended one at a
    time even under concurrent writers; keep the work after this call short.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the service's transaction")
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First event of a new (or flushed) database; the primary key makes a second creator fail.
        head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    content: dict[str, Any] = {
        "seq": head.seq + 1,
        "occurred_at": timezone.now(),
        "actor_label": actor.label,
        "verb": verb,
        "target_type": target._meta.label_lower,
        "target_pk": str(target.pk),
        "target_label": str(target)[:300],
        "payload": canonical_json(dict(payload or {})),
        "previous_hash": head.hash,
    }
    digest = event_hash(**content)
    event = AuditEvent(**content, actor_user_id=actor.user_pk, hash=digest)
    event.save()
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=digest)
    return event


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
