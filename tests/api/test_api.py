from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from hyeopchi.organizations.models import Membership
from tests.support.helpers import audit_length, client_for

pytestmark = pytest.mark.django_db


def get(path: str, language: str = "ko", client: Client | None = None):
    response = (client or Client()).get(path, headers={"Accept-Language": language})
    return response.status_code, response.json()


def test_list_organizations_filters_by_site_and_kind(world):
    status, body = get("/api/v1/organizations?site=gwangju&kind=subcommittee")

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
    status, body = get("/api/v1/organizations?limit=2&offset=1")

    assert status == 200
    assert body["count"] == 3
    assert [item["name"] for item in body["items"]] == ["노사상생협의회", "실무위원회"]


def test_get_unknown_organization_is_404_in_the_envelope(world):
    assert get("/api/v1/organizations/999999") == (
        404,
        {
            "error": {
                "code": "organizations.not_found",
                "message": "없는 기관입니다.",
                "fields": {},
            }
        },
    )
    assert get("/api/v1/organizations/999999", "en")[1]["error"]["message"] == (
        "This organization does not exist."
    )


def test_bad_query_values_are_422_with_field_messages_in_the_chosen_language(world):
    korean = get("/api/v1/organizations?parent=abc")
    english = get("/api/v1/memberships?active_on=2024-13-01", "en")

    assert korean == (
        422,
        {
            "error": {
                "code": "core.validation_failed",
                "message": "입력한 내용 중 올바르지 않은 항목이 있습니다.",
                "fields": {"parent": ["정수를 입력하세요."]},
            }
        },
    )
    assert english == (
        422,
        {
            "error": {
                "code": "core.validation_failed",
                "message": "Some of the data is not valid.",
                "fields": {"active_on": ["Enter a date as YYYY-MM-DD."]},
            }
        },
    )


def test_posts_and_memberships_filter_by_organization(world):
    _, posts = get(f"/api/v1/posts?organization={world.working.pk}&side=worker")
    _, members = get(f"/api/v1/memberships?post={world.worker.pk}&active_on=2024-01-01")

    assert [(p["name"], p["min_holders"], p["max_holders"]) for p in posts["items"]] == [
        ("근로자위원", 3, 3)
    ]
    assert sorted(m["person"]["name"] for m in members["items"]) == ["임시설", "최품질"]
    assert {m["organization_id"] for m in members["items"]} == {world.working.pk}


def test_composition_endpoint(world):
    status, body = get(f"/api/v1/organizations/{world.working.pk}/composition?on=2024-01-01")

    assert status == 200
    assert body == {
        "organization_id": world.working.pk,
        "on": "2024-01-01",
        "is_satisfied": False,
        "violations": [
            {
                "code": "post_under_min",
                "severity": "warning",
                "message": "근로자위원: 현재 2명, 최소 3명이 필요합니다.",
            }
        ],
    }


def post_json(client: Client, path: str, payload: dict, language: str = "ko"):
    response = client.post(
        path,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Accept-Language": language},
    )
    return response.status_code, response.json()


def test_appoint_through_the_api(world):
    client = client_for(world.users["secretary"])

    status, body = post_json(
        client,
        "/api/v1/memberships",
        {
            "post_id": world.worker.pk,
            "new_person_name": "정도장",
            "start_date": "2021-01-01",
        },
    )

    assert status == 201
    assert (body["person"]["name"], body["start_date"], body["end_date"]) == (
        "정도장",
        "2021-01-01",
        None,
    )
    assert Membership.objects.get(pk=body["id"]).post_id == world.worker.pk


def test_appoint_through_the_api_with_bad_input_writes_nothing(world):
    client = client_for(world.users["secretary"])
    before = (Membership.objects.count(), audit_length())

    missing = post_json(client, "/api/v1/memberships", {"post_id": world.worker.pk})
    reversed_dates = post_json(
        client,
        "/api/v1/memberships",
        {
            "post_id": world.worker.pk,
            "new_person_name": "x",
            "start_date": "2024-02-01",
            "end_date": "2024-01-01",
        },
        "en",
    )
    full = post_json(
        client,
        "/api/v1/memberships",
        {
            "post_id": world.employer.pk,
            "new_person_name": "y",
            "start_date": "2024-02-01",
        },
    )

    assert missing == (
        422,
        {
            "error": {
                "code": "core.validation_failed",
                "message": "입력한 내용 중 올바르지 않은 항목이 있습니다.",
                "fields": {"start_date": ["필수 항목입니다."]},
            }
        },
    )
    assert reversed_dates == (
        422,
        {
            "error": {
                "code": "organizations.invalid_membership",
                "message": "Some of the data is not valid.",
                "fields": {"end_date": ["The end date cannot be before the start date."]},
            }
        },
    )
    assert full[0] == 409
    assert full[1]["error"]["code"] == "organizations.post_full"
    assert (Membership.objects.count(), audit_length()) == before


