"""Factories that build rows through the services, so trees, paths and audit events are real."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from hyeopchi.core.actor import Actor
from hyeopchi.organizations import services
from hyeopchi.organizations.enums import OrganizationKind, PostRole
from hyeopchi.organizations.models import Membership, Organization, Person, Post

SYSTEM = Actor.system("tests")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class OrganizationFactory(factory.Factory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"기관{n}")
    kind = OrganizationKind.COMMITTEE
    parent = None

    @classmethod
    def _create(cls, model_class: type[Organization], **kwargs: Any) -> Organization:
        return services.create_organization(actor=SYSTEM, **kwargs)


class SiteFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"시{n}")
    kind = OrganizationKind.METROPOLITAN_GOVERNMENT
    site_slug = factory.Sequence(lambda n: f"site{n}")


class PostFactory(factory.Factory):
    class Meta:
        model = Post

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"자리{n}")
    role = PostRole.MEMBER
    side = ""
    min_holders = 0
    max_holders = 1

    @classmethod
    def _create(cls, model_class: type[Post], **kwargs: Any) -> Post:
        return services.create_post(actor=SYSTEM, **kwargs)


class PersonFactory(factory.Factory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"사람{n}")

    @classmethod
    def _create(cls, model_class: type[Person], **kwargs: Any) -> Person:
        return services.create_person(actor=SYSTEM, **kwargs)


class MembershipFactory(factory.Factory):
    class Meta:
        model = Membership

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = None
    on_behalf_of = None

    @classmethod
    def _create(cls, model_class: type[Membership], **kwargs: Any) -> Membership:
        return services.appoint_member(actor=SYSTEM, **kwargs)
