"""Hostile spreadsheets, for the tests of what the platform refuses to read."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook


def one_far_cell() -> bytes:
    """A 5 KB workbook whose only cell is the last one a sheet can have (XFD1048576)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inflating(unpacked: int) -> bytes:
    """An XLSX-named zip whose one part unpacks to ``unpacked`` bytes of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * unpacked)
    return buffer.getvalue()
