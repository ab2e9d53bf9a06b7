"""The site's structure as Popolo JSON: every organization, post and membership, members under a
pseudonymous key and never by name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hyeopchi.organizations.models import Membership, Organization, Person, Post
from hyeopchi.reports.popolo import person_key
from tests.support.helpers import client_for

pytestmark = pytest.mark.django_db(transaction=True)


def popolo_of(site: str) -> dict[str, Any]:
    response = client_for(None).get(f"/{site}/data/popolo.json")
    assert response["Content-Type"] == "application/json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def test_every_organization_post_and_membership_of_the_site_is_listed(demo):
    site = Organization.objects.get(site_slug="gwangmyeong")
    document = popolo_of("gwangmyeong")

    in_site = Organization.objects.filter(pk=site.pk) | Organization.objects.filter(site=site)
    assert (len(document["organizations"]), len(document["posts"]), len(document["memberships"])) == (
        in_site.count(),
        Post.objects.filter(organization__in=in_site).count(),
        Membership.objects.filter(post__organization__in=in_site).count(),
    )
    assert (len(document["organizations"]), len(document["memberships"])) == (9, 7)


def test_memberships_point_at_listed_posts_and_organizations(demo):
    document = popolo_of("gwangju")
    organizations = {o["id"] for o in document["organizations"]}
    posts = {p["id"]: p["organization_id"] for p in document["posts"]}

    assert {m["post_id"] in posts and posts[m["post_id"]] == m["organization_id"] for m in document["memberships"]} == {
        True
    }
    assert set(posts.values()) <= organizations
    assert {o["parent_id"] in organizations for o in document["organizations"] if o["parent_id"]} == {True}


def test_no_member_is_named_and_each_has_one_pseudonymous_key(demo):
    site = Organization.objects.get(site_slug="gwangmyeong")
    document = popolo_of("gwangmyeong")
    raw = json.dumps(document, ensure_ascii=False)
    members = Person.objects.filter(
        memberships__post__organization__in=Organization.objects.filter(pk=site.pk)
        | Organization.objects.filter(site=site)
    ).distinct()

    assert [person.name for person in members if person.name in raw] == []
    assert {m["person_id"] for m in document["memberships"]} == {person_key(person.pk) for person in members}
    assert len(members) == 6


def test_the_site_is_listed_with_its_administrative_code(demo):
    (city,) = [o for o in popolo_of("gwangmyeong")["organizations"] if o["parent_id"] is None]

    assert (city["name"], city["identifiers"], city["other_names"]) == (
        "광명시",
        [{"scheme": "행정표준코드 (시군구)", "identifier": "41210"}],
        [{"name": "Gwangmyeong City", "note": "English"}],
    )
