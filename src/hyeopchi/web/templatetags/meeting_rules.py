"""Quorums and majorities in words: "과반수", "3분의 2 이상"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from hyeopchi.meetings.rules import MAJORITY, Threshold

register = template.Library()


@register.filter
def threshold_words(threshold: Threshold) -> str:
    if threshold == MAJORITY:
        return _("a majority")
    values = {"numerator": threshold.numerator, "denominator": threshold.denominator}
    if threshold.more_than:
        return _("more than %(numerator)d/%(denominator)d") % values
    return _("%(numerator)d/%(denominator)d or more") % values
