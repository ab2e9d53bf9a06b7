"""The site search through the API: the same results and facets, and bad input refused in the envelope."""

from __future__ import annotations

import pytest

from tests.support.helpers import api_get
from tests.support.search import SearchWorld

pytestmark = pytest.mark.django_db


def test_the_api_returns_the_results_and_facets_of_the_search(searchable: SearchWorld):
    status, body = api_get("/api/v1/sites/gwangju/search?q=%ED%8C%8C%EC%86%90")

    assert (status, body["total"], body["terms"], body["items"], body["facets"]["type"]) == (
        200,
        1,
        ["파손"],
        [
            {
                "type": "document",
                "title": "점검 결과",
                "date": "2024-06-11",
                "body_id": searchable.committee.pk,
                "body": "폭염대책위원회",
                "status": "material",
                "snippet": "그늘막 안전 점검 결과 파손 2건 수리 완료",
                "target": {
                    "meeting": searchable.meeting.pk,
                    "context": "제3차 폭염대책위원회 정기회의",
                    "document": searchable.hwpx.pk,
                },
            }
        ],
        [{"value": "document", "count": 1}],
    )


def test_an_unknown_type_is_refused_with_the_field_named(searchable: SearchWorld):
    status, body = api_get("/api/v1/sites/gwangju/search?q=a&type=everything")

    assert (status, body["error"]["code"], list(body["error"]["fields"])) == (422, "core.validation_failed", ["type"])


def test_an_unknown_site_is_not_found(searchable: SearchWorld):
    status, body = api_get("/api/v1/sites/nowhere/search?q=a")

    assert (status, body["error"]["code"]) == (404, "organizations.not_found")
