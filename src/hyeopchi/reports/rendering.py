"""A compiled white paper (`Document`) as a web edition, a print PDF and an HWPX file.

The PDF is the print HTML laid out by WeasyPrint: A4, a cover, a table of contents with page
numbers, the chapter's title as running header, page numbers, numbered tables and figures (the
charts are the same SVG as on the web), tagged (PDF/UA-1 as far as WeasyPrint goes). Text is set
in Noto Sans CJK KR, which the project's install scripts bring (Debian's fonts-noto-cjk).

The HWPX file is for editing in 한글: the same chapters, headings, paragraphs and tables (a figure
appears as its caption and its table, which 한글 can chart), written with python-hwpx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from hyeopchi.reports.charts import to_svg
from hyeopchi.reports.document import Document, Figure, Prose, Quote, Table, plain

FONT_FAMILY = "Noto Sans CJK KR"
# A table of at most this many rows is kept on one page with its caption.
SHORT_TABLE = 20


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def _table_view(table: Table) -> dict[str, Any]:
    return {
        "number": table.number,
        "caption": table.caption,
        "header": table.header,
        "rows": [list(zip(row, table.numeric, strict=True)) for row in table.rows],
        "empty": table.empty,
        "short": len(table.rows) <= SHORT_TABLE,
    }


def _chapters_view(document: Document, *, font_family: str) -> list[dict[str, Any]]:
    chapters = []
    for chapter in document.chapters:
        sections = []
        for section in chapter.sections:
            blocks: list[dict[str, Any]] = []
            for block in section.blocks:
                if isinstance(block, Figure):
                    svg = to_svg(block.chart, ident=f"figure-{block.number}-chart", font_family=font_family)
                    blocks.append(
                        {"kind": "figure", "block": block, "svg": mark_safe(svg), "table": _table_view(block.table)}  # noqa: S308 (escaped by to_svg)
                    )
                elif isinstance(block, Table):
                    blocks.append({"kind": "table", "block": _table_view(block)})
                elif isinstance(block, Prose):
                    blocks.append({"kind": "prose", "block": block, "paragraphs": block.paragraphs})
                else:
                    blocks.append({"kind": "quote", "block": block})
            sections.append({"title": section.title, "blocks": blocks})
        chapters.append(
            {"number": chapter.number, "title": chapter.title, "anchor": chapter.anchor, "sections": sections}
        )
    return chapters


def context(
    document: Document, *, edition_number: int | None = None, font_family: str = "sans-serif"
) -> dict[str, Any]:
    """What the white paper templates read; charts are set in ``font_family``."""
    return {
        "document": document,
        "chapters": _chapters_view(document, font_family=font_family),
        "content_hash": document.content_hash,
        "edition_number": edition_number or "–",
    }


def to_html(document: Document, *, edition_number: int | None = None) -> str:
    """The print HTML: a whole document with its own style, the PDF's source and the download."""
    with override(document.language):
        return render_to_string(
            "reports/whitepaper_print.html",
            context(document, edition_number=edition_number, font_family=f"{FONT_FAMILY}, sans-serif"),
        )


def to_pdf(html: str) -> RenderedPdf:
    """The print HTML laid out by WeasyPrint (imported here: it loads Pango, which only this needs)."""
    import weasyprint  # noqa: PLC0415

    rendered = weasyprint.HTML(string=html).render()
    data = rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"hyeopchi-white-paper")
    return RenderedPdf(data=data or b"", pages=len(rendered.pages))


def to_hwpx(document: Document, *, edition_number: int | None = None) -> bytes:
    """The paper as an HWPX file for 한글: cover lines, chapters, sections, narrative, quotes and
    tables, with the paper's title as header and page numbers in the footer."""
    from hwpx import HwpxDocument  # noqa: PLC0415

    with override(document.language):
        hwpx = HwpxDocument.new()
        hwpx.page.set_header(text=document.title)
        hwpx.page.set_page_number(position="BOTTOM_CENTER")
        hwpx.add_heading(document.title, level=1)
        hwpx.add_paragraph(document.period)
        hwpx.add_paragraph(document.publisher)
        hwpx.add_paragraph(_("Figures as of %(day)s") % {"day": document.as_of} + f" · v{edition_number or '–'}")
        for chapter in document.chapters:
            hwpx.add_heading(_("Chapter %(n)s") % {"n": chapter.number} + f" {chapter.title}", level=1)
            for section in chapter.sections:
                if section.title:
                    hwpx.add_heading(section.title, level=2)
                for block in section.blocks:
                    _hwpx_block(hwpx, block)
        hwpx.add_paragraph(
            _("Compiled from the platform's records as of %(day)s.") % {"day": document.as_of}
            + f" SHA-256 {document.content_hash}"
        )
        return bytes(hwpx.to_bytes())


def _hwpx_block(hwpx: Any, block: Any) -> None:
    if isinstance(block, Prose):
        if block.heading:
            hwpx.add_heading(block.heading, level=3)
        for paragraph in block.paragraphs:
            hwpx.add_paragraph(plain(paragraph))
    elif isinstance(block, Quote):
        hwpx.add_paragraph(f"“{block.text}”")
        hwpx.add_paragraph(f"— {block.speaker}" + (f", {block.affiliation}" if block.affiliation else ""))
    elif isinstance(block, Figure):
        hwpx.add_paragraph(_("Figure %(n)s") % {"n": block.number} + f". {block.caption}")
        hwpx.add_paragraph(block.chart.description)
        _hwpx_table(hwpx, block.table)
    elif isinstance(block, Table):
        _hwpx_table(hwpx, block)


def _hwpx_table(hwpx: Any, table: Table) -> None:
    hwpx.add_paragraph(_("Table %(n)s") % {"n": table.number} + f". {table.caption}")
    rows = table.rows or ((table.empty,) + ("",) * (len(table.header) - 1),)
    grid = hwpx.add_table(len(rows) + 1, len(table.header))
    # Row by row through the cells: setting a cell by its address rebuilds the table's grid each
    # time, which a table of a thousand rows cannot afford.
    for cells, values in zip(grid.rows, (table.header, *rows), strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
