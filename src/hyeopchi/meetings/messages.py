"""Translated sentences for the recurrence module: its error codes and its rules in words."""

from __future__ import annotations

import datetime as dt

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hyeopchi.meetings import recurrence


def rule_error_message(code: str) -> str:
    messages = {
        "rule_required": _("Enter a recurrence rule."),
        "rule_syntax": _("Write one RRULE such as FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH."),
        "rule_invalid": _("This recurrence rule is not valid RFC 5545."),
        "rule_too_frequent": _("Meetings recur daily at most."),
        "naive_start": _("Give the first occurrence with a time zone."),
        "pattern_unknown": _("Choose how the meetings repeat."),
        "interval_out_of_range": _("Repeat every 1 to 12 weeks or months."),
        "no_fifth_weekday": _(
            "Not every month has a fifth such weekday; choose “on the last weekday” or another first date."
        ),
        "not_last_weekday": _("The first meeting is not on the last such weekday of its month."),
    }
    return messages.get(code, _("This recurrence rule is not valid RFC 5545."))


def _week_name(week: int) -> str:
    names = {
        1: pgettext("week of the month", "first"),
        2: pgettext("week of the month", "second"),
        3: pgettext("week of the month", "third"),
        4: pgettext("week of the month", "fourth"),
        5: pgettext("week of the month", "fifth"),
        -1: pgettext("week of the month", "last"),
    }
    return names[week]


def describe_rule(rule: str, until: dt.date | None = None) -> str:
    """The rule in words (“Every other month on the fourth Tuesday”), or the rule itself when it
    is not one the picker makes."""
    shape = recurrence.shape_of(rule)
    if shape is None:
        return rule
    weekday = str(WEEKDAYS[shape.weekday]) if shape.weekday is not None else ""
    values = {"n": shape.interval, "weekday": weekday, "day": shape.monthday}
    if shape.frequency == "weekly":
        text = (
            _("Every %(weekday)s") % values if shape.interval == 1 else _("Every %(n)s weeks on %(weekday)s") % values
        )
    else:
        if shape.interval == 1:
            every = _("Monthly")
        elif shape.interval == 2:
            every = _("Every other month")
        else:
            every = _("Every %(n)s months") % values
        values["every"] = every
        if shape.week is not None:
            values["week"] = _week_name(shape.week)
            text = _("%(every)s on the %(week)s %(weekday)s") % values
        else:
            text = _("%(every)s on day %(day)s") % values
    last_day = until or shape.until
    if last_day is not None:
        text = _("%(rule)s, until %(day)s") % {"rule": text, "day": last_day.isoformat()}
    return text
