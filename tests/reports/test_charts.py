"""Bar charts as SVG: each bar its number, the title and description named, bad data refused."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from hyeopchi.reports.charts import BarChart, Series, to_svg

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    """The chart's own output, parsed to check its structure."""
    return ET.fromstring(svg)  # noqa: S314 (our own markup, not untrusted input)


def grouped() -> BarChart:
    return BarChart(
        title="연도별 참여",
        description="제안과 공감",
        categories=("2023", "2024"),
        series=(Series("제안", (3, 12)), Series("공감", (40, 7))),
    )


def test_a_grouped_chart_draws_one_bar_per_value_scaled_to_the_largest() -> None:
    root = parsed(to_svg(grouped(), ident="c"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    widths = {r.find(f"{SVG}title").text: float(r.get("width")) for r in bars}
    assert widths == {"제안: 3": 34.2, "제안: 12": 136.8, "공감: 40": 456.0, "공감: 7": 79.8}


def test_every_value_is_written_beside_its_bar() -> None:
    root = parsed(to_svg(grouped(), ident="c"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["제안", "공감", "2023", "3", "40", "2024", "12", "7"]


def test_the_chart_is_an_image_named_by_its_title_and_description() -> None:
    root = parsed(to_svg(grouped(), ident="c"))
    assert (root.get("role"), root.get("aria-labelledby")) == ("img", "c-title c-desc")
    assert (root.find(f"{SVG}title").text, root.find(f"{SVG}desc").text) == ("연도별 참여", "제안과 공감")


def test_a_stacked_chart_writes_each_category_total() -> None:
    chart = BarChart(
        title="이행",
        description="기관별",
        categories=("광산구",),
        series=(Series("기한 내", (2,)), Series("지연", (1,))),
        stacked=True,
    )
    root = parsed(to_svg(chart, ident="s"))
    assert [t.text for t in root.iter(f"{SVG}text")][-2:] == ["광산구", "3"]


def test_names_are_escaped() -> None:
    chart = BarChart(title="<b>", description="&", categories=("<script>",), series=(Series("a", (1,)),))
    svg = to_svg(chart, ident="e")
    assert ("<script>" in svg, "&lt;script&gt;" in svg, parsed(svg).get("role")) == (False, True, "img")


def test_an_empty_chart_has_no_bars() -> None:
    chart = BarChart(title="t", description="d", categories=(), series=(Series("a", ()),))
    assert re.findall(r"<rect", to_svg(chart, ident="z")) == []


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        BarChart(title="t", description="d", categories=("a", "b"), series=(Series("s", (1,)),))


def test_a_negative_value_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        BarChart(title="t", description="d", categories=("a",), series=(Series("s", (-1,)),))
