from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(models.TextChoices):
    """A process's phases in their order (CONSUL's linked phases, as Korean 주민참여예산 runs them)."""

    IDEAS = "ideas", pgettext_lazy("budget phase", "ideas")
    REVIEW = "review", pgettext_lazy("budget phase", "department review")
    COMMITTEE = "committee", pgettext_lazy("budget phase", "committee review")
    VOTING = "voting", pgettext_lazy("budget phase", "voting")
    TALLY = "tally", pgettext_lazy("budget phase", "tally")
    PUBLICATION = "publication", pgettext_lazy("budget phase", "publication")
    IMPLEMENTATION = "implementation", pgettext_lazy("budget phase", "implementation")


PHASE_ORDER = list(Phase.values)


class VoteType(models.TextChoices):
    """The ballot of a heading (Pabulib's ``vote_type``, with knapsack as approval within the money)."""

    APPROVAL = "approval", _("approval: pick between a minimum and a maximum number")
    KNAPSACK = "knapsack", _("within the budget: pick projects whose costs fit the heading's money")
    CUMULATIVE = "cumulative", _("points: share a number of points among projects")
    ORDINAL = "ordinal", _("ranking: rank a number of projects")
    CHOOSE_1 = "choose-1", _("one choice: pick exactly one project")


class Rule(models.TextChoices):
    GREEDY = "greedy", _("most votes first, skipping what no longer fits")
    GREEDY_NO_SKIP = "greedy-no-skip", _("most votes first, stopping at the first that does not fit")
    GREEDY_THRESHOLD = "greedy-threshold", _("most votes first, among those with a minimum share of votes")
    EQUAL_SHARES = "equalshares/add1", _("Method of Equal Shares, completed by add1")
    EQUAL_SHARES_ALONE = "equalshares", _("Method of Equal Shares, without completion")
    EQUAL_SHARES_COMPARED = (
        "equalshares/add1-comparison",
        _("Method of Equal Shares with add1, kept only if voters prefer it to most votes first"),
    )
    EQUAL_SHARES_ALONE_COMPARED = (
        "equalshares-comparison",
        _("Method of Equal Shares, kept only if voters prefer it to most votes first"),
    )


class Feasibility(models.TextChoices):
    PENDING = "pending", _("under review")
    FEASIBLE = "feasible", _("feasible")
    INFEASIBLE = "infeasible", _("not feasible")


class Channel(models.TextChoices):
    ONLINE = "internet", _("online")
    PAPER = "paper", _("paper")
