"""The seeded draw: reproducible, conflict-free, within capacity, infeasibility reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.evaluations import assignment

EVALUATORS = {f"E{n:02d}": 3 for n in range(1, 13)}
TARGETS = {f"T{n}": 5 for n in range(1, 7)}


def test_the_same_seed_gives_the_same_draw_and_the_commitment_is_sha256():
    first = assignment.draw(seed="2020-round-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS)
    again = assignment.draw(seed="2020-round-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS)
    other = assignment.draw(seed="another-seed", round_id="R1", demand=TARGETS, capacity=EVALUATORS)
    assert first.assigned == again.assigned != other.assigned
    assert sorted(first.loads.values()) == [2] * 6 + [3] * 6  # 30 seats over 12, least loaded first
    assert assignment.commitment("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_conflicts_are_never_relaxed_and_a_short_target_is_reported():
    conflicts = {(e, "T1") for e in list(EVALUATORS)[:9]}  # only 3 may rate T1, which needs 5
    result = assignment.draw(seed="s", round_id="R1", demand=TARGETS, capacity=EVALUATORS, conflicts=conflicts)
    assert result.infeasible == {"T1": 2}
    assert sorted(result.assigned["T1"]) == ["E10", "E11", "E12"]


@given(
    st.integers(min_value=0, max_value=10**9),
    st.sets(st.tuples(st.sampled_from(sorted(EVALUATORS)), st.sampled_from(sorted(TARGETS))), max_size=20),
)
def test_no_conflict_pair_no_badpair_and_loads_within_capacity(seed, conflicts):
    badpairs = {frozenset(("E01", "E02")), frozenset(("E03", "E04"))}
    result = assignment.draw(
        seed=str(seed), round_id="R", demand=TARGETS, capacity=EVALUATORS, conflicts=conflicts, badpairs=badpairs
    )
    for target, chosen in result.assigned.items():
        assert not any((e, target) in conflicts for e in chosen)
        assert not any(pair <= set(chosen) for pair in badpairs)
        assert len(chosen) + result.infeasible.get(target, 0) == TARGETS[target]
    assert all(result.loads[e] <= EVALUATORS[e] for e in EVALUATORS)


def test_the_flow_option_prefers_affinity_never_crosses_a_conflict_and_reports_a_shortage():
    capacity = {"A": 1, "B": 1, "C": 1, "D": 1}
    demand = {"T1": 2, "T2": 2}
    affinity = {("A", "T1"): 1, ("B", "T1"): 1}
    best = assignment.flow(seed="s", round_id="R", demand=demand, capacity=capacity, affinity=affinity)
    assert (best.assigned, best.infeasible) == ({"T1": ["A", "B"], "T2": ["C", "D"]}, {})
    barred = assignment.flow(
        seed="s", round_id="R", demand=demand, capacity=capacity, affinity=affinity, conflicts={("A", "T1")}
    )
    assert "A" not in barred.assigned["T1"]
    assert "B" in barred.assigned["T1"]  # the remaining affinity is still used
    assert sorted(barred.loads.values()) == [1, 1, 1, 1]
    short = assignment.flow(
        seed="s", round_id="R", demand={"T1": 3}, capacity=capacity, conflicts={("A", "T1"), ("B", "T1"), ("C", "T1")}
    )
    assert (short.assigned, short.infeasible) == ({"T1": ["D"]}, {"T1": 2})


def test_the_stratified_citizen_draw_keeps_the_strata_in_proportion():
    applicants = {f"C{n:03d}": ("광주" if n < 60 else "전남", "여" if n % 2 else "남", "40대") for n in range(100)}
    chosen = assignment.stratified(seed="s", round_id="R", applicants=applicants, size=20)
    strata = [applicants[c] for c in chosen]
    assert len(chosen) == 20
    assert (strata.count(("광주", "여", "40대")), strata.count(("광주", "남", "40대"))) == (6, 6)
    assert (strata.count(("전남", "여", "40대")), strata.count(("전남", "남", "40대"))) == (4, 4)
    assert chosen == assignment.stratified(seed="s", round_id="R", applicants=applicants, size=20)
