"""The database cache's table comes with the database."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_migrate_makes_the_cache_table_when_it_is_missing() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE hyeopchi_cache")

    call_command("migrate", verbosity=0)

    assert "hyeopchi_cache" in connection.introspection.table_names()
