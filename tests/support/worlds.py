"""The shared worlds: a small site with a 1/3/2 working committee, and Gwangju's two series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from hyeopchi.core.actor import Actor
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import AgendaItem, Meeting, MeetingSeries
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName, PostRole
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
from tests.support.helpers import seoul


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    """Every test starts in the site's language (Korean): a page asked for in English activates
    English for the thread, and a later test on the same worker would otherwise inherit it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def gwangju_city(db: Any) -> Organization:
    """The site every world builds on: 광주광역시 at /gwangju/."""
    return SiteFactory(name="광주광역시", name_en="Gwangju", site_slug="gwangju")


@dataclass
class World:
    """A small site: a city with a committee whose working body has a 1/3/2 roster."""

    site: Organization
    committee: Organization
    working: Organization
    employer: Post
    worker: Post
    coop: Post
    users: dict[str, Any]


@pytest.fixture
def world(gwangju_city: Organization) -> World:
    site = gwangju_city
    committee = OrganizationFactory(
        name="노사상생협의회", name_en="Council", parent=site, kind=OrganizationKind.COUNCIL
    )
    working = OrganizationFactory(
        name="실무위원회", name_en="Working Committee", parent=committee, kind=OrganizationKind.SUBCOMMITTEE
    )

    def seats(name: str, name_en: str, side: str, count: int) -> Any:
        return PostFactory(
            organization=working, name=name, name_en=name_en, side=side, min_holders=count, max_holders=count
        )

    employer = seats("사용자위원", "Employer member", "employer", 1)
    worker = seats("근로자위원", "Worker member", "worker", 3)
    coop = seats("상생협력팀 위원", "Cooperation member", "coop_team", 2)
    start = dt.date(2020, 12, 24)
    MembershipFactory(post=employer, person=PersonFactory(name="이상생"), start_date=start)
    for name in ("최품질", "임시설"):
        MembershipFactory(post=worker, person=PersonFactory(name=name), start_date=start)
    for name in ("서협력", "문상생"):
        MembershipFactory(post=coop, person=PersonFactory(name=name), start_date=start)
    users = {
        "citizen": UserFactory(username="citizen"),
        "member": UserFactory(username="member"),
        "secretary": UserFactory(username="secretary"),
        "org_admin": UserFactory(username="org_admin"),
        "platform_admin": UserFactory(username="platform_admin", is_superuser=True, is_staff=True),
    }
    assign_role(actor=SYSTEM, user=users["member"], organization=working, role=OrganizationRoleName.MEMBER)
    assign_role(actor=SYSTEM, user=users["secretary"], organization=working, role=OrganizationRoleName.SECRETARY)
    assign_role(actor=SYSTEM, user=users["org_admin"], organization=site, role=OrganizationRoleName.ADMINISTRATOR)
    return World(site, committee, working, employer, worker, coop, users)


@dataclass
class Gwangju:
    city: Organization
    vice_mayor: Post
    deputies: list[Post]
    council: Organization
    vice_heads: MeetingSeries
    win_win: MeetingSeries
    secretary: Any

    def shelter_item(self, meeting: Meeting, actor: Actor = SYSTEM) -> AgendaItem:
        """The decision item 광산구 presents at ``meeting``: one more shelter for abused children."""
        return meeting_services.add_agenda_item(
            actor=actor,
            meeting=meeting,
            title="학대피해 아동쉼터 추가설치",
            kind="decision",
            presenter=self.deputies[4].organization,
        )


@pytest.fixture
def gwangju(gwangju_city: Organization) -> Gwangju:
    city = gwangju_city
    vice_mayor = PostFactory(organization=city, name="행정부시장", side="city")
    MembershipFactory(post=vice_mayor, person=PersonFactory(name="이행정"), start_date=dt.date(2020, 7, 1))
    deputies = []
    for name in ["동구", "서구", "남구", "북구", "광산구"]:
        district = OrganizationFactory(name=name, parent=city, kind=OrganizationKind.BASIC_GOVERNMENT)
        deputy = PostFactory(organization=district, name="부구청장", side="district")
        MembershipFactory(post=deputy, person=PersonFactory(name=f"{name}부구청장"), start_date=dt.date(2021, 1, 1))
        deputies.append(deputy)
    council = OrganizationFactory(name="시·구 부단체장 상생회의", parent=city, kind=OrganizationKind.COUNCIL)
    invitations = [meeting_services.Invitation(vice_mayor)] + [meeting_services.Invitation(d) for d in deputies]
    vice_heads = meeting_services.create_series(
        actor=SYSTEM,
        organizer=council,
        title="시·구 부단체장 상생회의",
        rrule="FREQ=MONTHLY;INTERVAL=2",
        dtstart=seoul(2021, 2, 23, 10),
        invitations=invitations,
        generate_through=dt.date(2021, 12, 31),
    )
    win_win = meeting_services.create_series(
        actor=SYSTEM,
        organizer=city,
        title="시·구 상생회의",
        rrule="FREQ=MONTHLY;INTERVAL=3",
        dtstart=seoul(2021, 3, 25),
        first_number=6,
        generate_through=dt.date(2021, 12, 31),
    )
    secretary = UserFactory(username="council-secretary")
    assign_role(actor=SYSTEM, user=secretary, organization=council, role=OrganizationRoleName.SECRETARY)
    return Gwangju(city, vice_mayor, deputies, council, vice_heads, win_win, secretary)


@pytest.fixture
def committee(db: Any) -> tuple[Any, ...]:
    """A committee of seven voting members: a chair and six members on one seat, a non-voting
    secretary, a vacant vice-chair's seat, and a member whose term ended before the meeting."""
    site = SiteFactory(name="광명시")
    body = OrganizationFactory(name="민관협치위원회", parent=site)
    chair = PostFactory(organization=body, name="위원장", role=PostRole.CHAIR)
    members = PostFactory(organization=body, name="위원", max_holders=8, sort_order=2)
    secretary = PostFactory(organization=body, name="간사", role=PostRole.SECRETARY, is_voting=False, sort_order=3)
    PostFactory(organization=body, name="부위원장", role=PostRole.VICE_CHAIR, sort_order=1)
    MembershipFactory(post=chair, person=PersonFactory(name="김위원장"))
    people = [PersonFactory(name=f"위원{n}") for n in range(1, 7)]
    for person in people:
        MembershipFactory(post=members, person=person)
    MembershipFactory(post=members, person=PersonFactory(name="전임위원"), end_date=dt.date(2024, 2, 29))
    MembershipFactory(post=secretary, person=PersonFactory(name="박간사"))
    meeting = meeting_services.create_meeting(
        actor=SYSTEM,
        organizer=body,
        title="제3차 민관협치위원회",
        start=seoul(2024, 3, 14, 14),
        end=seoul(2024, 3, 14, 16),
    )
    return body, meeting, chair, members, secretary, people


@pytest.fixture
def committee_secretary(committee: tuple[Any, ...]) -> Any:
    """The committee's secretary's account (the person behind the non-voting 간사 seat)."""
    user = UserFactory(username="committee-secretary")
    assign_role(actor=SYSTEM, user=user, organization=committee[0], role=OrganizationRoleName.SECRETARY)
    return user
