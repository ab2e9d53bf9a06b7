"""The JSON API at /api/v1/: public lists and gets, and the workspace's actions.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from hyeopchi import __version__
from hyeopchi.api import errors
from hyeopchi.api.evaluations_api import router as evaluations_router
from hyeopchi.api.meetings_api import router as meetings_router
from hyeopchi.api.pagination import Pagination
from hyeopchi.api.proposals_api import router as proposals_router
from hyeopchi.api.schemas import (
    AppointIn,
    CompositionOut,
    Id,
    MembershipOut,
    OrganizationOut,
    PostOut,
    QueryText,
)
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.organizations import selectors, services
from hyeopchi.organizations.enums import OrganizationKind, PostRole
from hyeopchi.organizations.errors import OrganizationErrorCode
from hyeopchi.organizations.models import Membership, Organization, Person, Post

api = NinjaAPI(
    title="hyeopchi API",
    version=__version__,
    description="협치 플랫폼 API. Errors share one envelope: "
    '`{"error": {"code", "message", "fields"}}`. Send `Accept-Language: en` for English.',
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)


organizations = Router(tags=["organizations"])


class OrganizationFilters(Schema):
    kind: OrganizationKind | None = None
    parent: Id | None = None
    site: QueryText | None = None
    admin_code: QueryText | None = None
    q: QueryText | None = None


@organizations.get("/organizations", response=list[OrganizationOut])
@paginate(Pagination)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    return selectors.organization_list(
        kind=filters.kind,
        parent=filters.parent,
        site=filters.site,
        admin_code=filters.admin_code,
        search=filters.q,
    )


@organizations.get("/organizations/{organization_id}", response=OrganizationOut)
def get_organization(request: HttpRequest, organization_id: Id) -> Organization:
    return selectors.organization_by_pk(organization_id)


@organizations.get("/organizations/{organization_id}/composition", response=CompositionOut)
def get_composition(
    request: HttpRequest, organization_id: Id, on: dt.date | None = None
) -> dict[str, Any]:
    organization = selectors.organization_by_pk(organization_id)
    day = on or timezone.localdate()
    violations = selectors.check_composition(organization, on=day)
    return {
        "organization_id": organization.pk,
        "on": day,
        "is_satisfied": not violations,
        "violations": [v.__dict__ for v in violations],
    }


class PostFilters(Schema):
    organization: Id | None = None
    role: PostRole | None = None
    side: QueryText | None = None


@organizations.get("/posts", response=list[PostOut])
@paginate(Pagination)
def list_posts(request: HttpRequest, filters: Query[PostFilters]) -> Any:
    return selectors.post_list(
        organization=filters.organization, role=filters.role, side=filters.side
    )


@organizations.get("/posts/{post_id}", response=PostOut)
def get_post(request: HttpRequest, post_id: Id) -> Post:
    return selectors.post_get(post_id)


class MembershipFilters(Schema):
    organization: Id | None = None
    post: Id | None = None
    person: Id | None = None
    active_on: dt.date | None = None


@organizations.get("/memberships", response=list[MembershipOut])
@paginate(Pagination)
def list_memberships(request: HttpRequest, filters: Query[MembershipFilters]) -> Any:
    return selectors.membership_list(
        organization=filters.organization,
        post=filters.post,
        person=filters.person,
        active_on=filters.active_on,
    )


@organizations.get("/memberships/{membership_id}", response=MembershipOut)
def get_membership(request: HttpRequest, membership_id: Id) -> Membership:
    return selectors.membership_get(membership_id)


@organizations.post("/memberships", response={201: MembershipOut}, auth=django_auth)
def appoint(request: HttpRequest, payload: AppointIn) -> Status[Membership]:
    """Appoint a registered person (``person_id``) or a new one (``new_person_name``)."""
    actor = Actor.for_user(request.user)
    post = selectors.post_get(payload.post_id)
    on_behalf_of = (
        selectors.organization_by_pk(payload.on_behalf_of_id)
        if payload.on_behalf_of_id is not None
        else None
    )
    if (payload.person_id is None) == (not (payload.new_person_name or "").strip()):
        raise ValidationFailedError(
            OrganizationErrorCode.INVALID_MEMBERSHIP,
            fields={"person_id": [_("Give either person_id or new_person_name, not both.")]},
        )
    with transaction.atomic():
        if payload.person_id is not None:
            person = Person.objects.filter(pk=payload.person_id).first()
            if person is None:
                raise ValidationFailedError(
                    OrganizationErrorCode.INVALID_MEMBERSHIP,
                    fields={"person_id": [_("No person has this id.")]},
                )
        else:
            person = services.create_person(actor=actor, name=payload.new_person_name or "")
        membership = services.appoint_member(
            actor=actor,
            post=post,
            person=person,
            start_date=payload.start_date,
            end_date=payload.end_date,
            on_behalf_of=on_behalf_of,
        )
    return Status(201, selectors.membership_get(membership.pk))


api.add_router("/", organizations)
api.add_router("/", meetings_router)
api.add_router("/", proposals_router)
api.add_router("/", evaluations_router)
