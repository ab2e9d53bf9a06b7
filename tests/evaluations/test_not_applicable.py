"""“Not applicable” where the framework allows it: an answer, not a rating, left out of the score."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.evaluations import compute, files, selectors, services
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.models import Framework, Rating
from hyeopchi.web.evaluations.forms import RatingForm
from tests.support.evaluations import rate_everything
from tests.support.helpers import client_for, text_of


def framework(**panel: Any) -> Any:
    indicator = {"key": "I1", "name": "리더십", "points": 100, "mode": "rubric", "levels": 3}
    indicator["panels"] = {"expert": {"weight": 1, **panel}}
    return compute.parse_framework(
        {"title": "해당 없음", "fields": [{"key": "F", "name": "분야", "points": 100, "indicators": [indicator]}]}
    )


def test_the_framework_allows_not_applicable_per_indicator_and_panel():
    assert framework(not_applicable=True).indicators[0].panels["expert"].not_applicable is True
    assert framework().indicators[0].panels["expert"].not_applicable is False


def test_a_spreadsheet_says_yes_in_korean():
    assert framework(not_applicable="예").indicators[0].panels["expert"].not_applicable is True


def test_a_word_that_is_neither_yes_nor_no_is_refused_by_place():
    with pytest.raises(EngineError) as refused:
        framework(not_applicable="가끔")
    assert (refused.value.code, refused.value.params) == (
        "not_a_flag",
        {"place": "F/I1 expert not_applicable", "value": "가끔"},
    )


def test_a_spreadsheets_descriptors_are_one_cell_with_bars_between_levels():
    header = ("field", "field_points", "key", "name", "points", "mode", "levels", "panel", "weight", "descriptors")
    row = ("F", 100, "I1", "리더십", 100, "rubric", 3, "expert", 1, "미흡 | 보통 | 우수")
    spec = files.framework_from_sheets("framework.xlsx", {"indicators": [header, row]})
    assert compute.parse_framework(spec).indicators[0].panels["expert"].descriptors == ("미흡", "보통", "우수")


def test_the_sheet_offers_not_applicable_only_where_allowed():
    allowed = framework(not_applicable=True).indicators[0]
    plain = framework().indicators[0]
    assert "na_I1" in RatingForm(indicators=[(allowed, allowed.panels["expert"])], ratings={}).fields
    assert "na_I1" not in RatingForm(indicators=[(plain, plain.panels["expert"])], ratings={}).fields


def test_the_sheet_refuses_a_rating_and_not_applicable_together():
    indicator = framework(not_applicable=True).indicators[0]
    form = RatingForm(
        {"value_I1": "2", "na_I1": "on"}, indicators=[(indicator, indicator.panels["expert"])], ratings={}
    )
    assert form.is_valid() is False
    assert form.errors["value_I1"] == ["I1에 점수를 주거나 해당 없음으로 표시하세요. 둘 다는 안 됩니다."]


def _allow_not_applicable_on_i1(round_: Any) -> None:
    spec = round_.framework.spec
    spec["fields"][0]["indicators"][0]["panels"]["expert"]["not_applicable"] = True
    Framework.objects.filter(pk=round_.framework_id).update(spec=spec)


def _e1_marks_i1_of_t1_not_applicable(example_round: dict[str, Any], **extra: Any) -> Rating:
    evaluator = example_round["evaluators"]["E1"]
    return services.save_rating(
        actor=Actor.for_user(evaluator.user),
        evaluator=evaluator,
        target=example_round["targets"]["T1"],
        indicator="I1",
        value=None,
        not_applicable=True,
        **extra,
    )


@pytest.mark.django_db
def test_not_applicable_is_refused_where_the_framework_does_not_allow_it(example_round: dict[str, Any]):
    with pytest.raises(ValidationFailedError) as refused:
        _e1_marks_i1_of_t1_not_applicable(example_round, submit=True)
    assert str(refused.value.message) == "I1에는 ‘해당 없음’이 없습니다. 점수를 주세요."


@pytest.mark.django_db
def test_a_not_applicable_answer_is_left_out_of_the_indicators_score(example_round: dict[str, Any]):
    round_ = example_round["round"]
    _allow_not_applicable_on_i1(round_)
    rate_everything(example_round)
    rows = sorted(selectors.rating_rows(round_))
    stored = _e1_marks_i1_of_t1_not_applicable(example_round, reason="해당 기관에 이 지표의 실적이 없음")
    assert (stored.not_applicable, stored.value, stored.amendments) == (True, Decimal(0), 1)
    assert sorted(selectors.rating_rows(round_)) == [r for r in rows if r[1:4] != ("E1", "T1", "I1")]


@pytest.mark.django_db
def test_a_sheet_with_a_not_applicable_answer_is_whole(example_round: dict[str, Any]):
    _allow_not_applicable_on_i1(example_round["round"])
    evaluator = example_round["evaluators"]["E1"]
    page = client_for(evaluator.user).post(
        "/evaluations/example/my-assignments/T1/", {"na_I1": "on", "value_I3": "4", "submit": "1"}
    )
    assert page.status_code == 302, text_of(page)
    answers = dict(
        Rating.objects.filter(assignment__evaluator=evaluator, assignment__target__code="T1").values_list(
            "indicator", "not_applicable"
        )
    )
    assert answers == {"I1": True, "I3": False}
