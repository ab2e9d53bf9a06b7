"""Tables in and out: CSV (written UTF-8 with a BOM so Excel opens Korean; read as UTF-8 or
CP949) and XLSX.

Reading returns the header and the rows as strings, with 1-based row numbers as a spreadsheet
shows them (the header is row 1), so an import can name every bad cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file cannot be read as a table at all (not the content of one cell); ``message`` says
    why, in the reader's language."""

    def __init__(self, message: Any = None) -> None:
        self.message = message if message is not None else UNREADABLE
        super().__init__(str(self.message))


UNREADABLE = gettext_lazy("Only CSV (UTF-8 or CP949) and XLSX files can be read.")


@dataclass(frozen=True)
class Limits:
    """How large a spreadsheet may be before it is read: checked first, so a hostile file is
    refused at once instead of holding a worker while it is parsed."""

    bytes: int = 32 * 1024 * 1024
    uncompressed: int = 256 * 1024 * 1024  # an XLSX is a zip: its parts, unpacked
    ratio: int = 100  # unpacked size over packed size
    rows: int = 200_000
    columns: int = 64
    cell: int = 100_000  # characters in one cell


def configured_limits() -> Limits:
    """The limits in settings (``HYEOPCHI_IMPORT_MAX_*``), or the defaults."""
    from django.conf import settings  # noqa: PLC0415 - tabular works without Django too

    given = getattr(settings, "IMPORT_LIMITS", {})
    return Limits(**given)


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


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]], *, rows_per_chunk: int = 1000) -> Iterator[bytes]:
    """A CSV file (UTF-8 with a BOM, so Excel opens Korean) in pieces of ``rows_per_chunk`` rows:
    a response can stream it, and the rows can come from a query as they are read."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([_csv_cell(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(v) for v in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def json_chunks(keys: Sequence[str], rows: Iterable[Sequence[Any]], *, rows_per_chunk: int = 1000) -> Iterator[bytes]:
    """A JSON array of one object per row, keyed by ``keys`` (UTF-8, no BOM), in pieces of
    ``rows_per_chunk`` rows, as `csv_chunks`. Dates are ISO 8601 text; decimals are text, every digit kept."""
    pieces = ["["]
    for count, row in enumerate(rows, start=1):
        record = {key: _json_value(value) for key, value in zip(keys, row, strict=True)}
        pieces.append(("\n" if count == 1 else ",\n") + json.dumps(record, ensure_ascii=False))
        if count % rows_per_chunk == 0:
            yield "".join(pieces).encode("utf-8")
            pieces = []
    pieces.append("\n]\n")
    yield "".join(pieces).encode("utf-8")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def write_xlsx_into(target: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> None:
    """An XLSX file into ``target``, row by row: XlsxWriter's constant-memory mode keeps memory
    flat however many rows there are. Every cell is written by its type, so text is always a
    string cell and never a formula, a link or a number."""
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = book.add_worksheet(title[:31])
    sheet.freeze_panes(1, 0)
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    times = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for column, name in enumerate(header):
        sheet.write_string(0, column, inert(str(name)), bold)
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(line, column, inert(value))
            elif isinstance(value, bool):
                sheet.write_boolean(line, column, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(line, column, _cell(value))
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(line, column, value.replace(tzinfo=None), times)
            elif isinstance(value, dt.date):
                sheet.write_datetime(line, column, value, dates)
            else:
                sheet.write_string(line, column, inert(str(value)))
    book.close()


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    write_xlsx_into(buffer, header, rows, title=title)
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
            raise TableError() from error


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


def _table(raw_rows: Iterable[Sequence[Any]], limits: Limits) -> Table:
    iterator = iter(raw_rows)
    try:
        header = [_text(h) for h in next(iterator)]
    except StopIteration as error:
        raise TableError(gettext_lazy("The file has no rows.")) from error
    while header and not header[-1]:
        header.pop()
    if not header:
        raise TableError(gettext_lazy("The file has no rows."))
    rows = []
    for number, raw in enumerate(iterator, start=2):
        if number > limits.rows + 1:
            raise TableError(too_many_rows(limits))
        values = [_text(v) for v in raw]
        while values and not values[-1]:
            values.pop()
        if not values:
            continue
        if len(values) > limits.columns:
            raise TableError(too_many_columns(limits))
        if any(len(value) > limits.cell for value in values):
            raise TableError(too_long(number, limits))
        values += [""] * (len(header) - len(values))
        rows.append((number, dict(zip(header, values, strict=False))))
    return Table(header, rows)


def too_long(row: int, limits: Limits) -> str:
    return gettext_lazy("Row %(row)s: a cell is longer than %(limit)s characters.") % {
        "row": row,
        "limit": f"{limits.cell:,}",
    }


def too_many_rows(limits: Limits) -> str:
    return gettext_lazy("The file has more than %(rows)s rows.") % {"rows": f"{limits.rows:,}"}


def too_many_columns(limits: Limits) -> str:
    return gettext_lazy("The file has more than %(columns)s columns.") % {"columns": limits.columns}


def refuse_if_larger(size: int, limits: Limits | None = None) -> None:
    """TableError when a file of ``size`` bytes is over the limit: checked on an upload's
    declared size before a byte of it is read."""
    limits = limits or configured_limits()
    if size > limits.bytes:
        raise TableError(gettext_lazy("The file is larger than %(size)s MB.") % {"size": f"{limits.bytes / 2**20:g}"})


def read_table(data: bytes, filename: str, limits: Limits | None = None) -> Table:
    """Read a CSV or XLSX upload; TableError, saying why, when it is neither or is larger than
    ``limits`` allow (the settings' limits when none are given)."""
    limits = limits or configured_limits()
    refuse_if_larger(len(data), limits)
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_table(data, limits)
    if name.endswith(".csv"):
        return _csv_table(_decode(data), limits)
    raise TableError()


# <dimension ref="A1:XFD1048576"/>: the cells a worksheet says it spans.
DIMENSION = re.compile(rb'<dimension ref="[A-Z]*[0-9]*:?([A-Z]+)([0-9]+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _xlsx_table(data: bytes, limits: Limits) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > limits.uncompressed or unpacked > limits.ratio * max(len(data), 1):
                raise TableError(
                    gettext_lazy(
                        "The file unpacks to %(size)s MB, more than a spreadsheet of this size "
                        "can hold; it was not read."
                    )
                    % {"size": f"{unpacked / 2**20:,.0f}"}
                )
            sheets = sorted(p.filename for p in parts if p.filename.startswith("xl/worksheets/"))
            if sheets:
                with archive.open(sheets[0]) as sheet_part:
                    declared = DIMENSION.search(sheet_part.read(4096))
                if declared is not None:
                    if _column_number(declared.group(1)) > limits.columns:
                        raise TableError(too_many_columns(limits))
                    if int(declared.group(2)) > limits.rows + 1:
                        raise TableError(too_many_rows(limits))
    except zipfile.BadZipFile as error:
        raise TableError() from error
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise TableError() from error
    sheet = book.worksheets[0]
    # Bounded whatever the file claims: one row and one column past the limits are enough to
    # say that it is too large.
    cells = sheet.iter_rows(max_row=limits.rows + 2, max_col=limits.columns + 1, values_only=True)
    return _table(cells, limits)


def _csv_table(text: str, limits: Limits) -> Table:
    # Strict: a quotation mark left open is an error, not a cell that swallows the rows after it.
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[list[str]] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            number = len(rows) + 1
            if "field larger" in str(error):  # the csv module's own limit, 131,072 characters
                raise TableError(too_long(number, limits)) from error
            problem = (
                gettext_lazy("Row %(row)s: a quotation mark is not closed; nothing was read.")
                if "end of data" in str(error)
                else gettext_lazy("Row %(row)s is not valid CSV; nothing was read.")
            )
            raise TableError(problem % {"row": number}) from error
        rows.append(row)
        if len(rows) > limits.rows + 1:
            raise TableError(too_many_rows(limits))
    return _table(rows, limits)
