"""What every API address shares: the OpenAPI document, the error envelope, input limits."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.support.helpers import INVALID_EN, INVALID_KO, api_error, api_get

pytestmark = pytest.mark.django_db


def test_bad_query_values_are_422_with_field_messages_in_the_chosen_language(world):
    korean = api_get("/api/v1/organizations?parent=abc")
    english = api_get("/api/v1/memberships?active_on=2024-13-01", "en")

    assert korean == api_error(422, "core.validation_failed", INVALID_KO, {"parent": ["정수를 입력하세요."]})
    assert english == api_error(
        422, "core.validation_failed", INVALID_EN, {"active_on": ["Enter a date as YYYY-MM-DD."]}
    )


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
        "/api/v1/me/verification-requests",
        "/api/v1/me/verification-requests/{request_id}/withdraw",
        "/api/v1/sites/{slug}/verification-requests",
        "/api/v1/verification-requests/{request_id}/decision",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/agenda",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}/decision",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}/vote",
        "/api/v1/meetings/{meeting_id}/particulars",
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
        "/api/v1/proposals/{proposal_id}/comments/{comment_id}",
        "/api/v1/proposals/{proposal_id}/reports",
        "/api/v1/proposals/{proposal_id}/answers",
        "/api/v1/proposals/{proposal_id}/promote",
        "/api/v1/answers",
        "/api/v1/answers/{answer_id}",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",
        "/api/v1/tasks/{task_id}/reports",
        "/api/v1/tasks/{task_id}/milestones",
        "/api/v1/tasks/{task_id}/milestones/{milestone_id}/done",
        "/api/v1/tasks/{task_id}/report-requests",
        "/api/v1/tasks/{task_id}/follow",
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
        "/api/v1/frameworks",
        "/api/v1/frameworks/{framework_id}",
        "/api/v1/frameworks/{framework_id}/publish",
        "/api/v1/frameworks/{framework_id}/versions",
        "/api/v1/evaluations/{slug}/rules",
        "/api/v1/budgets",
        "/api/v1/budgets/{process_id}",
        "/api/v1/budgets/{process_id}/phases",
        "/api/v1/budgets/{process_id}/headings",
        "/api/v1/budgets/{process_id}/seal",
        "/api/v1/budgets/{process_id}/count",
        "/api/v1/budgets/{process_id}/publish",
        "/api/v1/budgets/{process_id}/pabulib",
        "/api/v1/sites/{slug}/search",
        "/api/v1/budgets/headings/{heading_id}/projects",
        "/api/v1/budgets/headings/{heading_id}/ballot",
        "/api/v1/budgets/headings/{heading_id}/paper-ballots",
        "/api/v1/budgets/headings/{heading_id}/result",
        "/api/v1/budgets/headings/{heading_id}/pabulib",
        "/api/v1/budgets/projects/{project_id}/review",
        "/api/v1/budgets/projects/{project_id}/files",
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


def test_unknown_api_paths_and_methods_answer_in_the_envelope():
    unknown = Client().get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    wrong_method = Client().delete("/api/v1/organizations")

    assert (unknown.status_code, unknown.json()) == api_error(
        404, "core.not_found", "Nothing was found at this address."
    )
    assert (wrong_method.status_code, wrong_method.json()) == api_error(
        405, "core.method_not_allowed", "이 주소는 그 요청 방식을 받지 않습니다."
    )
    assert wrong_method["Allow"] == "GET"


def test_ids_beyond_the_64_bit_range_are_input_errors_not_server_errors(world):
    status, body = api_get("/api/v1/organizations?parent=99999999999999999999")
    page_status, page_body = api_get("/api/v1/posts?limit=500&offset=-1", "en")

    assert (status, body["error"]["fields"]) == (422, {"parent": ["숫자가 너무 큽니다."]})
    assert (page_status, page_body["error"]["fields"]) == (
        422,
        {"limit": ["The number is too large."], "offset": ["The number is too small."]},
    )


def test_text_with_nul_characters_is_an_input_error(world):
    status, body = api_get("/api/v1/organizations?q=a%00b")

    assert (status, body["error"]["fields"]) == (422, {"q": ["허용되지 않는 문자가 들어 있습니다."]})


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/proposals?status=%00", "status"),
        ("/api/v1/proposals?kind=a%00", "kind"),
        ("/api/v1/tasks?status=%00", "status"),
        ("/api/v1/tasks?kind=%00", "kind"),
    ],
)
def test_a_choice_with_a_nul_character_is_an_input_error(world, path, field):
    # PostgreSQL refused to compare such a status and answered a server error.
    status, body = api_get(path)

    assert (status, body["error"]["fields"]) == (422, {field: ["허용되지 않는 문자가 들어 있습니다."]})


def test_a_query_parameter_named_body_is_named_in_the_error(world):
    status, body = api_get("/api/v1/proposals/similar?site=gwangju&title=%EB%B2%84%EC%8A%A4&body=" + "가" * 5001)

    assert (status, body["error"]["fields"]) == (422, {"body": ["5000자 이내로 입력하세요."]})


@pytest.mark.parametrize("csrf_checked", [True, False])
def test_a_form_body_that_cannot_be_read_is_a_400_in_the_envelope(world, csrf_checked):
    client = Client(enforce_csrf_checks=csrf_checked)
    client.force_login(world.users["citizen"])
    client.cookies["csrftoken"] = "a" * 32  # the check reads the form for its token first

    response = client.post(
        "/api/v1/registrations",
        b"x",
        content_type="multipart/form-data",
        headers={"Accept-Language": "ko", "X-CSRFToken": "a" * 32},
    )

    assert (response.status_code, response.json()["error"]) == (
        400,
        {"code": "core.bad_request", "message": "요청 본문을 읽을 수 없습니다.", "fields": {}},
    )
