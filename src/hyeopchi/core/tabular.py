"""Tables in and out: CSV (written UTF-8 with a BOM so Excel opens Korean; read as UTF-8 or
CP949) and XLSX.

Reading returns the header and the rows as strings, with 1-based row numbers as a spreadsheet
shows them (the header is row 1), so an import can name every bad cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from openpyxl import load_workbook

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


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, rows_per_chunk: int = 1000
) -> Iterator[bytes]:
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


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def write_xlsx_into(
    target: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str
) -> None:
    """An XLSX file into ``target``, row by row: XlsxWriter's constant-memory mode keeps memory
    flat however many rows there are. Every cell is written by its type, so text is always a
    string cell and never a formula, a link or a number."""
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
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


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> bytes:
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
