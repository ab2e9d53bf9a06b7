"""Organizations, posts, memberships and composition through the API.

No postponed annotations here: django-ninja reads parameter types at run time.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hyeopchi.api.auth import signed_in
from hyeopchi.api.pagination import Pagination
from hyeopchi.api.schemas import Date, Id, QueryText
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.organizations import selectors, services
from hyeopchi.organizations.enums import OrganizationKind, PostRole
from hyeopchi.organizations.errors import OrganizationErrorCode
from hyeopchi.organizations.models import Membership, Organization, Post


class OrganizationOut(Schema):
    id: int
    name: str
    name_en: str
    kind: str
    parent_id: int | None
    site: str | None = Field(None, description="Slug of the site whose tree holds it.")
    admin_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_site(obj: object) -> str | None:
        site = getattr(obj, "site", None)
        return site.site_slug if site is not None else None


class PostOut(Schema):
    id: int
    organization_id: int
    name: str
    name_en: str
    role: str
    side: str
    min_holders: int
    max_holders: int
    is_voting: bool
    ex_officio_post_id: int | None


class PersonOut(Schema):
    id: int
    name: str
    name_en: str


class MembershipOut(Schema):
    id: int
    post_id: int
    organization_id: int = Field(..., alias="post.organization_id")
    person: PersonOut
    on_behalf_of_id: int | None
    start_date: dt.date
    end_date: dt.date | None


class ViolationOut(Schema):
    code: str
    severity: str
    message: str


class CompositionOut(Schema):
    organization_id: int
    on: dt.date
    is_satisfied: bool
    violations: list[ViolationOut]


class AppointIn(Schema):
    post_id: Id
    person_id: Id | None = None
    new_person_name: str | None = Field(None, max_length=100, pattern=r"^[^\x00]*$")
    on_behalf_of_id: Id | None = None
    start_date: Date
    end_date: Date | None = None


router = Router(tags=["organizations"])


class OrganizationFilters(Schema):
    kind: OrganizationKind | None = None
    parent: Id | None = None
    site: QueryText | None = None
    admin_code: QueryText | None = None
    q: QueryText | None = None


@router.get("/organizations", response=list[OrganizationOut])
@paginate(Pagination)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    return selectors.organization_list(
        kind=filters.kind, parent=filters.parent, site=filters.site, admin_code=filters.admin_code, search=filters.q
    )


@router.get("/organizations/{organization_id}", response=OrganizationOut)
def get_organization(request: HttpRequest, organization_id: Id) -> Organization:
    return selectors.organization_by_pk(organization_id)


@router.get("/organizations/{organization_id}/composition", response=CompositionOut)
def get_composition(request: HttpRequest, organization_id: Id, on: Date | None = None) -> dict[str, Any]:
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


@router.get("/posts", response=list[PostOut])
@paginate(Pagination)
def list_posts(request: HttpRequest, filters: Query[PostFilters]) -> Any:
    return selectors.post_list(organization=filters.organization, role=filters.role, side=filters.side)


@router.get("/posts/{post_id}", response=PostOut)
def get_post(request: HttpRequest, post_id: Id) -> Post:
    return selectors.post_get(post_id)


class MembershipFilters(Schema):
    organization: Id | None = None
    post: Id | None = None
    person: Id | None = None
    active_on: Date | None = None


@router.get("/memberships", response=list[MembershipOut])
@paginate(Pagination)
def list_memberships(request: HttpRequest, filters: Query[MembershipFilters]) -> Any:
    return selectors.membership_list(
        organization=filters.organization, post=filters.post, person=filters.person, active_on=filters.active_on
    )


@router.get("/memberships/{membership_id}", response=MembershipOut)
def get_membership(request: HttpRequest, membership_id: Id) -> Membership:
    return selectors.membership_get(membership_id)


@router.post("/memberships", response={201: MembershipOut}, auth=signed_in)
def appoint(request: HttpRequest, payload: AppointIn) -> Status[Membership]:
    """Appoint a registered person (``person_id``) or a new one (``new_person_name``)."""
    actor = Actor.for_user(request.user)
    post = selectors.post_get(payload.post_id)
    on_behalf_of = (
        selectors.organization_by_pk(payload.on_behalf_of_id) if payload.on_behalf_of_id is not None else None
    )
    if (payload.person_id is None) == (not (payload.new_person_name or "").strip()):
        raise ValidationFailedError(
            OrganizationErrorCode.INVALID_MEMBERSHIP,
            fields={"person_id": [_("Give either person_id or new_person_name, not both.")]},
        )
    person = None
    if payload.person_id is not None:
        person = selectors.person_get(payload.person_id)
        if person is None:
            raise ValidationFailedError(
                OrganizationErrorCode.INVALID_MEMBERSHIP, fields={"person_id": [_("No person has this id.")]}
            )
    membership = services.appoint_member(
        actor=actor,
        post=post,
        person=person,
        new_person_name=payload.new_person_name or "",
        start_date=payload.start_date,
        end_date=payload.end_date,
        on_behalf_of=on_behalf_of,
    )
    return Status(201, selectors.membership_get(membership.pk))
