"""The query helpers the domains' reads share."""

from __future__ import annotations

import pytest

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.queries import first_or_raise, where_given
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
