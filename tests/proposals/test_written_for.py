"""The committees a person may write for, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals import permissions
from tests.factories import SYSTEM, OrganizationFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def site_with(committees: int):
    site = SiteFactory(name="시")
    parent = OrganizationFactory(name="협치위원회", parent=site, kind=OrganizationKind.COMMITTEE)
    subs = [
        OrganizationFactory(name=f"분과{n}", parent=parent, kind=OrganizationKind.SUBCOMMITTEE)
        for n in range(committees)
    ]
    other = OrganizationFactory(name="다른위원회", parent=site, kind=OrganizationKind.COMMITTEE)
    return site, parent, subs, other


def written_for(actor, site):
    candidates = Organization.objects.filter(site=site, kind__in=["committee", "subcommittee"]).order_by("path")
    return candidates, permissions.organizations_written_for(actor, candidates)


@pytest.mark.parametrize("committees", [2, 20])
def test_it_agrees_with_the_check_on_each_and_counts_queries_alike(committees):
    site, parent, subs, other = site_with(committees)
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=parent, role=OrganizationRoleName.ADMINISTRATOR)
    secretary = UserFactory()
    assign_role(actor=SYSTEM, user=secretary, organization=other, role=OrganizationRoleName.SECRETARY)

    for person in (user, secretary):
        actor = Actor.for_user(person)
        with CaptureQueriesContext(connection) as queries:
            candidates, allowed = written_for(actor, site)
            names = [o.name for o in allowed]
        assert names == [c.name for c in candidates if permissions.can_write_for(actor, c)]
        assert len(queries) == 2
    assert [o.name for o in written_for(Actor.for_user(secretary), site)[1]] == ["다른위원회"]
