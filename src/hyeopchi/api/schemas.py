from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


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
    post_id: int
    person_id: int | None = None
    new_person_name: str | None = Field(None, max_length=100)
    on_behalf_of_id: int | None = None
    start_date: dt.date
    end_date: dt.date | None = None
