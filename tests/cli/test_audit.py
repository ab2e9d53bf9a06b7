"""``hyeopchi audit verify``: the audit chain checked end to end."""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from django.db import connection

from hyeopchi.core.models import AuditEvent
from tests.support.helpers import run_command

pytestmark = pytest.mark.django_db


def test_audit_verify_says_ok_on_the_demo_and_finds_a_tampered_row(demo):
    count = AuditEvent.objects.count()

    assert run_command("audit", "verify") == f"ok: {count} events, chain intact\n"

    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_audit_event SET target_label = %s WHERE seq = 10", ["위조"])
    with pytest.raises(CommandError) as error:
        run_command("audit", "verify")
    assert str(error.value) == "broken at event #10: event #10 was changed after it was recorded"
