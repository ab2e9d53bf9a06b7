"""Verifying where people live: 광주광역시 동구 as the area, and an administrator of 광주광역시 as its
office."""

from __future__ import annotations

from typing import Any

import pytest

from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, OrganizationFactory, UserFactory

DONG_GU = "29110"


@pytest.fixture
def area(gwangju_city: Organization) -> Organization:
    """광주광역시 동구, whose residents the city's office verifies."""
    return OrganizationFactory(
        name="동구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT, admin_code=DONG_GU
    )


@pytest.fixture
def office_user(gwangju_city: Organization) -> Any:
    """An administrator of 광주광역시, ``gwangju-office``."""
    user = UserFactory(username="gwangju-office")
    assign_role(actor=SYSTEM, user=user, organization=gwangju_city, role=OrganizationRoleName.ADMINISTRATOR)
    return user
