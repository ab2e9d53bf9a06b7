"""Shared rules of spreadsheet imports: named columns, cell checks, all-or-nothing refusal.

Each domain says which columns it reads (a Korean header, with the English one also accepted)
and how to turn a row into a service call. Every bad cell of every row is collected first; one
bad cell refuses the whole file, with each problem named by row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hyeopchi.core.errors import DomainError, ValidationFailedError
from hyeopchi.core.tabular import Table


def labels(choices: type[models.Choices]) -> dict[str, str]:
    """Each choice's label in the active language, looked up once for a whole export (the
    model's get_FOO_display rebuilds its table on every call)."""
    return {str(value): str(label) for value, label in choices.choices}


# Rows read from the database at a time while an export streams.
EXPORT_CHUNK = 2000


def value_rows(
    queryset: QuerySet[Any, Any],
    fields: Sequence[str],
    *,
    language: str,
    choices: Mapping[str, type[models.Choices]],
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Iterator[list[Any]]:
    """The ``fields`` of each row as plain values, read in chunks, choice fields shown by their
    labels in ``language`` and ``convert`` applied to the values it names (when not None).

    No model objects are built, which keeps a 100,000-row export fast and its memory flat; the
    language holds whenever the rows are read (a streamed response reads them after its view
    returned)."""
    with override(language):
        shown = {fields.index(name): labels(kind) for name, kind in choices.items()}
        changed = {fields.index(name): how for name, how in (convert or {}).items()}
        for row in queryset.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK):
            cells = list(row)
            for index, names in shown.items():
                cells[index] = names.get(cells[index], cells[index])
            for index, how in changed.items():
                if cells[index] is not None:
                    cells[index] = how(cells[index])
            yield cells


@dataclass(frozen=True)
class Column:
    key: str
    korean: str
    english: str
    required: bool = False


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.column}: {self.message}"
        return _("Row %(row)s, “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRefusedError(ValidationFailedError):
    """The file was refused whole; ``problems`` lists every bad cell."""

    default_message = gettext_lazy("The file was not imported: nothing was written.")

    def __init__(self, code: str, problems: Sequence[CellError]) -> None:
        self.problems = list(problems)
        super().__init__(code, fields={"file": [str(p) for p in self.problems]})


@dataclass
class RowReader:
    """Reads one row's cells, keeping every problem instead of stopping at the first."""

    row: int
    cells: dict[str, str]
    columns: dict[str, Column]
    problems: list[CellError] = field(default_factory=list)
    # Shared by the rows of one file: each choice column's accepted names, looked up once.
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(CellError(self.row, self.columns[key].korean, message))

    def text(self, key: str, *, max_length: int = 5000) -> str:
        value = self.cells.get(key, "").strip()
        if self.columns[key].required and not value:
            self.fail(key, _("This column must be filled."))
        elif len(value) > max_length:
            self.fail(key, _("Keep it within %(max)s characters.") % {"max": max_length})
        elif "\x00" in value:
            self.fail(key, _("The text contains characters that cannot be stored."))
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.text(key, max_length=30)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            self.fail(key, _("Write the date as YYYY-MM-DD."))
            return None

    def number(self, key: str, *, low: Decimal, high: Decimal) -> Decimal | None:
        value = self.text(key, max_length=30).rstrip("%").strip()
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not low <= number <= high:
            self.fail(key, _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        return number

    def choice(self, key: str, choices: Sequence[tuple[str, Any]], *, default: str = "") -> str:
        """A code or its Korean or English label."""
        value = self.text(key, max_length=100)
        if not value:
            return default
        names = self.names.get(key)
        if names is None:
            names = self.names[key] = _names_of(choices)
        if value in names:
            return names[value]
        self.fail(key, _("“%(value)s” is not one of the allowed values.") % {"value": value})
        return default

    def lookup(self, key: str, find: Callable[[str], Any], message: str) -> Any:
        value = self.text(key, max_length=300)
        if not value:
            return None
        found = find(value)
        if found is None:
            self.fail(key, message % {"value": value})
        return found


def _names_of(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """Each choice by its code, its Korean label and its English label."""
    names: dict[str, str] = {}
    for code, label in choices:
        with override("en"):
            names[str(label)] = str(code)
        with override("ko"):
            names[str(label)] = str(code)
        names[str(code)] = str(code)
    return names


def columns_of(table: Table, columns: Sequence[Column], code: str) -> dict[str, Column]:
    """Each header of the file and its column; refuse unknown, doubled or missing columns."""
    by_name: dict[str, Column] = {}
    for column in columns:
        by_name[column.korean] = column
        by_name[column.english.lower()] = column
    found: dict[str, Column] = {}
    problems = []
    for header in table.header:
        matched = by_name.get(header, by_name.get(header.lower()))
        if matched is None:
            problems.append(CellError(0, header, _("This column is not known.")))
        elif matched in found.values():
            problems.append(CellError(0, header, _("This column appears twice.")))
        else:
            found[header] = matched
    for column in columns:
        if column.required and column not in found.values():
            problems.append(CellError(0, column.korean, _("This column is missing.")))
    if problems:
        raise ImportRefusedError(code, problems)
    return found


def rows_of(table: Table, columns: Sequence[Column], code: str) -> list[RowReader]:
    headers = columns_of(table, columns, code)
    by_key = {column.key: column for column in columns}
    names: dict[str, dict[str, str]] = {}
    readers = [
        RowReader(row, {headers[h].key: v for h, v in cells.items() if h in headers}, by_key, names=names)
        for row, cells in table.rows
    ]
    if not readers:
        raise ImportRefusedError(code, [CellError(0, _("file"), _("The file has no rows."))])
    return readers


def refuse_if_any(readers: Sequence[RowReader], code: str) -> None:
    problems = [problem for reader in readers for problem in reader.problems]
    if problems:
        raise ImportRefusedError(code, problems)


def row_refusal(code: str, row: int, error: DomainError) -> ImportRefusedError:
    """A service's refusal of one row, named by that row."""
    messages = [m for ms in error.field_messages().values() for m in ms] or [str(error.message)]
    return ImportRefusedError(code, [CellError(row, _("row"), message) for message in messages])


def header_of(columns: Sequence[Column], language: str) -> list[str]:
    return [column.english if language == "en" else column.korean for column in columns]
