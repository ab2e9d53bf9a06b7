"""Bar charts as SVG, drawn on the server, the same in a page and in print (pure: data in, text out).

A chart is horizontal bars, one row per category (a year, an organization), either grouped (one bar
per series) or stacked (a bar of segments). Each bar carries its number, so nothing is read off a
scale; the SVG is an image with a title and a description (``role="img"``), and the page shows the
same numbers as a table beside it. Colours come from a palette that keeps 3:1 contrast against white
and is told apart without colour too: the legend and the table name every series.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Okabe–Ito colours, darkened where needed for 3:1 contrast against white (WCAG 1.4.11).
PALETTE = ("#0b5cad", "#c45a00", "#137752", "#a4326f", "#5c5c5c", "#7a5c00")

WIDTH = 720
LABEL_WIDTH = 200
VALUE_ROOM = 64
BAR = 16
GAP = 10
TOP = 8
LEGEND_ROW = 24


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for {len(self.categories)} categories"
                )
            if any(value < 0 for value in series.values):
                raise ValueError(f"series {series.name!r} has a negative value")

    def total(self, index: int) -> int:
        return sum(series.values[index] for series in self.series)


def _lang(text: str) -> str:
    """``lang="ko"`` for a text in Hangul, so an English page marks the Korean names it draws."""
    return ' lang="ko"' if any("\uac00" <= c <= "\ud7a3" for c in text) else ""


def _number(value: int) -> str:
    return f"{value:,}"


def _legend(chart: BarChart, y: int) -> tuple[list[str], int]:
    parts, x = [], LABEL_WIDTH
    for index, series in enumerate(chart.series):
        width = 28 + 8 * len(series.name) + (6 * sum(1 for c in series.name if ord(c) > 0x2E7F))
        if x + width > WIDTH and x > LABEL_WIDTH:
            x, y = LABEL_WIDTH, y + LEGEND_ROW
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y + 4}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18}" y="{y + 15}"{_lang(series.name)}>{escape(series.name)}</text>')
        x += width
    return parts, y + LEGEND_ROW


def to_svg(chart: BarChart, *, ident: str, font_family: str = "sans-serif") -> str:
    """The chart as an inline SVG element; ``ident`` makes its title and description ids unique;
    ``font_family`` names the font its text is set in (print names the PDF's font)."""
    rows_per_category = 1 if chart.stacked or len(chart.series) == 1 else len(chart.series)
    if chart.stacked:
        largest = max((chart.total(i) for i in range(len(chart.categories))), default=0)
    else:
        largest = max((v for s in chart.series for v in s.values), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest if largest else 0.0
    parts: list[str] = []
    y = TOP
    if len(chart.series) > 1:
        legend, y = _legend(chart, y)
        parts.extend(legend)
    for index, category in enumerate(chart.categories):
        block = rows_per_category * BAR
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + block / 2 + 5:g}" text-anchor="end"{_lang(category)}>'
            f"{escape(category)}</text>"
        )
        x = float(LABEL_WIDTH)
        for number, series in enumerate(chart.series):
            value = series.values[index]
            colour = PALETTE[number % len(PALETTE)]
            width = value * scale
            row_y = y if chart.stacked else y + number * BAR
            if width:
                parts.append(
                    f'<rect x="{x:.1f}" y="{row_y}" width="{width:.1f}" height="{BAR - 2}" fill="{colour}">'
                    f"<title>{escape(series.name)}: {_number(value)}</title></rect>"
                )
            if chart.stacked:
                x += width
            else:
                parts.append(f'<text x="{x + width + 4:.1f}" y="{row_y + BAR - 4}">{_number(value)}</text>')
        if chart.stacked:
            parts.append(f'<text x="{x + 4:.1f}" y="{y + BAR - 4}">{_number(chart.total(index))}</text>')
        y += block + GAP
    height = y + TOP
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-size="13" font-family="{escape(font_family)}" fill="#1b1b1b">'
        f'<title id="{title_id}">{escape(chart.title)}</title><desc id="{desc_id}">{escape(chart.description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
