"""Anchors: the audit chain's head published outside the database.

``anchor`` records the head (sequence, hash, time) in the database, where the public page and its
downloadable list show it, and appends it to a file outside the database
(``settings.AUDIT_ANCHOR_FILE``). ``check_anchors`` then holds the chain to every anchor it is
given: an event an anchor names must still be there with the same hash. Rewriting history before
an anchor changes that event's hash; removing the newest events and rewinding the head removes it.
Either passes the chain's own check, and neither passes this one.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import CoreErrorCode, ValidationFailedError
from hyeopchi.core.models import AuditAnchor, AuditChainHead, AuditEvent

ANCHOR_HEADER = ("seq", "hash", "anchored_at")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    anchored_at: str

    @classmethod
    def of(cls, anchor: AuditAnchor) -> Anchor:
        return cls(anchor.seq, anchor.hash, anchor.anchored_at.isoformat())


@dataclass(frozen=True)
class AnchorReport:
    """What ``check_anchors`` found: ``broken`` names the first anchor that does not hold."""

    held: int
    broken: Anchor | None = None
    reason: str = ""

    @property
    def is_ok(self) -> bool:
        return self.broken is None


def _append_to_file(anchor: Anchor) -> None:
    path = settings.AUDIT_ANCHOR_FILE
    if not path:
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"seq": anchor.seq, "hash": anchor.hash, "anchored_at": anchor.anchored_at}, separators=(",", ":")
    )
    with path.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
        file.flush()
        os.fsync(file.fileno())


def anchor(actor: Actor) -> AuditAnchor:
    """Anchor the chain's head now; the newest anchor again when no event came since it.

    Raises: ValidationFailedError when there are no events yet.
    """
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None or head.seq == 0:
            raise ValidationFailedError(CoreErrorCode.VALIDATION_FAILED, _("There are no audit events to anchor yet."))
        newest: AuditAnchor | None = AuditAnchor.objects.order_by("-seq", "-pk").first()
        if newest is not None and (newest.seq, newest.hash) == (head.seq, head.hash):
            return newest
        anchored: AuditAnchor = AuditAnchor.objects.create(
            seq=head.seq, hash=head.hash, anchored_at=timezone.now(), anchored_by=actor.label
        )
        # Written before the commit: an anchor in the file but not in the database still
        # names a real head, whereas one only in the database would be unprotected.
        _append_to_file(Anchor.of(anchored))
    return anchored


def published_anchors() -> list[Anchor]:
    """The anchors in the database and in the anchor file, oldest first, each once."""
    found = {(a.seq, a.hash): a for a in map(Anchor.of, AuditAnchor.objects.order_by("seq"))}
    path = settings.AUDIT_ANCHOR_FILE
    if path and Path(path).exists():
        for item in read_anchor_file(Path(path)):
            found.setdefault((item.seq, item.hash), item)
    return sorted(found.values(), key=lambda item: (item.seq, item.anchored_at))


def read_anchor_file(path: Path) -> list[Anchor]:
    """Anchors from the anchor file (JSON lines) or a downloaded list (CSV or JSON lines).

    Raises: ValueError naming the line that is not an anchor.
    """
    text = path.read_text(encoding="utf-8-sig")
    rows: Iterable[dict[str, Any]]
    if text.lstrip().startswith("{"):
        rows = (json.loads(line) for line in text.splitlines() if line.strip())
    else:
        rows = csv.DictReader(io.StringIO(text))
    anchors = []
    for number, row in enumerate(rows, start=1):
        try:
            seq, digest = int(row["seq"]), str(row["hash"]).strip().lower()
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}: entry {number} is not an anchor (seq, hash)") from error
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"{path}: entry {number} has no SHA-256 hash")
        anchors.append(Anchor(seq, digest, str(row.get("anchored_at", ""))))
    return anchors


def check_anchors(anchors: Iterable[Anchor]) -> AnchorReport:
    """Hold the chain to each anchor: its event is there, with the anchored hash."""
    held = 0
    for item in anchors:
        stored = AuditEvent.objects.filter(seq=item.seq).values_list("hash", flat=True).first()
        if stored is None:
            return AnchorReport(
                held,
                item,
                f"event #{item.seq}, anchored at {item.anchored_at}, is missing: "
                "events were removed and the head rewound",
            )
        if stored != item.hash:
            return AnchorReport(
                held,
                item,
                f"event #{item.seq} no longer has the hash anchored at {item.anchored_at}: history was rewritten",
            )
        held += 1
    return AnchorReport(held)


def anchor_rows() -> Iterator[tuple[Any, ...]]:
    """The published list, newest first: what the public page and its download show."""
    for item in AuditAnchor.objects.order_by("-seq", "-pk").iterator():
        yield (item.seq, item.hash, item.anchored_at.isoformat())
