"""Who wins a participatory budget: the greedy rules and the Method of Equal Shares, exactly.

Money is exact: costs and budgets are ``Fraction``s of what was written (whole won in a process),
shares and prices are ``Fraction``s or integers over a common denominator. The one float shortcut:
add1's trial runs are first tried in floating point with a bound on every rounding, and a run with
any decision within that bound of going the other way is run again exactly (``quick_selection``);
every outcome, price and payment reported comes from an exact run. Every rule is a pure function of an
``Instance`` and returns an ``Outcome``: the projects selected in the order chosen, and for every
project a ``Decision`` saying why (``../shared/reference/budgeting.md`` states the rules).

Ties are broken in one documented order, the same for every rule: the higher score (or, under Equal
Shares, the lower price per unit of utility) first, then the lower cost, then the project id
(numbers by value, before other ids, which go by text).

Voters who cast the same ballot are one **group**: under every rule here they are treated alike
(Equal Shares charges them alike), so a tally works on distinct ballots and their counts.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy

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


class _TooClose(Exception):
    """A floating-point decision too close to call."""


class _Offer:
    """A project's price per unit of utility, ``num``/``den`` (not reduced: ordered by
    cross-multiplying), found after ``priced_at`` purchases; the least price first, then the lower
    cost, then the id."""

    __slots__ = ("cost", "den", "num", "order", "priced", "priced_at", "project")

    def __init__(self, num: int, den: int, cost: int, order: tuple[int, int, str], priced_at: int, project: str):
        self.num, self.den, self.cost, self.order = num, den, cost, order
        self.priced_at, self.project = priced_at, project
        self.priced: tuple[int, int] = (0, 1)  # (remaining, weight) as _price found them

    def __lt__(self, other: _Offer) -> bool:
        mine, theirs = self.num * other.den, other.num * self.den
        return mine < theirs or mine == theirs and (self.cost, self.order) < (other.cost, other.order)


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
        # for quick_selection, made on its first call
        self.arrays: dict[str, tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]] | None = None
        self.float_costs: dict[str, float] = {}
        self.weights_of: dict[str, float] = {}
        self.scale = 1
        # approval: each project's supporting groups and their sizes, for pricing in bulk
        self.groups = {p: [g for g, _ in pairs] for p, pairs in self.supporters.items()}
        self.sizes = {p: [counts[g] for g, _ in pairs] for p, pairs in self.supporters.items()}

    def _price(self, project: str, money: list[int], cost: int) -> tuple[int, int] | None:
        """(R, W) with ρ = R/W the least price per unit of utility at which the project's supporters
        cover ``cost`` (in money units), paying ρ·utility or all they have; None if they cannot."""
        counts = self.counts
        if self.cost_utility:
            have = [money[g] for g in self.groups[project]]
            sizes = self.sizes[project]
            if sum(map(operator.mul, have, sizes)) < cost:
                return None
            # the poorest pay all they have until the rest, paying alike, cover what is left
            weight = sum(sizes)
            remaining = cost
            for m, n in sorted(zip(have, sizes, strict=True)):
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

    def quick_selection(self, per_voter: Fraction, eligible: Iterable[str]) -> list[str] | None:
        """What ``run`` buys from ``per_voter`` each, found in floating point, or None when some
        decision came too close to call (the exact ``run`` then decides).

        Every float amount here is within ``slack`` (a billionth of all the money and the costs
        together) of its exact value, a bound many orders above the rounding of a double over the
        few hundred operations behind any one amount; a comparison whose sides differ by more than
        their bounds went as the exact run's does, and only then is its result trusted."""
        if self.arrays is None:
            self.arrays = {
                p: (
                    numpy.array([g for g, _ in pairs], dtype=numpy.intp),
                    numpy.array([self.counts[g] for g, _ in pairs], dtype=float),
                    numpy.array([1 if self.cost_utility else u for _, u in pairs], dtype=float),
                )
                for p, pairs in self.supporters.items()
            }
            self.float_costs = {p: float(c) for p, c in self.costs.items()}
            self.weights_of = {p: float(sizes @ units) for p, (_, sizes, units) in self.arrays.items()}
            widest = max((int(u.max()) for _, _, u in self.arrays.values()), default=1)
            self.scale = sum(self.counts) * widest
        arrays, costs, weights_of = self.arrays, self.float_costs, self.weights_of
        start = float(per_voter * self.cost_scale)
        slack = 1e-9 * (start * self.scale + max(costs.values(), default=0.0))
        money = numpy.full(len(self.utilities), start)

        def price(project: str) -> tuple[float, float, bool] | None:
            cost = costs[project]
            groups, sizes, units = arrays[project]
            have = money[groups]
            total = float(have @ sizes)
            if abs(total - cost) <= slack:
                raise _TooClose
            if total < cost:
                return None
            paying = have > 0  # a supporter with nothing left is exactly 0.0
            if paying.all():
                everyone = weights_of[project]
            else:
                have, sizes, units = have[paying], sizes[paying], units[paying]
                everyone = float(sizes @ units)
            poorest = float(have.min()) if self.cost_utility else float((have / units).min())
            if poorest * everyone - cost > slack:  # nobody runs out: all pay at the same rate
                return cost / everyone, everyone, True
            order = numpy.argsort(have / units, kind="stable")
            have, sizes, units = have[order], sizes[order], units[order]
            weights = sizes * units
            # before each supporter: what is left to pay after the poorer paid all they have, and
            # the weight of those not yet counted; the first who can pay the going rate stops it
            remaining = cost - numpy.concatenate(([0.0], numpy.cumsum(have * sizes)[:-1]))
            weight = weights.sum() - numpy.concatenate(([0.0], numpy.cumsum(weights)[:-1]))
            gap = remaining * units - have * weight
            stop = int(numpy.argmax(gap <= 0))
            if gap[stop] > -slack or (stop and gap[:stop].min() <= slack):
                raise _TooClose
            return float(remaining[stop] / weight[stop]), float(weight[stop]), False

        errors: dict[str, float] = {}
        found: dict[str, tuple[float, float]] = {}
        selected: list[str] = []
        heap = []
        try:
            for p in eligible:
                if not self.supporters.get(p):
                    continue
                if not self.cost_utility:
                    heap.append((0.0, self.costs[p], id_key(p), -1, p))
                    continue
                # approval, everyone's money alike: the supporters pay cost / their number each
                weight = weights_of[p]
                short = costs[p] - start * weight
                if abs(short) <= slack:
                    raise _TooClose
                if short < 0:
                    errors[p], found[p] = 0.0, (costs[p] / weight, weight)
                    heap.append((1.0 / weight, self.costs[p], id_key(p), 0, p))
            heapq.heapify(heap)
            while heap:
                key, cost, order, priced_at, project = heap[0]
                if priced_at != len(selected):
                    priced = price(project)
                    if priced is None:
                        heapq.heappop(heap)
                    else:
                        rate, weight, everyone_paid = priced
                        z = costs[project] if self.cost_utility else 1.0
                        # approval, where all supporters pay alike: the price per unit is exactly
                        # 1 / their number, and two such prices compare exactly as floats
                        errors[project] = 0.0 if everyone_paid and self.cost_utility else slack / (weight * z)
                        found[project] = priced[:2]
                        exact = not errors[project]
                        heapq.heapreplace(
                            heap, (1.0 / weight if exact else rate / z, cost, order, len(selected), project)
                        )
                    continue
                heapq.heappop(heap)
                if heap and heap[0][0] - key <= errors[project] + max(errors.values()):
                    # near the choice: only projects whose prices and this one's are exact
                    for other in heap:
                        if other[0] - key <= errors[project] + errors[other[4]] and (
                            errors[project] or errors[other[4]]
                        ):
                            raise _TooClose
                rate, weight = found[project]
                groups, _, units = arrays[project]
                have = money[groups]
                left = have - rate * units
                if numpy.abs(left[have > 0] / units[have > 0]).min(initial=numpy.inf) <= 2 * slack / weight:
                    raise _TooClose
                money[groups] = numpy.where(left > 0, left, 0.0)
                selected.append(project)
        except _TooClose:
            return None
        return selected

    def run(
        self, per_voter: Fraction, eligible: Iterable[str]
    ) -> tuple[list[str], dict[str, Fraction], list[int], int]:
        """The projects bought in order, each one's price (what a supporter paying in full paid, or
        per point), and each group's voters' money left, over the denominator given last."""
        denominator = math.lcm(per_voter.denominator, self.cost_scale)
        money = [int(per_voter * denominator)] * len(self.utilities)
        selected: list[str] = []
        prices: dict[str, Fraction] = {}
        # Lazy: a project's price per unit of utility only rises as voters spend (less money can only
        # cost more), so a price found earlier is a lower bound. The least bound is popped; if it was
        # found since the last purchase it is the true least price, else it is found again and
        # pushed back. Most projects are not priced again after every purchase.
        heap = [_Offer(0, 1, self.costs[p], id_key(p), -1, p) for p in eligible if self.supporters.get(p)]
        heapq.heapify(heap)
        purchases = 0
        while heap:
            offer = heap[0]
            project = offer.project
            if offer.priced_at != purchases:
                unit = denominator // self.cost_scale
                priced = self._price(project, money, self.costs[project] * unit)
                if priced is None:  # its supporters cannot pay for it now, nor after spending more
                    heapq.heappop(heap)
                else:
                    z = self.costs[project] if self.cost_utility else 1
                    offer = _Offer(priced[0], priced[1] * z * unit, offer.cost, offer.order, purchases, project)
                    offer.priced = priced
                    heapq.heapreplace(heap, offer)
                continue
            heapq.heappop(heap)
            remaining, weight = offer.priced
            factor = weight // math.gcd(remaining, weight)
            if factor > 1:
                money = list(map(factor.__mul__, money))
                denominator *= factor
                remaining *= factor
            if self.cost_utility:
                pay = remaining // weight
                for group in self.groups[project]:
                    m = money[group]
                    if m:
                        money[group] = m - pay if m > pay else 0
            else:
                for group, u in self.supporters[project]:
                    m = money[group]
                    if m:
                        money[group] = m - min(m, remaining * u // weight)
            selected.append(project)
            purchases += 1
            # paid by a supporter paying in full (approval), or per point
            prices[project] = Fraction(remaining, weight * denominator)
        return selected, prices, money, denominator


def shares_of(instance: Instance) -> _Shares:
    """The instance's voters as groups of like ballots, ready for runs of Equal Shares."""
    groups: Counter[tuple[tuple[str, int], ...]] = Counter()
    for ballot in instance.ballots:
        groups[tuple(sorted(instance.utilities(ballot).items()))] += ballot.count
    utilities = [dict(key) for key in groups]
    cost_utility = instance.vote_type in ("approval", "choose-1")
    return _Shares(instance, utilities, list(groups.values()), cost_utility=cost_utility)


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
    shares = shares_of(instance)
    utilities, counts, cost_utility = shares.utilities, shares.counts, shares.cost_utility
    costs = instance.costs

    def total(projects: list[str]) -> Fraction:
        return sum((costs[p] for p in projects), Fraction(0))

    base = instance.budget / voters
    step, rounds = 0, 1
    if completion == "add1":
        step, rounds = add1_step(shares, base, eligible, total, instance.budget, unit)
    per_voter = base + step * unit
    result = shares.run(per_voter, eligible)
    selected, prices, numerators, denominator = result
    money = [Fraction(m, denominator) for m in numerators]
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
    selected = shares.quick_selection(base, eligible) or shares.run(base, eligible)[0]
    while not supported <= set(selected):
        per_voter = base + (step + 1) * unit
        trial = shares.quick_selection(per_voter, eligible)
        if trial is None:
            trial = shares.run(per_voter, eligible)[0]
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
