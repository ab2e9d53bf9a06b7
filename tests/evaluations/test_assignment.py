"""The seeded draw: reproducible, conflict-free, within capacity, infeasibility reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.evaluations import assignment

EVALUATORS = {f"E{n:02d}": 3 for n in range(1, 13)}
TARGETS = {f"T{n}": 5 for n in range(1, 7)}


def test_the_same_seed_gives_the_same_draw_and_the_commitment_is_sha256():
    first = assignment.draw(
        seed="2020-round-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS
    )
    again = assignment.draw(
        seed="2020-round-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS
    )
    other = assignment.draw(seed="another-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS)
    assert first.assigned == again.assigned != other.assigned
    assert sorted(first.loads.values()) == [2] * 6 + [3] * 6  # 30 seats over 12, least loaded first
    assert (
        assignment.commitment("abc")
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_conflicts_are_never_relaxed_and_a_short_target_is_reported():
    conflicts = {(e, "T1") for e in list(EVALUATORS)[:9]}  # only 3 may rate T1, which needs 5
    result = assignment.draw(
        seed="s", round_id="R1", demand=TARGETS, capacity=EVALUATORS, conflicts=conflicts
    )
    assert result.infeasible == {"T1": 2}
    assert sorted(result.assigned["T1"]) == ["E10", "E11", "E12"]


@given(st.integers(min_value=0, max_value=10**9), st.sets(st.tuples(
    st.sampled_from(sorted(EVALUATORS)), st.sampled_from(sorted(TARGETS))), max_size=20))  # fmt: skip
def test_no_conflict_pair_no_badpair_and_loads_within_capacity(seed, conflicts):
    badpairs = {frozenset(("E01", "E02")), frozenset(("E03", "E04"))}
    result = assignment.draw(seed=str(seed), round_id="R", demand=TARGETS, capacity=EVALUATORS,
                             conflicts=conflicts, badpairs=badpairs)  # fmt: skip
    for target, chosen in result.assigned.items():
        assert not any((e, target) in conflicts for e in chosen)
        assert not any(pair <= set(chosen) for pair in badpairs)
        assert len(chosen) + result.infeasible.get(target, 0) == TARGETS[target]
    assert all(result.loads[e] <= EVALUATORS[e] for e in EVALUATORS)
