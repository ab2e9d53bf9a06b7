"""The query helpers the domains' reads share."""

from __future__ import annotations

import pytest
from django.db import connection

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.queries import first_or_raise, prepared_cursor, where_given
from hyeopchi.organizations.models import Organization
from tests.factories import OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_lookups_left_empty_filter_nothing():
    site = SiteFactory(name="광주광역시")
    OrganizationFactory(name="동구", parent=site)

    chosen = where_given(Organization.objects.order_by("name"), kind="", parent_id=None)

    assert [o.name for o in chosen] == ["광주광역시", "동구"]


def test_given_lookups_filter_together():
    site = SiteFactory(name="광주광역시")
    OrganizationFactory(name="동구", parent=site, kind="department")
    OrganizationFactory(name="서구", parent=site, kind="basic_government")

    chosen = where_given(Organization.objects.all(), parent_id=site.pk, kind="department")

    assert [o.name for o in chosen] == ["동구"]


def test_first_or_raise_gives_the_first_row():
    SiteFactory(name="광주광역시")

    found = first_or_raise(Organization.objects.all(), NotFoundError())

    assert found.name == "광주광역시"


def test_first_or_raise_raises_the_given_error_when_nothing_is_found():
    missing = NotFoundError("organizations.not_found")

    with pytest.raises(NotFoundError) as raised:
        first_or_raise(Organization.objects.all(), missing)

    assert raised.value is missing


def _prepared_statements() -> set[str]:
    """The statements this connection has prepared (earlier tests on it may have prepared others)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_prepared_cursor_plans_its_statement_once_per_connection(django_assert_num_queries):
    with django_assert_num_queries(2), prepared_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_audit_chain_head WHERE id = %s", [1])
        cursor.execute("SELECT count(*) FROM core_audit_chain_head WHERE id = %s", [2])
        found = cursor.fetchone()[0]
    assert (found, "SELECT count(*) FROM core_audit_chain_head WHERE id = $1" in _prepared_statements()) == (0, True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_prepared_statements_can_be_turned_off(settings):
    settings.HYEOPCHI_DB_PREPARE = False
    with prepared_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_audit_chain_head WHERE seq = %s", [1])
        found = cursor.fetchone()[0]
    assert (found, any("WHERE seq =" in text for text in _prepared_statements())) == (0, False)


def test_a_prepared_cursor_is_a_cursor_on_every_database():
    with prepared_cursor() as cursor:
        cursor.execute("SELECT 1 + %s", [1])
        assert cursor.fetchone()[0] == 2
