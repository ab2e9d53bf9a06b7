"""The roll-up rule alone: plain average or weighted sum, rounded once, half up."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.tasks.rollup import RollupError, check_weights, rolled_up, rolled_up_status


def test_mean_counts_every_child_including_unreported_ones_at_zero():
    assert rolled_up("mean", [(D(100), None), (D(50), None), (D(0), None)]) == D("50.00")
    assert rolled_up("mean", [(D(100), None), (D(0), None), (D(0), None)]) == D("33.33")
    assert rolled_up("mean", [(D(100), None), (D(100), None), (D(0), None)]) == D("66.67")


def test_weighted_sum_uses_fractions_that_make_a_whole():
    assert rolled_up("weighted", [(D(80), D("0.4")), (D(50), D("0.6"))]) == D("62.00")
    assert rolled_up("weighted", [(D("33.33"), D("0.25")), (D(100), D("0.75"))]) == D("83.33")


def test_weights_must_be_present_positive_and_sum_to_one():
    for weights in ([D("0.4"), D("0.5")], [D("0.4"), None], [D(0), D(1)], [D("1.5"), D("-0.5")], []):
        with pytest.raises(RollupError):
            check_weights(weights)
    check_weights([D("0.2")] * 5)


def test_no_children_means_no_rolled_up_value():
    assert rolled_up("mean", []) is None


percent = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(percent, min_size=1, max_size=30))
def test_mean_stays_between_the_lowest_and_highest_child(values):
    result = rolled_up("mean", [(v, None) for v in values])
    assert min(values) <= result <= max(values)


@given(st.sampled_from([1, 2, 4, 5, 8, 10, 20]).flatmap(lambda n: st.lists(percent, min_size=n, max_size=n)))
def test_equal_weights_give_the_plain_average(values):
    weight = D(1) / len(values)
    assert rolled_up("weighted", [(v, weight) for v in values]) == rolled_up("mean", [(v, None) for v in values])


@pytest.mark.parametrize(
    ("children", "parent"),
    [
        ([], None),
        (["cancelled", "cancelled"], "cancelled"),
        (["completed", "cancelled"], "completed"),
        (["completed", "delayed", "in_progress"], "delayed"),
        (["completed", "suspended", "cancelled"], "suspended"),
        (["suspended", "planned"], "planned"),
        (["completed", "planned"], "in_progress"),
        (["planned", "in_progress"], "in_progress"),
        (["planned", "planned", "cancelled"], "planned"),
    ],
)
def test_a_parents_status_follows_its_sub_tasks_by_the_stated_rule(children, parent):
    assert rolled_up_status(children) == parent
