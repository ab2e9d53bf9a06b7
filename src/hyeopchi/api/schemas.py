from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

# Ids are 64-bit database keys: larger numbers are refused as input, not passed to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Free text in a query: bounded, and without NUL, which PostgreSQL cannot store or compare.
QueryText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]


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
    start_date: dt.date
    end_date: dt.date | None = None
