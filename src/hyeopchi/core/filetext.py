"""The text of an uploaded document, for search: PDF (by PDFium) and HWPX (the XML of its sections).

Uploads are strangers' files, so reading one is bounded: at most ``MAX_PAGES`` pages of a PDF, at
most ``MAX_XML_BYTES`` of unpacked HWPX sections (a small archive that inflates to gigabytes is
read no further than that), at most ``MAX_CHARACTERS`` of text in all. A file that cannot be read
(damaged, encrypted, not what its name says) has no text; that is not an error for its uploader.
Other types (HWP 5, images, spreadsheets) have no text here.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from xml.etree import ElementTree

import pypdfium2

logger = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_XML_BYTES = 50 * 1024 * 1024
MAX_CHARACTERS = 200_000

PDF = "application/pdf"
HWPX = "application/hwp+zip"

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
# HWPX paragraph text: <hp:t> in the 2011 paragraph namespace.
_TEXT_TAG = "{http://www.hancom.co.kr/hwpml/2011/paragraph}t"
_PARAGRAPH_TAG = "{http://www.hancom.co.kr/hwpml/2011/paragraph}p"


def text_of(data: bytes, media_type: str) -> str:
    """The document's text, whitespace runs made single, cut at ``MAX_CHARACTERS``; "" if none."""
    try:
        if media_type == PDF:
            text = _pdf_text(data)
        elif media_type == HWPX:
            text = _hwpx_text(data)
        else:
            return ""
    except Exception:  # noqa: BLE001 - any failure of a stranger's file means "no text"
        logger.info("no text read from a %s file of %d bytes", media_type, len(data), exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_CHARACTERS]


def _pdf_text(data: bytes) -> str:
    parts: list[str] = []
    length = 0
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                part = textpage.get_text_bounded()
            finally:
                textpage.close()
                page.close()
            parts.append(part)
            length += len(part)
            if length >= MAX_CHARACTERS:
                break
    finally:
        document.close()
    return "\n".join(parts)


def _hwpx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sections = sorted(
            (int(match.group(1)), info)
            for info in archive.infolist()
            if (match := _SECTION.match(info.filename)) is not None
        )
        budget = MAX_XML_BYTES
        parts: list[str] = []
        length = 0
        for _number, info in sections:
            if info.file_size > budget:
                break
            budget -= info.file_size
            # ZipExtFile stops at the declared size, so a lying header cannot inflate past it.
            with archive.open(info) as member:
                xml = member.read(info.file_size)
            if b"<!DOCTYPE" in xml[:4096]:
                continue  # no document type declarations (entity expansion); HWPX has none
            for paragraph in _paragraphs(xml):
                parts.append(paragraph)
                length += len(paragraph)
                if length >= MAX_CHARACTERS:
                    return "\n".join(parts)
    return "\n".join(parts)


def _paragraphs(xml: bytes) -> list[str]:
    """The text of each paragraph of a section (a table's cells are paragraphs of their own)."""
    root = ElementTree.fromstring(xml)  # noqa: S314 - no DTD (checked above); expat limits amplification
    found: list[str] = []
    _walk(root, found, [])
    return [text for text in found if text.strip()]


def _walk(node: ElementTree.Element, found: list[str], current: list[str]) -> None:
    for child in node:
        if child.tag == _PARAGRAPH_TAG:
            runs: list[str] = []
            _walk(child, found, runs)
            found.append("".join(runs))
        elif child.tag == _TEXT_TAG:
            current.append("".join(child.itertext()))
        else:
            _walk(child, found, current)
