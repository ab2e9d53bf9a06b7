"""Anchors hold the audit chain to heads published outside the database: a rewritten history or a
rewound head passes the chain's own check and fails the anchors'."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test import override_settings

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import Anchor, anchor, check_anchors, published_anchors, read_anchor_file
from hyeopchi.core.audit import GENESIS_HASH, HASHED_FIELDS, event_hash, record_event, verify_chain
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.core.models import AuditAnchor, AuditEvent
from hyeopchi.organizations.models import Person

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("tests")


def events(count: int) -> None:
    person = Person.objects.create(name="감사대상")
    with transaction.atomic():
        for n in range(count):
            record_event(SYSTEM, "tests.touched", person, {"n": n})


def rewrite_history(seq: int, payload: str) -> None:
    """What someone with the database could do: change an event, then rehash every later one
    and move the head, so the chain checks out again."""
    previous = GENESIS_HASH
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audit_event SET payload = %s WHERE seq = %s", [payload, seq])
        for event in AuditEvent.objects.order_by("seq"):
            content = {field: getattr(event, field) for field in HASHED_FIELDS[:-1]}
            digest = event_hash(previous_hash=previous, **content)
            cursor.execute(
                "UPDATE core_audit_event SET previous_hash = %s, hash = %s WHERE seq = %s",
                [previous, digest, event.seq],
            )
            previous = digest
        cursor.execute("UPDATE core_audit_chain_head SET hash = %s WHERE id = 1", [previous])


def rewind_to(seq: int) -> None:
    """Delete the events after ``seq`` and set the head back to it."""
    kept = AuditEvent.objects.get(seq=seq)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_audit_event WHERE seq > %s", [seq])
        cursor.execute("UPDATE core_audit_chain_head SET seq = %s, hash = %s WHERE id = 1", [seq, kept.hash])


def test_an_anchor_records_the_head():
    events(3)

    anchored = anchor(SYSTEM)

    head = AuditEvent.objects.get(seq=3)
    assert (anchored.seq, anchored.hash, anchored.anchored_by) == (3, head.hash, "system:tests")


def test_anchoring_again_without_new_events_keeps_one_anchor():
    events(2)

    first, again = anchor(SYSTEM), anchor(SYSTEM)

    assert (again.pk, AuditAnchor.objects.count()) == (first.pk, 1)


def test_anchoring_an_empty_chain_is_refused():
    with pytest.raises(ValidationFailedError) as refusal:
        anchor(SYSTEM)

    assert str(refusal.value.message) == "아직 고정할 감사 기록이 없습니다."


def test_rewritten_history_passes_the_chain_and_fails_the_anchor():
    events(4)
    anchor(SYSTEM)
    events(2)

    rewrite_history(2, '{"n":99}')

    assert verify_chain().is_ok
    report = check_anchors(published_anchors())
    assert (report.is_ok, report.broken.seq if report.broken else None) == (False, 4)
    assert "history was rewritten" in report.reason


def test_removed_newest_events_with_a_rewound_head_fail_the_anchor():
    events(5)
    anchor(SYSTEM)

    rewind_to(3)

    assert verify_chain().is_ok
    report = check_anchors(published_anchors())
    assert (report.is_ok, report.reason.endswith("events were removed and the head rewound")) == (False, True)


def test_the_anchor_file_outside_the_database_still_catches_it_when_the_table_is_emptied(tmp_path):
    path = tmp_path / "audit-anchors.jsonl"
    with override_settings(AUDIT_ANCHOR_FILE=path):
        events(5)
        anchor(SYSTEM)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_audit_anchor")
        rewind_to(2)

        report = check_anchors(published_anchors())

    assert [json.loads(line)["seq"] for line in path.read_text().splitlines()] == [5]
    assert (report.is_ok, report.broken.seq if report.broken else None) == (False, 5)


def test_a_downloaded_list_is_read_back_as_anchors(tmp_path):
    path = tmp_path / "audit-anchors.csv"
    path.write_text("\ufeffseq,hash,anchored_at\r\n7," + "a" * 64 + ",2026-11-26T09:00:00+00:00\r\n", encoding="utf-8")

    assert read_anchor_file(path) == [Anchor(7, "a" * 64, "2026-11-26T09:00:00+00:00")]


def test_a_list_with_something_else_in_it_names_the_entry(tmp_path):
    path = tmp_path / "anchors.csv"
    path.write_text("seq,hash\n1,not-a-hash\n", encoding="utf-8")

    with pytest.raises(ValueError, match="entry 1 has no SHA-256 hash"):
        read_anchor_file(path)
