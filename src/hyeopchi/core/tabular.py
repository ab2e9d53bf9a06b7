"""Tables in and out: CSV (written UTF-8 with a BOM so Excel opens Korean; read as UTF-8 or
CP949) and XLSX.

Reading returns the header and the rows as strings, with 1-based row numbers as a spreadsheet
shows them (the header is row 1), so an import can name every bad cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file cannot be read as a table at all (not the content of one cell)."""


def inert(text: str) -> str:
    """``text`` as a spreadsheet shows it and never evaluates it: a leading apostrophe before a
    formula's first character, OWASP's rule. Numbers are written as numbers and need none."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _restored(text: str) -> str:
    """What ``inert`` wrote, read back: the apostrophe it added is not part of the value."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return inert(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column → text)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError as error:
            raise TableError("encoding") from error


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _restored(str(value).strip())


def _table(raw_rows: Iterable[Sequence[Any]]) -> Table:
    iterator = iter(raw_rows)
    try:
        header = [_text(h) for h in next(iterator)]
    except StopIteration as error:
        raise TableError("empty") from error
    while header and not header[-1]:
        header.pop()
    if not header:
        raise TableError("empty")
    rows = []
    for number, raw in enumerate(iterator, start=2):
        values = [_text(v) for v in raw]
        if not any(values):
            continue
        values += [""] * (len(header) - len(values))
        rows.append((number, dict(zip(header, values, strict=False))))
    return Table(header, rows)


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX upload; TableError when it is neither."""
    if filename.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise TableError("xlsx") from error
        sheet = book.worksheets[0]
        return _table(sheet.iter_rows(values_only=True))
    if filename.lower().endswith(".csv"):
        return _table(csv.reader(io.StringIO(_decode(data))))
    raise TableError("type")
