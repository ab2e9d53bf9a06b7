from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from hyeopchi.meetings import services
from hyeopchi.meetings.models import MeetingSeries
from hyeopchi.meetings.recurrence import SEOUL
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Organization, Post
from hyeopchi.organizations.services import assign_role
from tests.factories import (
    SYSTEM,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PostFactory,
    SiteFactory,
    UserFactory,
)


def seoul(year: int, month: int, day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


@dataclass
class Gwangju:
    city: Organization
    vice_mayor: Post
    deputies: list[Post]
    council: Organization
    vice_heads: MeetingSeries
    win_win: MeetingSeries
    secretary: Any


@pytest.fixture
def gwangju(db: Any) -> Gwangju:
    city = SiteFactory(name="광주광역시", site_slug="gwangju")
    vice_mayor = PostFactory(organization=city, name="행정부시장", side="city")
    MembershipFactory(post=vice_mayor, person=PersonFactory(name="이행정"),
                      start_date=dt.date(2020, 7, 1))  # fmt: skip
    deputies = []
    for name in ["동구", "서구", "남구", "북구", "광산구"]:
        district = OrganizationFactory(
            name=name, parent=city, kind=OrganizationKind.BASIC_GOVERNMENT
        )
        deputy = PostFactory(organization=district, name="부구청장", side="district")
        MembershipFactory(post=deputy, person=PersonFactory(name=f"{name}부구청장"),
                          start_date=dt.date(2021, 1, 1))  # fmt: skip
        deputies.append(deputy)
    council = OrganizationFactory(name="시·구 부단체장 상생회의", parent=city,
                                  kind=OrganizationKind.COUNCIL)  # fmt: skip
    invitations = [services.Invitation(vice_mayor)] + [services.Invitation(d) for d in deputies]
    vice_heads = services.create_series(
        actor=SYSTEM, organizer=council, title="시·구 부단체장 상생회의",
        rrule="FREQ=MONTHLY;INTERVAL=2", dtstart=seoul(2021, 2, 23, 10),
        invitations=invitations, generate_through=dt.date(2021, 12, 31),
    )  # fmt: skip
    win_win = services.create_series(
        actor=SYSTEM, organizer=city, title="시·구 상생회의", rrule="FREQ=MONTHLY;INTERVAL=3",
        dtstart=seoul(2021, 3, 25), first_number=6, generate_through=dt.date(2021, 12, 31),
    )  # fmt: skip
    secretary = UserFactory(username="council-secretary")
    assign_role(actor=SYSTEM, user=secretary, organization=council,
                role=OrganizationRoleName.SECRETARY)  # fmt: skip
    return Gwangju(city, vice_mayor, deputies, council, vice_heads, win_win, secretary)
