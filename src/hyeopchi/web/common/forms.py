"""Widgets and fields every form shares."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hyeopchi.organizations.models import Organization

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


class RepeatedRows:
    """Rows of the same fields inside one form (``seats_0_body``, ``seats_0_role``, ``seats_1_body``
    …), without a formset's management form, so a plain POST (or a test) needs only the rows it uses.

    A form offers ``minimum`` rows, and one more than the last row sent back, up to ``maximum``; a
    row counts as used when its ``key`` field is not empty.
    """

    def __init__(
        self,
        form: forms.Form,
        prefix: str,
        make_fields: Callable[[], dict[str, forms.Field]],
        *,
        key: str,
        minimum: int,
        maximum: int,
        legend: Any = "",
        help_text: Any = "",
    ) -> None:
        self.form, self.prefix, self.key = form, prefix, key
        self.legend, self.help_text = legend, help_text
        self.parts = list(make_fields())
        used = [
            int(name.split("_")[1])
            for name, value in (form.data or {}).items()
            if name.startswith(f"{prefix}_") and name.endswith(f"_{key}") and name.split("_")[1].isdigit() and value
        ]
        self.count = min(maximum, max(minimum, max(used, default=-1) + 2))
        for n in range(self.count):
            for part, field in make_fields().items():
                form.fields[self.name(n, part)] = field

    def name(self, n: int, part: str) -> str:
        return f"{self.prefix}_{n}_{part}"

    def bound(self) -> list[list[forms.BoundField]]:
        """The rows' bound fields, row by row, for the template."""
        return [[self.form[self.name(n, part)] for part in self.parts] for n in range(self.count)]

    def values(self, data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
        """The used rows' cleaned values by part, with their row number (for errors)."""
        rows = []
        for n in range(self.count):
            row = {part: data.get(self.name(n, part)) for part in self.parts}
            if row[self.key] not in (None, ""):
                rows.append((n, row))
        return rows


def body_labels(bodies: Iterable[Organization]) -> dict[str, Organization]:
    """Each body by the label a person types or picks: its name, with its parent's where two share it."""
    bodies = list(bodies)
    by_pk = {body.pk: body for body in bodies}
    counts = Counter(body.display_name for body in bodies)
    labels: dict[str, Organization] = {}
    for body in bodies:
        parent = by_pk.get(body.parent_id) if body.parent_id else None
        shared = counts[body.display_name] > 1 and parent is not None
        labels[f"{body.display_name} ({parent.display_name})" if shared and parent else body.display_name] = body
    return labels


class SearchInput(forms.TextInput):
    input_type = "search"


class BodyField(forms.CharField):
    """An organization of the site, typed with the browser's suggestions (a ``datalist``)."""

    def __init__(self, *args: Any, unknown: Any = None, **kwargs: Any) -> None:
        super().__init__(
            *args, max_length=250, widget=SearchInput(attrs={"list": "bodies", "autocomplete": "off"}), **kwargs
        )
        self.labels: dict[str, Organization] = {}
        self.unknown = unknown or _("No organization of this site is called “%(name)s”.")

    def clean(self, value: Any) -> Organization | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        found = self.labels.get(text) or next(
            (body for body in self.labels.values() if text in (body.name, body.name_en)), None
        )
        if found is None:
            raise forms.ValidationError(self.unknown % {"name": text})
        return found


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))
