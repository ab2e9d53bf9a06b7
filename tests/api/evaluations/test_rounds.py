"""Rounds and ratings through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.support.helpers import api_post, client_for

pytestmark = pytest.mark.django_db


def test_an_evaluator_submits_a_rating_of_an_assignment(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["E1"].user)

    status, body = api_post(
        client, "/api/v1/evaluations/example/ratings", {"target": "T1", "indicator": "I1", "value": "4"}
    )

    assert (status, body["status"]) == (201, "submitted")


def test_a_rating_outside_the_scale_is_refused_in_korean(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["E1"].user)

    status, body = api_post(
        client, "/api/v1/evaluations/example/ratings", {"target": "T2", "indicator": "I1", "value": "9"}
    )

    assert (status, body["error"]["fields"]) == (422, {"value": ["평점 9: 허용 범위(1–5) 밖입니다."]})


def test_not_applicable_is_refused_where_the_framework_does_not_allow_it(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["E1"].user)

    status, body = api_post(
        client, "/api/v1/evaluations/example/ratings", {"target": "T1", "indicator": "I1", "not_applicable": True}
    )

    assert (status, body["error"]["fields"]) == (422, {"value": ["I1에는 ‘해당 없음’이 없습니다. 점수를 주세요."]})


def test_a_rating_without_a_value_is_refused_in_korean(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["E1"].user)

    status, body = api_post(client, "/api/v1/evaluations/example/ratings", {"target": "T1", "indicator": "I1"})

    assert (status, body["error"]["fields"]) == (422, {"value": ["I1의 점수를 주세요."]})


def test_rounds_are_listed_to_anyone(example_round: dict[str, Any]) -> None:
    rounds = Client().get("/api/v1/evaluations").json()

    assert [r["slug"] for r in rounds] == ["example"]


def test_results_are_not_public_before_publication(example_round: dict[str, Any]) -> None:
    assert Client().get("/api/v1/evaluations/example/results").status_code == 404
