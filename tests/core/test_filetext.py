"""Documents' text for search: PDF read by PDFium, HWPX from its sections' XML, hostile files bounded."""

from __future__ import annotations

import io
import zipfile

from hwpx import HwpxDocument
from weasyprint import HTML

from hyeopchi.core import filetext

SECTION = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">{}</hs:sec>'
)


def hwpx_of(section_xml: str, *, name: str = "Contents/section0.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr(name, section_xml)
    return buffer.getvalue()


def test_the_text_of_a_pdf_with_korean_is_read():
    pdf = HTML(string='<p lang="ko">폭염 대비 그늘막 설치 계획</p><p>2024년 예산 3,000,000원</p>').write_pdf()

    assert filetext.text_of(pdf, filetext.PDF) == "폭염 대비 그늘막 설치 계획 2024년 예산 3,000,000원"


def test_the_text_of_an_hwpx_written_by_python_hwpx_is_read():
    document = HwpxDocument.new()
    document.add_paragraph("횡단보도 그늘막 설치 결과 보고")
    document.add_paragraph("설치 장소: 수완동 12곳")

    assert (
        filetext.text_of(bytes(document.to_bytes()), filetext.HWPX)
        == "횡단보도 그늘막 설치 결과 보고 설치 장소: 수완동 12곳"
    )


def test_runs_of_one_hwpx_paragraph_join_without_a_space_and_a_table_cell_is_a_paragraph_of_its_own():
    xml = SECTION.format(
        "<hp:p><hp:run><hp:t>그늘</hp:t></hp:run><hp:run><hp:t>막</hp:t></hp:run>"
        "<hp:run><hp:tbl><hp:tc><hp:subList><hp:p><hp:run><hp:t>셀 안의 글</hp:t></hp:run></hp:p>"
        "</hp:subList></hp:tc></hp:tbl></hp:run></hp:p>"
    )

    assert filetext.text_of(hwpx_of(xml), filetext.HWPX) == "셀 안의 글 그늘막"


def test_a_file_that_is_not_what_its_type_says_has_no_text():
    assert (filetext.text_of(b"%PDF-1.7 broken", filetext.PDF), filetext.text_of(b"PK\x03\x04junk", filetext.HWPX)) == (
        "",
        "",
    )


def test_an_hwpx_section_with_a_document_type_declaration_is_not_read():
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "그늘막">]>'
        + SECTION.format("<hp:p><hp:run><hp:t>&a;</hp:t></hp:run></hp:p>").split("?>", 1)[1]
    )

    assert filetext.text_of(hwpx_of(xml), filetext.HWPX) == ""


def test_an_hwpx_that_inflates_past_the_limit_is_read_no_further(monkeypatch):
    monkeypatch.setattr(filetext, "MAX_XML_BYTES", 1000)
    small = SECTION.format("<hp:p><hp:run><hp:t>첫 절</hp:t></hp:run></hp:p>")
    large = SECTION.format("<hp:p><hp:run><hp:t>" + "가" * 2000 + "</hp:t></hp:run></hp:p>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Contents/section0.xml", small)
        archive.writestr("Contents/section1.xml", large)

    assert filetext.text_of(buffer.getvalue(), filetext.HWPX) == "첫 절"


def test_the_text_is_cut_at_its_limit(monkeypatch):
    monkeypatch.setattr(filetext, "MAX_CHARACTERS", 5)
    xml = SECTION.format("<hp:p><hp:run><hp:t>그늘막 설치 계획</hp:t></hp:run></hp:p>")

    assert filetext.text_of(hwpx_of(xml), filetext.HWPX) == "그늘막 설"


def test_other_types_have_no_text():
    assert filetext.text_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-hwp") == ""