def test_appoint_requires_sign_in(world):
    status, body = post_json(
        Client(),
        "/api/v1/memberships",
        {
            "post_id": world.worker.pk,
            "new_person_name": "z",
            "start_date": "2024-01-01",
        },
    )

    assert (status, body["error"]["code"]) == (401, "core.not_authenticated")


def test_openapi_document_lists_the_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()

    assert set(schema["paths"]) == {
        "/api/v1/organizations",
        "/api/v1/organizations/{organization_id}",
        "/api/v1/organizations/{organization_id}/composition",
        "/api/v1/posts",
        "/api/v1/posts/{post_id}",
        "/api/v1/memberships",
        "/api/v1/memberships/{membership_id}",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/agenda",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}/decision",
        "/api/v1/meetings/{meeting_id}/forward",
        "/api/v1/meetings/{meeting_id}/attendance",
        "/api/v1/meetings/{meeting_id}/status",
        "/api/v1/meetings/{meeting_id}/minutes",
        "/api/v1/meetings/{meeting_id}/move",
        "/api/v1/meetings/{meeting_id}/documents",
        "/api/v1/series",
        "/api/v1/programs",
        "/api/v1/registrations",
        "/api/v1/registrations/cancel",
        "/api/v1/proposals",
        "/api/v1/proposals/similar",
        "/api/v1/proposals/{proposal_id}",
        "/api/v1/proposals/{proposal_id}/support",
        "/api/v1/proposals/{proposal_id}/debate",
        "/api/v1/proposals/{proposal_id}/withdraw",
        "/api/v1/proposals/{proposal_id}/comments",
        "/api/v1/proposals/{proposal_id}/reports",
        "/api/v1/proposals/{proposal_id}/answers",
        "/api/v1/proposals/{proposal_id}/promote",
        "/api/v1/answers",
        "/api/v1/answers/{answer_id}",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",
        "/api/v1/tasks/{task_id}/reports",
        "/api/v1/tasks/{task_id}/rollup",
        "/api/v1/organizations/{organization_id}/review",
        "/api/v1/ladders",
        "/api/v1/evaluations",
        "/api/v1/evaluations/{slug}/results",
        "/api/v1/evaluations/{slug}/versions/{number}",
        "/api/v1/evaluations/{slug}/ratings",
        "/api/v1/evaluations/{slug}/appeals",
        "/api/v1/evaluations/{slug}/publish",
        "/api/v1/evaluations/{slug}/finalise",
    }
    docs = Client().get("/api/v1/docs")
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert docs.status_code == 200
    assert assets == [
        "/static/ninja/swagger-ui.css",
        "/static/ninja/favicon.svg",
        "/static/ninja/favicon.png",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]  # the docs page loads nothing from outside the install


@pytest.mark.parametrize("path", ["/api/v1/organizations", "/api/v1/posts", "/api/v1/memberships"])
def test_list_endpoints_use_the_same_number_of_queries_for_1_and_3_items(
    path, world, django_assert_num_queries
):
    with django_assert_num_queries(2):
        Client().get(f"{path}?limit=1")
    with django_assert_num_queries(2):
        Client().get(f"{path}?limit=3")


def test_active_on_filter_respects_end_dates(world):
    old = Membership.objects.get(person__name="최품질")
    old.end_date = dt.date(2023, 12, 31)
    Membership.objects.filter(pk=old.pk).update(end_date=old.end_date)

    _, members = get(f"/api/v1/memberships?post={world.worker.pk}&active_on=2024-01-01")

    assert [m["person"]["name"] for m in members["items"]] == ["임시설"]


def test_unknown_api_paths_and_methods_answer_in_the_envelope():
    unknown = Client().get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    wrong_method = Client().delete("/api/v1/organizations")

    assert (unknown.status_code, unknown.json()) == (404, {"error": {
        "code": "core.not_found", "message": "Nothing was found at this address.", "fields": {},
    }})  # fmt: skip
    assert (wrong_method.status_code, wrong_method.json()) == (405, {"error": {
        "code": "core.method_not_allowed", "message": "이 주소는 그 요청 방식을 받지 않습니다.",
        "fields": {},
    }})  # fmt: skip
    assert wrong_method["Allow"] == "GET"


def test_ids_beyond_the_64_bit_range_are_input_errors_not_server_errors(world):
    status, body = get("/api/v1/organizations?parent=99999999999999999999")
    page_status, page_body = get("/api/v1/posts?limit=500&offset=-1", "en")

    assert (status, body["error"]["fields"]) == (422, {"parent": ["숫자가 너무 큽니다."]})
    assert (page_status, page_body["error"]["fields"]) == (422, {
        "limit": ["The number is too large."], "offset": ["The number is too small."],
    })  # fmt: skip


def test_text_with_nul_characters_is_an_input_error(world):
    status, body = get("/api/v1/organizations?q=a%00b")

    assert (status, body["error"]["fields"]) == (
        422,
        {"q": ["허용되지 않는 문자가 들어 있습니다."]},
    )
