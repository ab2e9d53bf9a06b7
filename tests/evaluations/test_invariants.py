"""Invariants of evaluation.md §14 that the engine's first pieces already carry."""

from __future__ import annotations

from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.evaluations import engine

levels = st.lists(st.integers(min_value=1, max_value=5), min_size=3, max_size=15)


@given(levels)
def test_trimming_drops_exactly_one_value_per_side_whatever_the_ties(values):
    ordered = sorted(F(v, 5) for v in values)
    assert engine.trimmed_mean(ordered[::-1], k=1) == sum(ordered[1:-1], F(0)) / (len(ordered) - 2)


@given(levels, st.permutations(range(15)))
def test_reordering_raters_changes_nothing(values, order):
    shuffled = [values[i] for i in order if i < len(values)]
    assert engine.trimmed_mean([F(v) for v in shuffled]) == engine.trimmed_mean([F(v) for v in values])


@given(
    st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=30),
    st.integers(min_value=1, max_value=10_000),
)
def test_amounts_add_up_to_the_pool_in_whole_units(weights, units):
    amounts = engine.allocate(units * 10_000, 10_000, [(f"T{i}", F(w)) for i, w in enumerate(weights)])
    assert sum(amounts.values()) == units * 10_000
    assert all(a >= 0 and a % 10_000 == 0 for a in amounts.values())


@given(st.integers(min_value=1, max_value=400))
def test_quota_counts_rise_and_end_at_n(n):
    counts = engine.quota_counts(n, [F(3, 10), F(9, 10), F(1)], "floor")
    assert counts == sorted(counts)
    assert counts[-1] == n
