"""The compiled document as data: narrative with live references, stored JSON, table cells."""

from __future__ import annotations

import dataclasses
import json

from hyeopchi.reports.charts import BarChart, Series
from hyeopchi.reports.document import (
    Chapter,
    Document,
    Figure,
    Prose,
    Quote,
    Ref,
    Section,
    Table,
    cell,
    from_json,
    paragraphs,
    plain,
    references,
)


def resolve(key: str) -> Ref:
    return Ref(key, {"meetings_held": "19", "bodies": "3"}.get(key, "?"), key)


def test_paragraphs_split_at_blank_lines_and_join_lines_with_a_space():
    found = paragraphs("첫 줄\n이어지는 줄\n\n  \n둘째 문단", resolve)

    assert found == (("첫 줄 이어지는 줄",), ("둘째 문단",))


def test_a_reference_becomes_a_run_with_the_figure_value():
    found = paragraphs("{{bodies}}개 기구가 {{ meetings_held }}회 회의를 열었다.", resolve)

    assert found == (
        (Ref("bodies", "3", "bodies"), "개 기구가 ", Ref("meetings_held", "19", "meetings_held"), "회 회의를 열었다."),
    )
    assert plain(found[0]) == "3개 기구가 19회 회의를 열었다."


def test_references_lists_each_key_once_in_order():
    assert references("{{b}} {{a}} {{b}} {{ c }} {not} {{d-e}}") == ["b", "a", "c"]


def test_cells_print_numbers_with_thousands_separators_and_none_as_empty():
    assert [cell(1234567), cell(None), cell("12.5"), cell(0)] == ["1,234,567", "", "12.5", "0"]


def document() -> Document:
    table = Table("1-1", "표", ("이름", "수"), (("가", "1,000"),), (False, True), empty="없음")
    chart = BarChart("그림", "설명", ("가",), (Series("수", (1000,)),))
    return Document(
        title="백서",
        publisher="광명시",
        period="2019-01-01 – 2023-12-31",
        as_of="2023-12-31",
        language="ko",
        chapters=(
            Chapter(
                1,
                "기반",
                (
                    Section(
                        "",
                        (
                            Prose("머리말", ((Ref("bodies", "3", "기구 수"), "개 기구"),)),
                            table,
                            Figure("1-1", "그림", chart, table),
                            Quote("좋았다", "주마을", "위원"),
                        ),
                    ),
                ),
            ),
        ),
        figures={"bodies": "3"},
    )


def test_a_document_read_back_from_its_json_is_equal_and_has_the_same_hash():
    original = document()
    stored = json.loads(original.canonical())

    restored = from_json(stored)

    assert restored == original
    assert restored.content_hash == original.content_hash


def test_the_content_hash_changes_with_any_printed_value():
    original = document()
    changed = dataclasses.replace(original, figures={"bodies": "4"})

    assert changed.content_hash != original.content_hash


def test_tables_lists_tables_and_the_tables_under_figures_in_reading_order():
    assert [t.number for t in document().tables()] == ["1-1", "1-1"]
