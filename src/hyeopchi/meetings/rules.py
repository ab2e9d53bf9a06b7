"""How a body opens a meeting and decides: quorums and majorities as exact fractions.

Korean committees take these from their ordinance (지방자치법 §130 lets each set its own); the most
common wording is "재적위원 과반수의 출석으로 개의하고, 출석위원 과반수의 찬성으로 의결한다". A
threshold is a fraction with "more than" (초과, 과반수) or "at least" (이상): "과반수" of 7 is 4, "3분의 2
이상" of 200 is 134 — a whole-number percentage cannot say either exactly.

Pure functions over plain numbers: no database, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


@dataclass(frozen=True)
class Threshold:
    """``more_than`` (초과) or ``at least`` (이상) ``numerator/denominator`` of a base."""

    numerator: int
    denominator: int
    more_than: bool

    def __post_init__(self) -> None:
        if self.denominator < 1 or not 0 < self.numerator <= self.denominator:
            raise ValueError("A threshold is a fraction above 0 and at most 1.")

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def required(self, base: int) -> int:
        """The least count that meets the threshold over ``base`` (e.g. 과반수 of 7 → 4)."""
        exact = self.fraction * base
        if self.more_than:
            return math.floor(exact) + 1
        return math.ceil(exact)

    def met(self, count: int, base: int) -> bool:
        return base > 0 and count >= self.required(base)


MAJORITY = Threshold(1, 2, more_than=True)  # 과반수


class DecisionBase(StrEnum):
    PRESENT = "present"  # 출석위원: the voting members present (abstentions weigh as "no")
    IN_OFFICE = "in_office"  # 재적위원: every voting member in office


class TieRule(StrEnum):
    FAILS = "fails"  # 가부동수인 때에는 부결된 것으로 본다
    CHAIR_DECIDES = "chair_decides"  # 가부동수인 때에는 위원장이 결정한다


@dataclass(frozen=True)
class Rules:
    """A body's rules in force on a meeting's date."""

    opening: Threshold = MAJORITY
    decision: Threshold = MAJORITY
    decision_base: DecisionBase = DecisionBase.PRESENT
    tie: TieRule = TieRule.FAILS
    stand_ins_count: bool = False
    written_resolutions: bool = False
    notice_days: int = 7


@dataclass(frozen=True)
class Quorum:
    """Whether enough members are present to open the meeting (의사정족수)."""

    in_office: int
    present: int
    required: int

    @property
    def held(self) -> bool:
        return self.in_office > 0 and self.present >= self.required


def opening_quorum(rules: Rules, *, in_office: int, present: int) -> Quorum:
    return Quorum(in_office=in_office, present=present, required=rules.opening.required(in_office))


@dataclass(frozen=True)
class Vote:
    """A vote on one item: counts (찬성·반대·기권), or "이의 없음" — every member present agrees."""

    in_office: int
    present: int
    yes: int
    no: int
    abstain: int
    without_objection: bool = False
    chair_casting: bool | None = None  # the chair's decision on a tie, where the rules give it one


class VoteError(StrEnum):
    MORE_VOTES_THAN_PRESENT = "more_votes_than_present"
    MORE_PRESENT_THAN_IN_OFFICE = "more_present_than_in_office"
    CASTING_VOTE_MISSING = "casting_vote_missing"


@dataclass(frozen=True)
class VoteOutcome:
    """Both quorums of a vote: enough members present (의사정족수) and enough "yes" (의결정족수)."""

    quorum: Quorum
    required_yes: int
    yes: int
    tie: bool
    decided_by_chair: bool

    @property
    def majority_held(self) -> bool:
        if self.decided_by_chair:
            return True
        return not self.tie and self.yes >= self.required_yes

    @property
    def passed(self) -> bool:
        return self.quorum.held and self.majority_held


def vote_errors(vote: Vote, rules: Rules) -> list[VoteError]:
    errors = []
    if vote.present > vote.in_office:
        errors.append(VoteError.MORE_PRESENT_THAN_IN_OFFICE)
    if not vote.without_objection and vote.yes + vote.no + vote.abstain > vote.present:
        errors.append(VoteError.MORE_VOTES_THAN_PRESENT)
    if _is_tie(vote) and rules.tie == TieRule.CHAIR_DECIDES and vote.chair_casting is None:
        errors.append(VoteError.CASTING_VOTE_MISSING)
    return errors


def _is_tie(vote: Vote) -> bool:
    return not vote.without_objection and vote.yes == vote.no and vote.yes > 0


def tally(vote: Vote, rules: Rules) -> VoteOutcome:
    """Whether the item passed: the meeting had its quorum, and the "yes" votes met the decision
    threshold over the base the rules name. A tie (찬성 = 반대) fails (가부동수 부결) unless the rules
    let the chair decide it. Raises ValueError for counts ``vote_errors`` refuses."""
    errors = vote_errors(vote, rules)
    if errors:
        raise ValueError(", ".join(errors))
    quorum = opening_quorum(rules, in_office=vote.in_office, present=vote.present)
    base = vote.present if rules.decision_base == DecisionBase.PRESENT else vote.in_office
    tie = _is_tie(vote)
    return VoteOutcome(
        quorum=quorum,
        required_yes=rules.decision.required(base),
        yes=vote.present if vote.without_objection else vote.yes,
        tie=tie,
        decided_by_chair=tie and rules.tie == TieRule.CHAIR_DECIDES and bool(vote.chair_casting),
    )
