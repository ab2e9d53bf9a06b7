"""The demo's shared loader: idempotent building blocks and the order of the steps.

Office and committee names, codes and dates come from the seed news articles; every person is an
invented placeholder. Loading is idempotent: each building block finds what exists (by natural
key) or creates it through the domain's service, so a second run writes nothing and adds no audit
event. The steps of each domain live beside this module, their data in ``demo/data/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from hyeopchi.core.actor import Actor
from hyeopchi.core.queries import refresh_statistics
from hyeopchi.demo.budgets import BudgetsDemo
from hyeopchi.demo.data.accounts import DEMO_PASSWORD
from hyeopchi.demo.evaluations import EvaluationsDemo
from hyeopchi.demo.meetings import MeetingsDemo
from hyeopchi.demo.organizations import OrganizationsDemo
from hyeopchi.demo.proposals import ProposalsDemo
from hyeopchi.demo.reports import ReportsDemo
from hyeopchi.organizations import services
from hyeopchi.organizations.models import CompositionRule, Membership, Organization, OrganizationRole, Person, Post


@dataclass
class DemoStats:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


class DemoLoader:
    def __init__(self) -> None:
        self.actor = Actor.system("cli:demo")
        self.stats = DemoStats()

    # -- idempotent building blocks -------------------------------------------------------

    def org(self, name: str, kind: str, parent: Organization | None = None, **extra: Any) -> Organization:
        existing = Organization.objects.filter(name=name, parent=parent).first()
        if existing is not None:
            return existing
        self.stats.count("organizations")
        return services.create_organization(actor=self.actor, name=name, kind=kind, parent=parent, **extra)

    def post(self, organization: Organization, name: str, role: str, **extra: Any) -> Post:
        existing = Post.objects.filter(organization=organization, name=name).first()
        if existing is not None:
            return existing
        self.stats.count("posts")
        return services.create_post(actor=self.actor, organization=organization, name=name, role=role, **extra)

    def person(self, name: str, name_en: str = "") -> Person:
        existing = Person.objects.filter(name=name).first()
        if existing is not None:
            return existing
        self.stats.count("people")
        return services.create_person(actor=self.actor, name=name, name_en=name_en)

    def appoint(self, post: Post, person: Person, start: dt.date, **extra: Any) -> Membership:
        existing = Membership.objects.filter(post=post, person=person, start_date=start).first()
        if existing is not None:
            return existing
        self.stats.count("memberships")
        return services.appoint_member(actor=self.actor, post=post, person=person, start_date=start, **extra)

    def rule(self, body: Organization, kind: str, params: dict[str, Any], **extra: Any) -> None:
        if CompositionRule.objects.filter(body=body, kind=kind, params=params).exists():
            return
        self.stats.count("composition rules")
        services.add_composition_rule(actor=self.actor, body=body, kind=kind, params=params, **extra)

    def user(self, username: str, *, superuser: bool = False) -> Any:
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            self.stats.count("accounts")
            user = user_model.objects.create_user(
                username=username, password=DEMO_PASSWORD, is_staff=superuser, is_superuser=superuser
            )
        return user

    def role(self, user: Any, organization: Organization, role: str) -> None:
        if OrganizationRole.objects.filter(user=user, organization=organization, role=role).exists():
            return
        self.stats.count("roles")
        services.assign_role(actor=self.actor, user=user, organization=organization, role=role)

    # -- the demo itself ------------------------------------------------------------------

    def load(self) -> DemoStats:
        with transaction.atomic():
            OrganizationsDemo(self).load()
            proposals = ProposalsDemo(self)
            proposals.consultations()
            MeetingsDemo(self).load()
            proposals.load()
            EvaluationsDemo(self).load()
            BudgetsDemo(self).load()
            ReportsDemo(self).load()
        refresh_statistics()
        return self.stats


def load_demo() -> DemoStats:
    """The whole demo, idempotent: what exists (by natural key) is left as it is."""
    return DemoLoader().load()
