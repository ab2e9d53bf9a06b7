"""The demo, loaded once per test session and restored before each test that asks for it.

Loading the demo through its services takes tens of seconds; copying the loaded database back takes
a fraction of one. SQLite copies pages with its backup API; PostgreSQL recreates the test database
from a template taken right after the load. The test database is emptied again after the snapshot,
so the tests that do not ask for the demo never see it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection


@dataclass
class DemoSnapshot:
    """The database right after ``hyeopchi demo``, and what the command printed."""

    output: str
    sqlite: sqlite3.Connection | None = None
    template: str = ""

    def restore(self) -> None:
        if self.sqlite is not None:
            connection.ensure_connection()
            self.sqlite.backup(connection.connection)
        else:
            _recreate(connection.settings_dict["NAME"], template=self.template)

    def drop(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()
        else:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.template}"')


def _recreate(name: str, *, template: str) -> None:
    """Replace database ``name`` with a copy of ``template`` (PostgreSQL)."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')


def take_snapshot(output: str) -> DemoSnapshot:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return DemoSnapshot(output=output, sqlite=copy)
    name = connection.settings_dict["NAME"]
    template = f"{name}_demo"
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}" STRATEGY FILE_COPY')
    return DemoSnapshot(output=output, template=template)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoSnapshot]:
    """``hyeopchi demo`` run once per test session (per xdist worker), then the database emptied."""
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("demo", stdout=out)
        snapshot = take_snapshot(out.getvalue())
        call_command("flush", interactive=False, verbosity=0)
    yield snapshot
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture
def demo(demo_snapshot: DemoSnapshot, transactional_db: Any) -> DemoSnapshot:
    """The demo's data in the test database; emptied again after the test."""
    demo_snapshot.restore()
    return demo_snapshot
