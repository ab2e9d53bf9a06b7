"""Widgets and fields every form shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dates people plan with fall in these years; year 1 or 9999 would overflow once moved to UTC or
# stepped by a day (the API keeps the same bounds, api/schemas.py).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
OUT_OF_RANGE = _("Give a year from %(first)s to %(last)s.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _plausible(value: dt.date | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(OUT_OF_RANGE % {"first": EARLIEST_YEAR, "last": LATEST_YEAR})


class PlannedDateField(forms.DateField):
    """A date in the years people plan with; others are a form error, not a server error."""

    def to_python(self, value: Any) -> dt.date | None:
        result = super().to_python(value)
        _plausible(result)
        return result


class PlannedDateTimeField(forms.DateTimeField):
    """A date and time in the years people plan with, read in Seoul time."""

    def to_python(self, value: Any) -> dt.datetime | None:
        try:
            result = super().to_python(value)
        except OverflowError as error:  # year 1 cannot be moved from Seoul time to UTC
            raise ValidationError(OUT_OF_RANGE % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}) from error
        _plausible(result)
        return result
