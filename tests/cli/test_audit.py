"""``hyeopchi audit verify | anchor``: the audit chain checked end to end, and held to its anchors."""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from django.db import connection

from hyeopchi.core.models import AuditEvent
from tests.support.helpers import run_command

pytestmark = pytest.mark.django_db


def test_audit_verify_says_ok_on_the_demo_with_its_anchor(demo):
    count = AuditEvent.objects.count()

    assert run_command("audit", "verify") == f"ok: {count} events, chain intact, 1 anchors hold\n"


def test_audit_verify_finds_a_tampered_row(demo):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audit_event SET target_label = %s WHERE seq = 10", ["위조"])

    with pytest.raises(CommandError) as error:
        run_command("audit", "verify")

    assert str(error.value) == "broken at event #10: event #10 was changed after it was recorded"


def test_audit_anchor_publishes_the_head(demo):
    head = AuditEvent.objects.order_by("-seq").first()
    assert head is not None

    output = run_command("audit", "anchor")

    assert output == f"anchored: event #{head.seq} {head.hash}\n"


def test_audit_verify_holds_the_chain_to_a_downloaded_list(demo, tmp_path):
    count = AuditEvent.objects.count()
    kept = tmp_path / "audit-anchors.csv"
    head = AuditEvent.objects.get(seq=count)
    kept.write_text(f"seq,hash,anchored_at\n{count},{head.hash},2026-11-26T00:00:00+00:00\n")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_audit_anchor")
        cursor.execute("DELETE FROM core_audit_event WHERE seq = %s", [count])
        cursor.execute(
            "UPDATE core_audit_chain_head SET seq = %s, hash = %s WHERE id = 1",
            [count - 1, AuditEvent.objects.get(seq=count - 1).hash],
        )

    with pytest.raises(CommandError) as error:
        run_command("audit", "verify", "--anchors", str(kept))

    assert str(error.value) == (
        f"anchor broken: event #{count}, anchored at 2026-11-26T00:00:00+00:00, is missing: "
        "events were removed and the head rewound"
    )
