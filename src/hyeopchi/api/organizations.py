"""Organizations, posts, memberships and composition through the API, and the requests people make
to a site's office to verify where they live, work or study.

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
from hyeopchi.api.schemas import Date, Id, LocalDateTime, QueryText, ShortText, Text
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations import selectors, services, verification_requests
from hyeopchi.organizations.enums import OrganizationKind, PostRole
from hyeopchi.organizations.errors import OrganizationErrorCode
from hyeopchi.organizations.models import Membership, Organization, Post, VerificationRequest
from hyeopchi.organizations.permissions import can_manage_organization


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


class VerificationRequestOut(Schema):
    id: int
    kind: str = Field(description="residence, workplace or school.")
    area_code: str = Field(description="The area's 5-digit si/gun/gu code.")
    area_name: str
    site: str | None = Field(description="Slug of the site whose office decides.")
    birth_date: dt.date | None
    statement: str = Field(description="What the person wrote for the office; erased once decided or withdrawn.")
    status: str = Field(description="pending, approved, rejected or withdrawn.")
    reason: str = Field(description="Why the office declined.")
    requested_at: LocalDateTime
    decided_at: LocalDateTime | None

    @staticmethod
    def resolve_area_code(obj: VerificationRequest) -> str:
        return obj.area.admin_code

    @staticmethod
    def resolve_area_name(obj: VerificationRequest) -> str:
        return obj.area.name

    @staticmethod
    def resolve_site(obj: VerificationRequest) -> str | None:
        return obj.site.site_slug if obj.site is not None else None


class WaitingRequestOut(VerificationRequestOut):
    account: str = Field(description="The account to verify, as the office records attributes.")

    @staticmethod
    def resolve_account(obj: VerificationRequest) -> str:
        return obj.user.get_username()


class VerificationAskIn(Schema):
    kind: ShortText = Field(description="residence, workplace or school.")
    area_code: ShortText = Field(description="The area's 5-digit si/gun/gu code.")
    birth_date: Date | None = Field(None, description="For the office to check with the residence.")
    statement: Text = Field("", description="For the office, e.g. the registered address (500 characters).")
    consent: bool = Field(False, description="Consent to the check against the official record (전자정부법 §43).")


class VerificationDecisionIn(Schema):
    approve: bool
    reason: ShortText = Field("", description="Required when declining; the person reads it.")
    valid_until: Date | None = Field(None, description="Until when the verified attribute holds.")


def _request_out(request_id: int) -> VerificationRequest:
    return VerificationRequest.objects.select_related("area__site", "user").get(pk=request_id)


@router.get("/me/verification-requests", response=list[VerificationRequestOut], auth=signed_in)
def my_verification_requests(request: HttpRequest) -> Any:
    """One's own requests to an office to verify where one lives, works or studies, the latest first."""
    return verification_requests.requests_of(request.user)


@router.post("/me/verification-requests", response={201: VerificationRequestOut}, auth=signed_in)
def ask_for_verification(request: HttpRequest, payload: VerificationAskIn) -> Status[VerificationRequest]:
    """Ask the office of the area's site to verify where one lives, works or studies (확인 요청): one
    request of a kind waits at a time, five a day at most; the site's administrators are told."""
    asked = verification_requests.ask(
        user=request.user,
        kind=payload.kind,
        area_code=payload.area_code,
        consented=payload.consent,
        birth_date=payload.birth_date,
        statement=payload.statement,
    )
    return Status(201, _request_out(asked.pk))


@router.post("/me/verification-requests/{request_id}/withdraw", response=VerificationRequestOut, auth=signed_in)
def withdraw_verification_request(request: HttpRequest, request_id: Id) -> VerificationRequest:
    """Take back one's waiting request; what one wrote for the office is erased."""
    return _request_out(verification_requests.withdraw(user=request.user, request_id=request_id).pk)


@router.get("/sites/{slug}/verification-requests", response=list[WaitingRequestOut], auth=signed_in)
def waiting_verification_requests(request: HttpRequest, slug: QueryText) -> Any:
    """The requests waiting for the site's office, oldest first (the site's administrators only)."""
    site = selectors.site_get(slug)
    if not can_manage_organization(Actor.for_user(request.user), site):
        raise PermissionDeniedError(OrganizationErrorCode.NOT_ALLOWED)
    return verification_requests.waiting_for(site)


@router.post("/verification-requests/{request_id}/decision", response=VerificationRequestOut, auth=signed_in)
def decide_verification_request(
    request: HttpRequest, request_id: Id, payload: VerificationDecisionIn
) -> VerificationRequest:
    """Approve (recording the attributes as checked by the caller) or decline with a reason."""
    decided = verification_requests.decide(
        actor=Actor.for_user(request.user),
        request_id=request_id,
        approve=payload.approve,
        reason=payload.reason,
        valid_until=payload.valid_until,
    )
    return _request_out(decided.pk)
