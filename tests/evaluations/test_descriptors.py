"""A rubric's level descriptors: one per level in the framework, shown as the score sheet's choices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hyeopchi.evaluations import compute
from hyeopchi.evaluations.engine import EngineError, Framework
from hyeopchi.web.evaluations.forms import RatingForm

LEVELS = ["없음", "미흡", "보통", "우수", "매우 우수"]


def framework(**rubric: Any) -> Framework:
    indicator = {"key": "I1", "name": "리더십", "points": 100, "mode": "rubric", "levels": 5, **rubric}
    indicator["panels"] = {"expert": {"weight": 1}}
    return compute.parse_framework(
        {"title": "수준 설명", "fields": [{"key": "F", "name": "분야", "points": 100, "indicators": [indicator]}]}
    )


def test_descriptors_are_read_one_per_level():
    rule = framework(descriptors=LEVELS).indicators[0].panels["expert"]
    assert rule.descriptors == tuple(LEVELS)


def test_a_descriptor_list_that_does_not_match_the_levels_is_refused_by_place():
    with pytest.raises(EngineError) as refused:
        framework(descriptors=LEVELS[:4])
    assert (refused.value.code, refused.value.params) == (
        "bad_rubric_descriptors",
        {"place": "F/I1 expert", "value": "5"},
    )


def sheet(data: dict[str, str] | None = None) -> RatingForm:
    indicator = framework(descriptors=LEVELS).indicators[0]
    return RatingForm(data, indicators=[(indicator, indicator.panels["expert"])], ratings={})


def test_the_sheet_offers_each_level_with_what_it_means():
    assert sheet().fields["value_I1"].choices == [
        ("1", "수준 1: 없음"),
        ("2", "수준 2: 미흡"),
        ("3", "수준 3: 보통"),
        ("4", "수준 4: 우수"),
        ("5", "수준 5: 매우 우수"),
    ]


def test_a_level_chosen_on_the_sheet_is_its_number():
    form = sheet({"value_I1": "4"})
    assert form.is_valid(), form.errors
    assert form.values() == [("I1", Decimal(4), "")]


def test_a_value_between_levels_is_refused():
    assert sheet({"value_I1": "2.5"}).errors == {
        "value_I1": ["올바르게 선택해 주세요. 2.5 이/가 선택가능항목에 없습니다."]
    }
