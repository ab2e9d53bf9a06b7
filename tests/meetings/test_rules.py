"""Quorums and majorities as Korean bodies count them (meetings.rules)."""

from __future__ import annotations

import pytest

from hyeopchi.meetings.rules import (
    MAJORITY,
    DecisionBase,
    Rules,
    Threshold,
    TieRule,
    Vote,
    VoteError,
    opening_quorum,
    tally,
    vote_errors,
)

TWO_THIRDS_AT_LEAST = Threshold(2, 3, more_than=False)


@pytest.mark.parametrize(("base", "required"), [(7, 4), (6, 4), (5, 3), (1, 1), (20, 11)])
def test_majority_is_strictly_more_than_half(base, required):
    assert MAJORITY.required(base) == required


@pytest.mark.parametrize(("base", "required"), [(200, 134), (9, 6), (10, 7), (3, 2)])
def test_two_thirds_or_more(base, required):
    assert TWO_THIRDS_AT_LEAST.required(base) == required


def test_more_than_two_thirds_differs_from_at_least_on_a_multiple_of_three():
    assert (Threshold(2, 3, more_than=True).required(9), TWO_THIRDS_AT_LEAST.required(9)) == (7, 6)


def test_a_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="above 0 and at most 1"):
        Threshold(3, 2, more_than=False)


def test_seven_members_need_four_present_to_open():
    quorum = opening_quorum(Rules(), in_office=7, present=3)

    assert (quorum.required, quorum.held) == (4, False)
    assert opening_quorum(Rules(), in_office=7, present=4).held is True


def test_a_body_without_members_never_has_a_quorum():
    assert opening_quorum(Rules(), in_office=0, present=0).held is False


def test_majority_of_present_passes_with_abstentions_weighing_as_no():
    outcome = tally(Vote(in_office=7, present=5, yes=3, no=1, abstain=1), Rules())

    assert (outcome.quorum.held, outcome.required_yes, outcome.majority_held, outcome.passed) == (True, 3, True, True)
    assert tally(Vote(in_office=7, present=6, yes=3, no=1, abstain=2), Rules()).passed is False


def test_a_tie_fails_by_default():
    outcome = tally(Vote(in_office=7, present=6, yes=3, no=3, abstain=0), Rules())

    assert (outcome.tie, outcome.passed) == (True, False)


def test_a_tie_goes_the_chairs_way_where_the_rules_say_so():
    rules = Rules(tie=TieRule.CHAIR_DECIDES)

    assert tally(Vote(in_office=7, present=6, yes=3, no=3, abstain=0, chair_casting=True), rules).passed is True
    assert tally(Vote(in_office=7, present=6, yes=3, no=3, abstain=0, chair_casting=False), rules).passed is False
    assert vote_errors(Vote(in_office=7, present=6, yes=3, no=3, abstain=0), rules) == [VoteError.CASTING_VOTE_MISSING]


def test_without_objection_every_member_present_is_for():
    outcome = tally(Vote(in_office=7, present=4, yes=0, no=0, abstain=0, without_objection=True), Rules())

    assert (outcome.yes, outcome.passed) == (4, True)


def test_no_decision_without_the_opening_quorum():
    outcome = tally(Vote(in_office=7, present=3, yes=3, no=0, abstain=0), Rules())

    assert (outcome.quorum.held, outcome.majority_held, outcome.passed) == (False, True, False)


def test_two_thirds_of_members_in_office():
    rules = Rules(decision=TWO_THIRDS_AT_LEAST, decision_base=DecisionBase.IN_OFFICE)

    assert tally(Vote(in_office=200, present=150, yes=133, no=17, abstain=0), rules).passed is False
    assert tally(Vote(in_office=200, present=150, yes=134, no=16, abstain=0), rules).passed is True


def test_more_votes_than_members_present_are_refused():
    vote = Vote(in_office=7, present=4, yes=3, no=2, abstain=0)

    assert vote_errors(vote, Rules()) == [VoteError.MORE_VOTES_THAN_PRESENT]
    with pytest.raises(ValueError, match="more_votes_than_present"):
        tally(vote, Rules())
