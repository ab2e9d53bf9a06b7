"""The organization API: lists, filters, composition, appointments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hyeopchi.organizations.models import Membership
from tests.support.helpers import INVALID_EN, INVALID_KO, api_error, api_get, api_post, audit_length, client_for

pytestmark = pytest.mark.django_db


def test_list_organizations_filters_by_site_and_kind(world):
    status, body = api_get("/api/v1/organizations?site=gwangju&kind=subcommittee")

    assert status == 200
    assert body == {
        "count": 1,
        "items": [
            {
                "id": world.working.pk,
                "name": "실무위원회",
                "name_en": "Working Committee",
                "kind": "subcommittee",
                "parent_id": world.committee.pk,
                "site": "gwangju",
                "admin_code": "",
                "valid_from": None,
                "valid_to": None,
            }
        ],
    }


def test_list_organizations_paginates(world):
    status, body = api_get("/api/v1/organizations?limit=2&offset=1")

    assert status == 200
    assert body["count"] == 3
    assert [item["name"] for item in body["items"]] == ["노사상생협의회", "실무위원회"]


def test_get_unknown_organization_is_404_in_the_envelope(world):
    assert api_get("/api/v1/organizations/999999") == api_error(404, "organizations.not_found", "없는 기관입니다.")
    assert api_get("/api/v1/organizations/999999", "en")[1]["error"]["message"] == ("This organization does not exist.")


def test_posts_and_memberships_filter_by_organization(world):
    _, posts = api_get(f"/api/v1/posts?organization={world.working.pk}&side=worker")
    _, members = api_get(f"/api/v1/memberships?post={world.worker.pk}&active_on=2024-01-01")

    assert [(p["name"], p["min_holders"], p["max_holders"]) for p in posts["items"]] == [("근로자위원", 3, 3)]
    assert sorted(m["person"]["name"] for m in members["items"]) == ["임시설", "최품질"]
    assert {m["organization_id"] for m in members["items"]} == {world.working.pk}


def test_composition_endpoint(world):
    status, body = api_get(f"/api/v1/organizations/{world.working.pk}/composition?on=2024-01-01")

    assert status == 200
    assert body == {
        "organization_id": world.working.pk,
        "on": "2024-01-01",
        "is_satisfied": False,
        "violations": [
            {"code": "post_under_min", "severity": "warning", "message": "근로자위원: 현재 2명, 최소 3명이 필요합니다."}
        ],
    }


def test_appoint_through_the_api(world):
    client = client_for(world.users["secretary"])

    status, body = api_post(
        client,
        "/api/v1/memberships",
        {"post_id": world.worker.pk, "new_person_name": "정도장", "start_date": "2021-01-01"},
    )

    assert status == 201
    assert (body["person"]["name"], body["start_date"], body["end_date"]) == ("정도장", "2021-01-01", None)
    assert Membership.objects.get(pk=body["id"]).post_id == world.worker.pk


def test_appoint_through_the_api_with_bad_input_writes_nothing(world):
    client = client_for(world.users["secretary"])
    before = (Membership.objects.count(), audit_length())

    missing = api_post(client, "/api/v1/memberships", {"post_id": world.worker.pk})
    reversed_dates = api_post(
        client,
        "/api/v1/memberships",
        {"post_id": world.worker.pk, "new_person_name": "x", "start_date": "2024-02-01", "end_date": "2024-01-01"},
        "en",
    )
    full = api_post(
        client,
        "/api/v1/memberships",
        {"post_id": world.employer.pk, "new_person_name": "y", "start_date": "2024-02-01"},
    )

    assert missing == api_error(422, "core.validation_failed", INVALID_KO, {"start_date": ["필수 항목입니다."]})
    assert reversed_dates == api_error(
        422,
        "organizations.invalid_membership",
        INVALID_EN,
        {"end_date": ["The end date cannot be before the start date."]},
    )
    assert full[0] == 409
    assert full[1]["error"]["code"] == "organizations.post_full"
    assert (Membership.objects.count(), audit_length()) == before


def test_appoint_requires_sign_in(world):
    status, body = api_post(
        Client(),
        "/api/v1/memberships",
        {"post_id": world.worker.pk, "new_person_name": "z", "start_date": "2024-01-01"},
    )

    assert (status, body["error"]["code"]) == (401, "core.not_authenticated")


@pytest.mark.parametrize("path", ["/api/v1/organizations", "/api/v1/posts", "/api/v1/memberships"])
def test_list_endpoints_use_the_same_number_of_queries_for_1_and_3_items(path, world, django_assert_num_queries):
    with django_assert_num_queries(2):
        Client().get(f"{path}?limit=1")
    with django_assert_num_queries(2):
        Client().get(f"{path}?limit=3")


def test_active_on_filter_respects_end_dates(world):
    old = Membership.objects.get(person__name="최품질")
    old.end_date = dt.date(2023, 12, 31)
    Membership.objects.filter(pk=old.pk).update(end_date=old.end_date)

    _, members = api_get(f"/api/v1/memberships?post={world.worker.pk}&active_on=2024-01-01")

    assert [m["person"]["name"] for m in members["items"]] == ["임시설"]
