"""Factories that build rows through the services, so trees, paths and audit events are real."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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


# The service that creates each model, called by its factory as the system.
CREATORS: dict[type, Callable[..., Any]] = {
    Organization: services.create_organization,
    Post: services.create_post,
    Person: services.create_person,
    Membership: services.appoint_member,
}


class ServiceFactory(factory.Factory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Any:
        return CREATORS[model_class](actor=SYSTEM, **kwargs)


class OrganizationFactory(ServiceFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"기관{n}")
    kind = OrganizationKind.COMMITTEE
    parent = None


class SiteFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"시{n}")
    kind = OrganizationKind.METROPOLITAN_GOVERNMENT
    site_slug = factory.Sequence(lambda n: f"site{n}")


class PostFactory(ServiceFactory):
    class Meta:
        model = Post

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"자리{n}")
    role = PostRole.MEMBER
    side = ""
    min_holders = 0
    max_holders = 1


class PersonFactory(ServiceFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"사람{n}")


class MembershipFactory(ServiceFactory):
    class Meta:
        model = Membership

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    start_date = dt.date(2024, 1, 1)
    end_date = None
    on_behalf_of = None
