"""Translated sentences for the codes the pure composition module returns."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from hyeopchi.organizations.composition import Violation


def rule_error_message(code: str) -> str:
    messages = {
        "unknown_kind": _("Choose one of the listed rules."),
        "not_a_number": _("Enter a whole number."),
        "negative": _("The number cannot be negative."),
        "no_bounds": _("Give a minimum, a maximum or both."),
        "min_above_max": _("The minimum cannot be greater than the maximum."),
        "empty_body": _("A body needs room for at least one member."),
        "required": _("This field is required."),
        "two_sides_required": _("Name the two sides that must be equal."),
        "same_side": _("The two sides must be different."),
        "post_of_other_body": _("Choose a seat of this body."),
        "unknown_body": _("Choose an existing body."),
        "not_an_object": _("Parameters must be a JSON object."),
    }
    return messages.get(code, _("This value is not valid."))


def seat_error_message(code: str) -> str:
    messages = {
        "negative": _("The number cannot be negative."),
        "at_least_one": _("A seat must allow at least one holder."),
        "min_above_max": _("The minimum cannot be greater than the maximum."),
        "self_reference": _("A seat cannot be held ex officio from itself."),
    }
    return messages.get(code, _("This value is not valid."))


def violation_message(
    violation: Violation,
    *,
    side_labels: Mapping[str, str] | None = None,
    organization_names: Mapping[int, str] | None = None,
    person_names: Mapping[int, str] | None = None,
) -> str:
    """One sentence for one violation, naming seats, sides, organizations and people."""
    p = dict(violation.params)
    sides = side_labels or {}
    for key in ("side", "first", "second"):
        if key in p:
            p[key] = sides.get(p[key], p[key])
    if "organization_id" in p:
        p["organization"] = (organization_names or {}).get(p["organization_id"], "?")
    if "person_id" in p:
        p["person"] = (person_names or {}).get(p["person_id"], "?")
    code = violation.code
    if code == "post_under_min":
        return _("%(post)s: %(count)d holding, at least %(min)d required.") % p
    if code == "post_over_max":
        return _("%(post)s: %(count)d holding, at most %(max)d allowed.") % p
    if code == "total_below":
        return _("%(count)d members in total, at least %(min)d required.") % p
    if code == "total_above":
        return _("%(count)d members in total, at most %(max)d allowed.") % p
    if code == "side_below":
        return _("%(side)s: %(count)d members, at least %(min)d required.") % p
    if code == "side_above":
        return _("%(side)s: %(count)d members, at most %(max)d allowed.") % p
    if code == "parity_broken":
        return _("%(first)s (%(first_count)d) and %(second)s (%(second_count)d) must be equal in number.") % p
    if code == "organization_repeated":
        return _("%(organization)s holds %(count)d seats; one seat per organization.") % p
    if code == "post_vacant":
        return _("The seat %(post)s must be filled.") % p
    if code == "not_in_parent":
        return _("%(person)s is not a member of the parent body.") % p
    return code
