from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals import services
from hyeopchi.proposals.enums import Answerer, Metric, StepEffect
from hyeopchi.proposals.models import Ladder, Proposal
from tests.factories import SYSTEM, OrganizationFactory, UserFactory
from tests.support.helpers import seoul

GWANGJU_STEPS = [
    {
        "name": "토론방 개설",
        "name_en": "Debate room",
        "metric": Metric.SUPPORTS,
        "threshold": 50,
        "window_days": 30,
        "effect": StepEffect.DEBATE,
    },
    {
        "name": "공식 검토·답변",
        "name_en": "Official review",
        "metric": Metric.PARTICIPANTS,
        "threshold": 100,
        "window_days": 30,
        "effect": StepEffect.REVIEW,
        "answerer": Answerer.COMMITTEE,
        "answer_days": 10,
    },
]


def people(count: int, prefix: str = "p") -> list[Actor]:
    """Signed-in citizens, made in one INSERT (no password hashing)."""
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"{prefix}{i}", password="!") for i in range(count)]  # noqa: S106
    )
    users = User.objects.filter(username__startswith=prefix).order_by("pk")
    return [Actor.for_user(user) for user in users if user.username[len(prefix) :].isdigit()]


@dataclass
class Baro:
    city: Organization
    rights_committee: Organization
    department: Organization
    ladder: Ladder
    author: Actor
    city_staff: Any
    committee_staff: Any

    def propose(self, title: str, body: str, **options: Any) -> Proposal:
        """A citizen proposal to the city, by the world's author unless ``actor`` says."""
        options.setdefault("actor", self.author)
        return services.create_proposal(addressee=self.city, title=title, body=body, **options)

    def propose_all(self, texts: list[tuple[str, str]], **options: Any) -> dict[str, Proposal]:
        """One proposal for each (title, body), by title."""
        return {title: self.propose(title, body, **options) for title, body in texts}

    def recommend(self, title: str, body: str, round_number: int = 1, number: int = 1, **options: Any) -> Proposal:
        """The rights committee's recommendation (권고) to the city, recorded by the system."""
        options.setdefault("actor", SYSTEM)
        options.setdefault("author_organization", self.rights_committee)
        return services.create_proposal(
            addressee=self.city,
            kind="recommendation",
            title=title,
            body=body,
            round_number=round_number,
            number=number,
            **options,
        )


@pytest.fixture
def baro(gwangju_city: Organization) -> Baro:
    city = gwangju_city
    committee = OrganizationFactory(name="시민권익위원회", parent=city, kind=OrganizationKind.COMMITTEE)
    department = OrganizationFactory(name="교통정책과", parent=city, kind=OrganizationKind.DEPARTMENT)
    steps = [dict(step) for step in GWANGJU_STEPS]
    steps[1]["answer_organization"] = committee
    ladder = services.create_ladder(
        actor=SYSTEM,
        site=city,
        name="바로소통광주 2020",
        valid_from=dt.date(2020, 3, 30),
        steps=steps,
        basis="바로소통광주 운영 기준 개정 (2020-03-30)",
    )
    author = Actor.for_user(UserFactory(username="author", email="author@example.kr"))
    city_staff = UserFactory(username="city-staff", email="staff@example.kr")
    assign_role(actor=SYSTEM, user=city_staff, organization=city, role=OrganizationRoleName.SECRETARY)
    committee_staff = UserFactory(username="committee-staff", email="committee@example.kr")
    assign_role(actor=SYSTEM, user=committee_staff, organization=committee, role=OrganizationRoleName.SECRETARY)
    return Baro(city, committee, department, ladder, author, city_staff, committee_staff)


SUBMITTED = seoul(2021, 5, 3, 9)
