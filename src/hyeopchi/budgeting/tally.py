"""Who wins a participatory budget: the greedy rules and the Method of Equal Shares, exactly.

Money is exact: costs and budgets are ``Fraction``s of what was written (whole won in a process),
shares and prices are ``Fraction``s; nothing is a float. Every rule is a pure function of an
``Instance`` and returns an ``Outcome``: the projects selected in the order chosen, and for every
project a ``Decision`` saying why (``../shared/reference/budgeting.md`` states the rules).

Ties are broken in one documented order, the same for every rule: the higher score (or, under Equal
Shares, the lower price per unit of utility) first, then the lower cost, then the project id
(numbers by value, before other ids, which go by text).

Voters who cast the same ballot are one **group**: under every rule here they are treated alike
(Equal Shares charges them alike), so a tally works on distinct ballots and their counts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

GREEDY_RULES = ("greedy", "greedy-no-skip", "greedy-threshold")
MES_RULES = ("equalshares", "equalshares/add1", "equalshares-comparison", "equalshares/add1-comparison")
RULES = GREEDY_RULES + MES_RULES


class TallyError(ValueError):
    def __init__(self, code: str, **params: str) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Ballot:
    """One ballot as cast by ``count`` voters: the projects picked (ranked, for ordinal ballots) and,
    for cumulative and scoring ballots, the points given each."""

    picks: tuple[str, ...]
    points: tuple[int, ...] = ()
    count: int = 1


@dataclass(frozen=True)
class Instance:
    budget: Fraction
    costs: Mapping[str, Fraction]  # every project, in the order listed
    ballots: Sequence[Ballot]
    vote_type: str = "approval"
    # Ordinal ballots: the points of each rank, first rank first (3-2-1 for three ranks by default).
    rank_points: tuple[int, ...] = ()
    # Only projects scoring at least this are considered (Pabulib's min_project_score_threshold).
    min_score: Fraction | None = None
    # Scores combined from the vote and other sources by weights (``weighted_scores``): the greedy
    # rules order by these instead of the ballots' own.
    given_scores: Mapping[str, Fraction] | None = None

    def utilities(self, ballot: Ballot) -> dict[str, int]:
        """What each pick is worth to the voter: points for cumulative, scoring and ordinal ballots,
        1 for approval and choose-1 (Equal Shares then uses the cost, see ``equal_shares``)."""
        if self.vote_type in ("cumulative", "scoring"):
            return {p: n for p, n in zip(ballot.picks, ballot.points, strict=True) if n > 0}
        if self.vote_type == "ordinal":
            ranks = self.rank_points or tuple(range(len(ballot.picks), 0, -1))
            return {p: ranks[i] for i, p in enumerate(ballot.picks) if i < len(ranks) and ranks[i] > 0}
        return dict.fromkeys(ballot.picks, 1)


@dataclass(frozen=True)
class Decision:
    project: str
    selected: bool
    reason: str  # see the list below
    score: Fraction
    cost: Fraction
    money_left: Fraction | None = None  # of the budget, when its turn came (greedy rules)
    # Equal Shares: what a supporter paying in full paid (approval), or paid per point (points).
    price: Fraction | None = None
    supporters_money: Fraction | None = None  # Equal Shares: what its supporters had left at the end
    turn: int | None = None  # 1 for the first selected


# Reasons: fits, does_not_fit, after_stop, below_threshold (greedy rules); bought, unaffordable,
# completed (Equal Shares). ``budgeting.messages.reason_label`` words them for readers.


@dataclass(frozen=True)
class Payment:
    """Equal Shares: what each of ``voters`` voters who picked ``picks`` paid, per project, and the
    money each had left."""

    picks: tuple[str, ...]
    voters: int
    paid: dict[str, Fraction]
    left: Fraction


@dataclass
class Outcome:
    rule: str
    budget: Fraction
    selected: list[str]
    decisions: dict[str, Decision]
    per_voter: Fraction | None = None  # Equal Shares: each voter's starting money
    payments: list[Payment] = field(default_factory=list)
    rounds: int = 1  # Equal Shares with add1: how many starting budgets were tried
    # The comparison step: voters preferring Equal Shares' outcome, voters preferring greedy's.
    compared: tuple[int, int] | None = None

    @property
    def spent(self) -> Fraction:
        return sum((self.decisions[p].cost for p in self.selected), Fraction(0))


def id_key(project: str) -> tuple[int, int, str]:
    return (0, int(project), "") if project.isdigit() else (1, 0, project)


def scores(instance: Instance) -> dict[str, Fraction]:
    """Each project's score: ballots naming it (approval, choose-1), points (cumulative, scoring,
    ordinal by ``rank_points``), over every voter."""
    totals: dict[str, int] = dict.fromkeys(instance.costs, 0)
    for ballot in instance.ballots:
        for project, utility in instance.utilities(ballot).items():
            totals[project] += utility * ballot.count
    return {project: Fraction(total) for project, total in totals.items()}


def weighted_scores(
    parts: Sequence[tuple[int, Mapping[str, Fraction]]], projects: Iterable[str]
) -> dict[str, Fraction]:
    """Each project's combined score out of the weights' sum: every part (the public vote, a
    committee's review, a survey) gives its weight times the project's score over the part's best
    score, so the best project of a part gets all of its weight (대전 50:50, 서울 2015 45/45/10).
    A part where every score is 0 gives nothing."""
    combined = dict.fromkeys(projects, Fraction(0))
    for weight, part in parts:
        best = max(part.values(), default=Fraction(0))
        if best <= 0:
            continue
        for project in combined:
            combined[project] += weight * Fraction(part.get(project, 0)) / best
    return combined


def greedy(instance: Instance, rule: str = "greedy") -> Outcome:
    """Walk the projects by score; ``greedy`` skips what no longer fits and goes on,
    ``greedy-no-skip`` stops there; a minimum score (``greedy-threshold``, or any rule given one)
    leaves lower-scoring projects out."""
    if rule not in GREEDY_RULES:
        raise TallyError("unknown_rule", value=rule)
    score = dict(instance.given_scores) if instance.given_scores is not None else scores(instance)
    order = sorted(instance.costs, key=lambda p: (-score[p], instance.costs[p], id_key(p)))
    left = instance.budget
    selected: list[str] = []
    decisions: dict[str, Decision] = {}
    stopped = False
    for project in order:
        cost = instance.costs[project]
        if instance.min_score is not None and score[project] < instance.min_score:
            decisions[project] = Decision(project, False, "below_threshold", score[project], cost)
        elif stopped:
            decisions[project] = Decision(project, False, "after_stop", score[project], cost, left)
        elif cost <= left:
            selected.append(project)
            decisions[project] = Decision(project, True, "fits", score[project], cost, left, turn=len(selected))
            left -= cost
        else:
            decisions[project] = Decision(project, False, "does_not_fit", score[project], cost, left)
            stopped = rule == "greedy-no-skip"
    return Outcome(rule, instance.budget, selected, decisions)


# -- the Method of Equal Shares -----------------------------------------------------------------------


class _Shares:
    """Runs of Equal Shares from a starting money per voter; groups of like ballots pay alike.

    Money is counted in integers: every amount is a whole number of 1/``denominator`` of a currency
    unit, and the denominator grows (all amounts multiplied alike) when a price would not divide
    evenly. So every comparison is exact and no ``Fraction`` is made inside the loop."""

    def __init__(
        self, instance: Instance, utilities: list[dict[str, int]], counts: list[int], *, cost_utility: bool
    ) -> None:
        self.utilities = utilities
        self.counts = counts
        self.cost_utility = cost_utility  # approval: a supporter's utility is the cost, so all pay alike
        self.cost_scale = math.lcm(*(c.denominator for c in instance.costs.values()), 1)
        self.costs = {p: int(c * self.cost_scale) for p, c in instance.costs.items()}
        self.supporters: dict[str, list[tuple[int, int]]] = defaultdict(list)  # project → (group, utility)
        for group, utility in enumerate(utilities):
            for project, value in utility.items():
                self.supporters[project].append((group, value))

    def _price(self, project: str, money: list[int], cost: int) -> tuple[int, int] | None:
        """(R, W) with ρ = R/W the least price per unit of utility at which the project's supporters
        cover ``cost`` (in money units), paying ρ·utility or all they have; None if they cannot."""
        counts = self.counts
        if self.cost_utility:
            classes: dict[int, int] = {}
            total = 0
            for group, _ in self.supporters[project]:
                m = money[group]
                if m:
                    n = counts[group]
                    classes[m] = classes.get(m, 0) + n
                    total += m * n
            if total < cost:
                return None
            weight = sum(classes.values())
            remaining = cost
            for m in sorted(classes):
                n = classes[m]
                if remaining <= m * weight:
                    return remaining, weight
                remaining -= m * n
                weight -= n
            return None
        pairs: dict[tuple[int, int], int] = {}
        total = 0
        for group, u in self.supporters[project]:
            m = money[group]
            if m:
                n = counts[group]
                pairs[(m, u)] = pairs.get((m, u), 0) + n
                total += m * n
        if total < cost:
            return None
        weight = sum(u * n for (_, u), n in pairs.items())
        remaining = cost
        for (m, u), n in sorted(pairs.items(), key=lambda item: Fraction(item[0][0], item[0][1])):
            if remaining * u <= m * weight:
                return remaining, weight
            remaining -= m * n
            weight -= u * n
        return None

    def run(
        self, per_voter: Fraction, eligible: Iterable[str]
    ) -> tuple[list[str], dict[str, Fraction], list[Fraction]]:
        """The projects bought in order, each one's price (what a supporter paying in full paid, or
        per point), and each group's voters' money left."""
        denominator = math.lcm(per_voter.denominator, self.cost_scale)
        money = [int(per_voter * denominator)] * len(self.utilities)
        open_ = [p for p in eligible if self.supporters.get(p)]
        selected: list[str] = []
        prices: dict[str, Fraction] = {}
        # Each open project's place in the order (None: its supporters cannot pay for it); only the
        # projects whose supporters paid for the last purchase need it again.
        keys: dict[str, tuple[Fraction, int, tuple[int, int, str]] | None] = {}
        stale = set(open_)
        while True:
            unit = denominator // self.cost_scale
            for project in stale:
                priced = self._price(project, money, self.costs[project] * unit)
                z = self.costs[project] if self.cost_utility else 1
                keys[project] = (
                    None
                    if priced is None
                    else (Fraction(priced[0], priced[1] * z * unit), self.costs[project], id_key(project))
                )
            candidates = [(key, project) for project, key in keys.items() if key is not None]
            if not candidates:
                return selected, prices, [Fraction(m, denominator) for m in money]
            choice = min(candidates)[1]
            found = self._price(choice, money, self.costs[choice] * unit)
            assert found is not None
            remaining, weight = found
            factor = weight // math.gcd(remaining, weight)
            if factor > 1:
                money = [m * factor for m in money]
                denominator *= factor
                remaining *= factor
            stale = set()
            for group, u in self.supporters[choice]:
                m = money[group]
                if m:
                    money[group] = m - min(m, remaining * (1 if self.cost_utility else u) // weight)
                    stale.update(self.utilities[group])
            selected.append(choice)
            del keys[choice]
            stale &= keys.keys()
            # paid by a supporter paying in full (approval), or per point
            prices[choice] = Fraction(remaining, weight * denominator)


def equal_shares(
    instance: Instance, *, completion: str | None = "add1", greedy_after: bool = False, unit: int = 1
) -> Outcome:
    """The Method of Equal Shares: every voter starts with an equal part of the budget; a project is
    bought by its supporters, each paying the same price per unit of utility or all they have left,
    the lowest price first. Approval ballots use **cost utilities** (a supporter's utility of a
    project is its cost, as Pabulib's ``equalshares`` does); cumulative, scoring and ordinal ballots
    use their points, so payments follow points.

    ``completion="add1"`` raises every voter's starting money by one unit at a time and runs again,
    keeping the last outcome that stays within the budget (Pabulib's ``equalshares/add1``); ``unit``
    is that step in currency units (1 as Pabulib defines add1; a process in won may take 1,000, the
    천원 of Korean budget documents, where 1 would take hundreds of thousands of runs). ``greedy_after`` then fills
    what is left greedily by score (off by default: the published add1 elections do not)."""
    if completion not in (None, "add1"):
        raise TallyError("unknown_completion", value=str(completion))
    voters = sum(b.count for b in instance.ballots)
    if voters == 0:
        raise TallyError("no_ballots")
    score = scores(instance)
    eligible = [p for p in instance.costs if instance.min_score is None or score[p] >= instance.min_score]
    cost_utility = instance.vote_type in ("approval", "choose-1")
    groups: Counter[tuple[tuple[str, int], ...]] = Counter()
    for ballot in instance.ballots:
        groups[tuple(sorted(instance.utilities(ballot).items()))] += ballot.count
    utilities = [dict(key) for key in groups]
    counts = list(groups.values())
    shares = _Shares(instance, utilities, counts, cost_utility=cost_utility)
    costs = instance.costs

    def total(projects: list[str]) -> Fraction:
        return sum((costs[p] for p in projects), Fraction(0))

    base = instance.budget / voters
    step, rounds = 0, 1
    if completion == "add1":
        step, rounds = add1_step(shares, base, eligible, total, instance.budget, unit)
    per_voter = base + step * unit
    result = shares.run(per_voter, eligible)
    selected, prices, money = result
    selected = list(selected)
    decisions: dict[str, Decision] = {}
    for turn, project in enumerate(selected, start=1):
        decisions[project] = Decision(
            project, True, "bought", score[project], costs[project], price=prices[project], turn=turn
        )
    support_left: dict[str, Fraction] = defaultdict(Fraction)
    for group, utility in enumerate(utilities):
        for project in utility:
            support_left[project] += money[group] * counts[group]
    left = instance.budget - total(selected)
    if greedy_after:
        for project in sorted(eligible, key=lambda p: (-score[p], costs[p], id_key(p))):
            if project not in decisions and costs[project] <= left:
                selected.append(project)
                left -= costs[project]
                decisions[project] = Decision(
                    project,
                    True,
                    "completed",
                    score[project],
                    costs[project],
                    left + costs[project],
                    turn=len(selected),
                )
    for project in costs:
        if project in decisions:
            continue
        if project not in eligible:
            decisions[project] = Decision(project, False, "below_threshold", score[project], costs[project])
        else:
            decisions[project] = Decision(
                project, False, "unaffordable", score[project], costs[project], supporters_money=support_left[project]
            )
    payments = _payments(utilities, counts, per_voter, selected, prices, cost_utility=cost_utility)
    rule = "equalshares/add1" if completion == "add1" else "equalshares"
    return Outcome(rule, instance.budget, selected, decisions, per_voter, payments, rounds)


def add1_step(
    shares: _Shares,
    base: Fraction,
    eligible: list[str],
    total: Callable[[list[str]], Fraction],
    budget: Fraction,
    unit: int = 1,
) -> tuple[int, int]:
    """How many whole units add1 raises each voter's starting money, and how many runs it took: it
    tries base + 0, + 1, + 2 … while the outcome stays within the budget, and keeps the last that
    did (as equalshares.net and Pabulib's checker do; an outcome with no room for another project
    does not stop it, since more money may still change which projects are bought). Once every
    project somebody supports is bought, more money changes nothing, and it stops there."""
    supported = {p for p in eligible if shares.supporters.get(p)}
    step, runs = 0, 1
    selected = shares.run(base, eligible)[0]
    while not supported <= set(selected):
        trial = shares.run(base + (step + 1) * unit, eligible)[0]
        runs += 1
        if total(trial) > budget:
            break
        step, selected = step + 1, trial
    return step, runs


def _payments(
    utilities: list[dict[str, int]],
    counts: list[int],
    per_voter: Fraction,
    selected: list[str],
    prices: dict[str, Fraction],
    *,
    cost_utility: bool,
) -> list[Payment]:
    """What one voter of each group paid for each project Equal Shares bought, replayed in order."""
    money = [per_voter] * len(utilities)
    paid: list[dict[str, Fraction]] = [{} for _ in utilities]
    for project in selected:
        if project not in prices:
            continue
        for group, utility in enumerate(utilities):
            if project in utility and money[group] > 0:
                pay = min(money[group], prices[project] * (1 if cost_utility else utility[project]))
                money[group] -= pay
                paid[group][project] = pay
    return [
        Payment(tuple(utility), counts[group], paid[group], money[group]) for group, utility in enumerate(utilities)
    ]


def compare_with_greedy(instance: Instance, outcome: Outcome) -> Outcome:
    """The comparison step of Pabulib's ``equalshares-comparison`` rules (as its checker and
    equalshares.net define it): the greedy outcome by votes is computed from scratch; a voter prefers
    the outcome funding more of the projects they picked; if more voters prefer greedy's, it is
    the outcome, else Equal Shares' stands. Both counts are kept on the outcome."""
    other = greedy(Instance(instance.budget, instance.costs, instance.ballots, instance.vote_type))
    mine, theirs = set(outcome.selected), set(other.selected)
    prefer_mes = prefer_greedy = 0
    for ballot in instance.ballots:
        funded_mes = sum(1 for p in ballot.picks if p in mine)
        funded_greedy = sum(1 for p in ballot.picks if p in theirs)
        if funded_mes > funded_greedy:
            prefer_mes += ballot.count
        elif funded_greedy > funded_mes:
            prefer_greedy += ballot.count
    chosen = other if prefer_greedy > prefer_mes else outcome
    chosen.rule = outcome.rule + "-comparison" if "/" in outcome.rule else "equalshares-comparison"
    chosen.compared = (prefer_mes, prefer_greedy)
    return chosen


def tally(instance: Instance, rule: str, *, greedy_after: bool = False, unit: int = 1) -> Outcome:
    if rule in GREEDY_RULES:
        return greedy(instance, rule)
    if rule in MES_RULES:
        completion = "add1" if rule.startswith("equalshares/add1") else None
        outcome = equal_shares(instance, completion=completion, greedy_after=greedy_after, unit=unit)
        return compare_with_greedy(instance, outcome) if rule.endswith("-comparison") else outcome
    raise TallyError("unknown_rule", value=rule)
