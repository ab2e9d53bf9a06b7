"""The query helpers the domains' reads share."""

from __future__ import annotations

import pytest

from hyeopchi.core.queries import where_given
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
