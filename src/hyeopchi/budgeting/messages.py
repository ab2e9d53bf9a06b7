"""The budget modules' refusals in the reader's language: each names the line or the key it found."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hyeopchi.budgeting.pabulib import PabulibError
from hyeopchi.budgeting.tally import TallyError

MESSAGES: dict[str, Promise] = {
    "meta_not_a_number": _("META: “%(value)s” for %(key)s is not a number."),
    "meta_not_a_whole_number": _("META: “%(value)s” for %(key)s is not a whole number."),
    "cost_not_a_number": _("The cost of the project “%(project)s” is “%(value)s”, which is not a number."),
    "section_twice": _("The section %(section)s appears twice."),
    "text_before_meta": _("The file must begin with the line META."),
    "missing_section": _("The section %(section)s is missing (a Pabulib file has META, PROJECTS and VOTES)."),
    "missing_header": _("The section %(section)s has no header row."),
    "bad_header": _("The header of %(section)s must begin with “%(expected)s”."),
    "wrong_cell_count": _("%(section)s has %(count)s cells in this row where its header has %(expected)s."),
    "missing_meta": _("META has no value for “%(key)s”."),
    "unknown_vote_type": _("The vote type “%(value)s” is not approval, ordinal, cumulative, scoring or choose-1."),
    "missing_column": _("%(section)s has no column “%(column)s”."),
    "duplicate_project": _("The project “%(project)s” is listed twice."),
    "negative_cost": _("The project “%(project)s” has a negative cost (%(value)s)."),
    "duplicate_voter": _("The voter “%(voter)s” has two ballots."),
    "unknown_project": _("The voter “%(voter)s” votes for “%(project)s”, which is not in PROJECTS."),
    "pick_twice": _("The voter “%(voter)s” names a project twice."),
    "points_do_not_match": _("The voter “%(voter)s” has a different number of points and projects."),
    "bad_points": _("The voter “%(voter)s” gives points that are not whole numbers of at least 0."),
    "wrong_count": _("META says %(key)s is %(value)s, but the file has %(found)s."),
    "bad_budget": _("The budget must be more than 0 (it is %(value)s)."),
    "too_large": _("The file is larger than %(value)s MB."),
    "not_utf8": _("The file is not UTF-8 text."),
    "unknown_rule": _(
        "The rule “%(value)s” is not greedy, greedy-no-skip, greedy-threshold, equalshares, equalshares/add1 "
        "or one of these two with -comparison."
    ),
    "unknown_completion": _("The completion “%(value)s” is not add1."),
    "no_ballots": _("There are no ballots to count."),
}


def budget_message(error: PabulibError | TallyError) -> str:
    """The refusal in the reader's language, with its line when it has one."""
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    params = dict.fromkeys(("value", "section", "key", "expected", "count", "found", "project", "voter", "column"), "")
    params.update(error.params)
    text = str(template) % params
    line = getattr(error, "line", 0)
    return gettext("Line %(line)s: %(message)s") % {"line": line, "message": text} if line else text


REASONS: dict[str, Promise] = {
    "fits": _("selected: it fit the money left"),
    "does_not_fit": _("skipped: it cost more than the money left"),
    "after_stop": _("not considered: an earlier project did not fit and the rule stops there"),
    "below_threshold": _("not considered: its score is below the rule's minimum"),
    "bought": _("selected: its supporters could pay for it with equal shares"),
    "unaffordable": _("not selected: its supporters' money left was less than its cost"),
    "completed": _("selected by the greedy completion after Equal Shares"),
}


def reason_label(code: str) -> str:
    """Why a project was or was not selected, in the reader's language."""
    return str(REASONS.get(code, code))
