"""The office's diagnostics are computed by the worker and kept; the page only reads them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.evaluations import diagnostics, services
from hyeopchi.evaluations.models import Rating
from tests.support.evaluations import rate_everything
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db

PAGE = "/evaluations/example/office/?diagnostics=1"


def _alpha_of_i1(kept: diagnostics.Diagnostics) -> float:
    assert kept.report is not None
    return round(float(next(d["alpha"] for d in kept.report if (d["indicator"], d["panel"]) == ("I1", "expert"))), 3)


def test_without_a_worker_the_refresh_runs_at_once_and_is_current(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    kept = diagnostics.of_round(example_round["round"])
    assert kept.current is True
    assert _alpha_of_i1(kept) == 0.439


def test_the_page_shows_the_latest_figures_and_says_they_are_being_renewed(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    diagnostics.of_round(example_round["round"])  # computed and kept
    Rating.objects.filter(indicator="I1", assignment__evaluator__pseudonym="E1").update(
        value=Decimal(1), updated_at=timezone.now()
    )
    with mock.patch.object(diagnostics, "refresh") as refresh:  # the worker has not run yet
        kept = diagnostics.of_round(example_round["round"])
        page = text_of(client_for(example_round["office"].user).get(PAGE))
    assert kept.current is False
    assert _alpha_of_i1(kept) == 0.439  # the figures from before the change
    assert "평점이 바뀌어 새 수치를 계산하고 있습니다" in page
    assert refresh.enqueue.call_count == 1  # asked once, though two readers found the figures old


def test_before_the_first_refresh_the_page_says_it_is_computing(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    with mock.patch.object(diagnostics, "refresh"):
        page = text_of(client_for(example_round["office"].user).get(PAGE))
    assert "제출된 평점으로 진단을 계산하고 있습니다" in page
    assert "0.439" not in page


def test_a_submitted_score_sheet_asks_for_a_refresh_once_committed(
    example_round: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    evaluator = example_round["evaluators"]["C"]
    target = example_round["targets"]["T1"]
    with mock.patch.object(diagnostics, "refresh") as refresh, django_capture_on_commit_callbacks(execute=True):
        services.save_score_sheet(
            actor=Actor.for_user(evaluator.user),
            evaluator=evaluator,
            target=target,
            values=[("I3", Decimal(4), ""), ("I5", Decimal(4), "")],
            submit=True,
        )
    assert refresh.enqueue.call_args_list == [mock.call(example_round["round"].pk)]
