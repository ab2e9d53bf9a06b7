"""The pure composition validator, including the cases meetings.md §6 asks to write first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.organizations.composition import (
    ERROR,
    WARNING,
    Holder,
    Rule,
    Seat,
    Violation,
    check_composition,
    rule_errors,
    seat_errors,
)

EMPLOYER = Seat(1, "사용자위원", "employer", 1, 1)
WORKER = Seat(2, "근로자위원", "worker", 3, 3)
COOP = Seat(3, "협력팀 위원", "coop_team", 2, 2)
SEATS = [EMPLOYER, WORKER, COOP]


def holders(*rows: tuple[int, int, str]) -> list[Holder]:
    return [Holder(post_id=post, person_id=person, side=side) for post, person, side in rows]


FULL = holders(
    (1, 1, "employer"), (2, 2, "worker"), (2, 3, "worker"), (2, 4, "worker"), (3, 5, "coop_team"), (3, 6, "coop_team")
)


def test_full_1_3_2_roster_has_no_violation():
    rules = [Rule("total_between", {"min": 6, "max": 6})]

    assert check_composition(SEATS, rules, FULL) == []


def test_one_worker_seat_empty_is_under_minimum_and_below_total():
    roster = [h for h in FULL if h.person_id != 4]
    rules = [
        Rule("total_between", {"min": 6, "max": 6}, ERROR, rule_id=7),
        Rule("side_between", {"side": "worker", "min": 3, "max": 3}, ERROR, rule_id=8),
    ]

    violations = check_composition(SEATS, rules, roster)

    assert violations == [
        Violation("post_under_min", WARNING, {"post": "근로자위원", "count": 2, "min": 3}, post_id=2),
        Violation("total_below", ERROR, {"count": 5, "min": 6, "max": 6}, rule_id=7),
        Violation("side_below", ERROR, {"side": "worker", "count": 2, "min": 3, "max": 3}, rule_id=8),
    ]


def test_parity_broken_after_a_worker_resigns():
    seats = [Seat(1, "사용자위원", "employer", 0, 5), Seat(2, "근로자위원", "worker", 0, 5)]
    roster = holders((1, 1, "employer"), (1, 2, "employer"), (2, 3, "worker"))

    violations = check_composition(seats, [Rule("parity", {"sides": ["employer", "worker"]})], roster)

    assert [(v.code, dict(v.params)) for v in violations] == [
        ("parity_broken", {"first": "employer", "first_count": 2, "second": "worker", "second_count": 1})
    ]


def test_a_district_holding_two_seats_breaks_one_per_organization():
    seats = [Seat(1, "구 부구청장", "district", 5, 5)]
    roster = [
        Holder(1, person, "district", on_behalf_of_id=org)
        for person, org in [(1, 10), (2, 11), (3, 11), (4, 12), (5, 13)]
    ]

    violations = check_composition(seats, [Rule("one_per_org", {"side": "district"})], roster)

    assert [(v.code, dict(v.params)) for v in violations] == [
        ("organization_repeated", {"organization_id": 11, "count": 2})
    ]


def test_over_maximum_is_an_error_and_a_vacant_required_seat_is_reported():
    seats = [Seat(1, "위원장", "city", 0, 1), Seat(2, "간사", "", 0, 1)]
    roster = holders((1, 1, "city"), (1, 2, "city"))

    violations = check_composition(seats, [Rule("requires_post_filled", {"post": 2}, WARNING)], roster)

    assert [(v.code, v.severity) for v in violations] == [("post_over_max", ERROR), ("post_vacant", WARNING)]


def test_subset_of_names_people_who_are_not_in_the_parent_body():
    seats = [Seat(1, "근로자위원", "worker", 0, 2)]
    roster = holders((1, 5, "worker"), (1, 9, "worker"))

    violations = check_composition(
        seats, [Rule("subset_of", {"parent_body": 100})], roster, parent_members={100: frozenset({5, 6, 7})}
    )

    assert [(v.code, dict(v.params)) for v in violations] == [("not_in_parent", {"person_id": 9})]


def test_total_counts_voting_seats_only_when_asked():
    seats = [Seat(1, "위원", "", 0, 5), Seat(2, "간사", "", 0, 1, voting=False)]
    roster = [Holder(1, 1, ""), Holder(1, 2, ""), Holder(2, 3, "", voting=False)]

    voting_only = check_composition(seats, [Rule("total_between", {"max": 2, "voting_only": True})], roster)
    everyone = check_composition(seats, [Rule("total_between", {"max": 2})], roster)

    assert voting_only == []
    assert [(v.code, v.params["count"]) for v in everyone] == [("total_above", 3)]


def test_rules_that_no_roster_can_satisfy_are_refused():
    assert rule_errors("total_between", {"min": 7, "max": 6}) == [("min", "min_above_max")]
    assert rule_errors("side_between", {"side": "", "min": 1}) == [("side", "required")]
    assert rule_errors("side_between", {"side": "w", "min": -1}) == [("min", "negative")]
    assert rule_errors("total_between", {}) == [("min", "no_bounds")]
    assert rule_errors("total_between", {"max": 0}) == [("max", "empty_body")]
    assert rule_errors("total_between", {"min": "3"}) == [("min", "not_a_number")]
    assert rule_errors("parity", {"sides": ["a", "a"]}) == [("sides", "same_side")]
    assert rule_errors("parity", {"sides": ["a"]}) == [("sides", "two_sides_required")]
    assert rule_errors("quorum", {}) == [("kind", "unknown_kind")]
    assert rule_errors("side_between", {"side": "worker", "min": 3, "max": 10}) == []


def test_seat_ranges_with_minimum_above_maximum_are_refused():
    assert seat_errors(min_holders=3, max_holders=2) == [("min_holders", "min_above_max")]
    assert seat_errors(min_holders=0, max_holders=0) == [("max_holders", "at_least_one")]
    assert seat_errors(min_holders=2, max_holders=2) == []


@given(st.permutations(FULL[:5]))
def test_holder_order_never_changes_the_violations(roster):
    rules = [Rule("total_between", {"min": 6, "max": 6}), Rule("parity", {"sides": ["employer", "worker"]})]

    assert check_composition(SEATS, rules, list(roster)) == check_composition(SEATS, rules, FULL[:5])
