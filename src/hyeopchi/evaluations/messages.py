"""The engine's refusals in the reader's language: each code names the place it found."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hyeopchi.evaluations.engine import EngineError

MESSAGES: dict[str, Promise] = {
    "not_a_number": _("%(place)s: “%(value)s” is not a number."),
    "bad_shape": _("%(place)s: a value is a list, a mapping or a number where the documented format has another kind."),
    "missing_key": _("%(place)s: “%(key)s” is missing."),
    "duplicate_key": _("%(place)s: the key “%(key)s” is used twice."),
    "unknown_mode": _("%(place)s: the mode “%(value)s” is not rubric, quantitative, survey, checklist or points."),
    "unknown_aggregation": _("%(place)s: the aggregation “%(value)s” is not trimmed, mean, median or consensus."),
    "unknown_direction": _("%(place)s: the direction “%(value)s” is not higher, lower or ratio."),
    "bad_rubric_table": _("%(place)s: the rubric table needs one fraction per level."),
    "bad_rubric_descriptors": _(
        "%(place)s: give one descriptor per level (%(value)s), each a text of at most 300 characters."
    ),
    "bad_quantitative_range": _("%(place)s: the floor and the target must differ."),
    "panel_weights_do_not_sum": _("%(place)s: the panel weights sum to %(value)s, not 1."),
    "field_points_do_not_sum": _("%(place)s: the indicators' points sum to %(value)s, not the field's %(expected)s."),
    "points_do_not_sum": _("The fields' points sum to %(value)s, not 100."),
    "unknown_panel_kind": _("%(place)s: the panel kind “%(value)s” is not expert, citizen, public_online or data."),
    "unknown_incomplete": _("%(place)s: an incomplete panel is either block or renormalise, not “%(value)s”."),
    "unknown_grading": _("The grading mode “%(value)s” is not relative or absolute."),
    "bad_quota_shares": _("%(place)s: give one share per grade, summing to 1 (now %(value)s)."),
    "unknown_rounding": _("%(place)s: the rounding “%(value)s” is not floor, half_up or ceil."),
    "unknown_ties": _("%(place)s: ties are inclusive or exclusive, not “%(value)s”."),
    "bad_thresholds": _("%(place)s: give one threshold fewer than there are grades."),
    "unknown_indicator": _("%(place)s: there is no indicator or field “%(value)s”."),
    "unknown_incentives": _("%(place)s: incentives are weighted or tiers, not “%(value)s”."),
    "unknown_grade": _("%(place)s: there is no grade “%(value)s”."),
    "pool_not_in_units": _("%(place)s: the pool %(value)s must be a positive multiple of the unit."),
    "group_pools_do_not_sum": _("%(place)s: the group pools sum to %(value)s, not the pool."),
    "incentives_exceed_pool": _(
        "The incentive table pays %(value)s, more than the pool of %(place)s: nothing was allocated."
    ),
    "unknown_target": _("%(place)s: there is no target “%(value)s” in this round."),
    "panel_not_on_indicator": _("%(place)s: the panel “%(value)s” does not rate this indicator."),
    "rating_out_of_scale": _("%(place)s: the rating %(value)s is outside the scale %(low)s–%(high)s."),
    "panel_incomplete": _("Not enough ratings to compute: %(place)s."),
    "consensus_outside_ratings": _(
        "The agreed score %(value)s lies outside the individual ratings; give a reason to override."
    ),
    "no_weight": _("Nobody is eligible for the incentive."),
    "small_group": _(
        "The group “%(place)s” has %(value)s targets, fewer than %(expected)s: set "
        "grading.small_groups to absolute (with thresholds) or merge:<group>."
    ),
    "unknown_small_groups": _("%(place)s: “%(value)s” is neither absolute nor merge:<group>."),
    "unknown_disqualified": _("%(place)s: “%(value)s” is neither unranked nor ranked."),
    "not_a_flag": _("%(place)s: “%(value)s” is neither true nor false."),
}


def engine_message(error: EngineError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    params = {"place": error.detail, "value": error.detail, "key": "", "expected": "", "low": "", "high": ""}
    params.update(error.params)
    return str(template) % params


def mode_label(mode: str) -> str:
    """How a panel rates an indicator, in the reader's language."""
    labels = {
        "rubric": _("rubric levels"),
        "quantitative": _("quantitative figure"),
        "survey": _("survey"),
        "checklist": _("checklist"),
        "points": _("raw points"),
    }
    return str(labels.get(mode, mode))
