"""Editions of the demo's white paper: the PDF read back as text and as page images (the Korean text
is there, every character is drawn from the Korean font, no page is blank), the HWPX file
re-opened by python-hwpx, the stored document, and an edition that fails."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile

import pypdfium2
import pytest
from fontTools.ttLib import TTCollection
from hwpx import HwpxDocument

from hyeopchi.core.actor import Actor
from hyeopchi.reports import editions, rendering
from hyeopchi.reports.document import from_json
from hyeopchi.reports.enums import EditionStatus
from hyeopchi.reports.models import Edition, WhitePaper
from hyeopchi.reports.whitepaper import compile_paper

pytestmark = pytest.mark.django_db(transaction=True)

CHAPTER_TITLES = ["민관협치의 목표와 체계", "주요 협치사업", "협치 성과와 사례", "시민의 목소리", "민관협치 평가"]


@pytest.fixture
def edition(demo) -> Edition:
    return Edition.objects.select_related("paper").get(paper__site__site_slug="gwangmyeong", number=1)


def pdf_of(edition: Edition) -> pypdfium2.PdfDocument:
    with edition.pdf.open("rb") as stored:
        return pypdfium2.PdfDocument(stored.read())


def font_characters(style: str) -> set[int]:
    """Every character the Korean font the PDF asks for can draw (fontconfig finds the file)."""
    found = subprocess.run(  # noqa: S603 (fixed arguments)
        [shutil.which("fc-match") or "fc-match", "-f", "%{file}:%{index}", f"Noto Sans CJK KR:{style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index = found.rsplit(":", 1)
    return set(TTCollection(path).fonts[int(index)].getBestCmap())


def test_the_demo_edition_is_done_with_its_three_files(edition):
    assert (edition.status, edition.number, edition.as_of, edition.progress) == (
        EditionStatus.DONE,
        1,
        dt.date(2023, 12, 31),
        100,
    )
    assert [bool(edition.html), bool(edition.pdf), bool(edition.hwpx)] == [True, True, True]


def test_the_pdf_has_a_page_per_part_and_its_page_count_is_recorded(edition):
    pdf = pdf_of(edition)

    assert len(pdf) == edition.pages == 9


def test_the_pdf_text_holds_the_title_and_every_chapter_title(edition):
    pdf = pdf_of(edition)
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)

    assert "광명시 민관협치 백서 2019–2023" in text
    assert [title in text for title in CHAPTER_TITLES] == [True] * 5
    assert "표 1-2. 위원회 운영 현황(2019-01-01~2023-12-31)" in text


def test_every_character_of_the_pdf_is_in_the_korean_font_it_embeds(edition):
    pdf = pdf_of(edition)
    characters = {ord(c) for page in pdf for c in page.get_textpage().get_text_range() if not c.isspace()}
    regular, bold = font_characters("regular"), font_characters("bold")

    assert len(characters) > 300
    assert sorted(chr(c) for c in characters - (regular & bold)) == []


def fonts_drawing(pdf: pypdfium2.PdfDocument) -> set[str]:
    """The name of every font a character of the PDF is drawn with (subset prefix removed)."""
    names = set()
    buffer, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    for page in pdf:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if pypdfium2.raw.FPDFText_GetFontInfo(text.raw, index, buffer, 256, ctypes.byref(flags)):
                names.add(buffer.value.decode().split("+", 1)[-1])
    return names


def test_every_character_of_the_pdf_is_drawn_with_the_korean_font(edition):
    assert fonts_drawing(pdf_of(edition)) == {"Noto-Sans-CJK-KR", "Noto-Sans-CJK-KR-Bold"}


def test_no_page_of_the_pdf_is_blank(edition):
    pdf = pdf_of(edition)
    inked = []
    for page in pdf:
        image = page.render(scale=0.5, grayscale=True).to_pil()
        inked.append(sum(1 for value in image.get_flattened_data() if value < 200) > 50)

    assert inked == [True] * len(pdf)


def test_the_hwpx_file_reopens_with_the_chapters_and_their_tables(edition):
    with edition.hwpx.open("rb") as stored:
        data = stored.read()
    document = HwpxDocument.open(data)
    text = document.text.plain()

    assert zipfile.ZipFile(io.BytesIO(data)).read("mimetype") == b"application/hwp+zip"
    assert [f"제{n}장 {title}" in text for n, title in enumerate(CHAPTER_TITLES, start=1)] == [True] * 5
    assert "표 3-5. 주민참여예산으로 선정된 사업" in text
    assert len(document.tables) == 12


def test_the_stored_document_gives_the_edition_content_hash_and_recompiles_to_it(edition):
    stored = from_json(edition.document)

    assert stored.content_hash == edition.content_hash
    assert compile_paper(edition.paper, as_of=edition.as_of).content_hash == edition.content_hash


def test_the_web_edition_file_is_the_print_html_with_the_content_hash(edition):
    with edition.html.open("rb") as stored:
        html = stored.read().decode()

    assert html.startswith("<!DOCTYPE html>")
    assert edition.content_hash in html


def test_a_second_edition_is_numbered_v2_and_keeps_v1(edition):
    second = editions.queue_edition(actor=Actor.system("test"), paper=edition.paper, as_of=dt.date(2023, 6, 30))
    second.refresh_from_db()

    assert (second.number, second.status) == (2, EditionStatus.DONE)
    assert second.content_hash != edition.content_hash
    assert Edition.objects.filter(paper=edition.paper).count() == 2


def test_an_edition_that_fails_records_why_and_keeps_no_file(edition, monkeypatch):
    def broken(html: str) -> rendering.RenderedPdf:
        raise OSError("no space left")

    monkeypatch.setattr(rendering, "to_pdf", broken)
    failed = editions.queue_edition(actor=Actor.system("test"), paper=edition.paper, as_of=dt.date(2023, 12, 31))
    failed.refresh_from_db()

    assert failed.status == EditionStatus.FAILED
    assert (
        failed.message
        == "예상하지 못한 오류로 이 판을 만들지 못했습니다. 다시 시도하거나 사이트 관리자에게 알려 주세요."
    )
    assert (bool(failed.pdf), failed.content_hash) == (False, "")


def test_an_edition_as_of_a_future_day_is_refused(edition):
    with pytest.raises(editions.ValidationFailedError) as refused:
        editions.queue_edition(actor=Actor.system("test"), paper=edition.paper, as_of=dt.date(2999, 1, 1))

    assert refused.value.field_messages() == {"as_of": ["아직 오지 않은 날을 기준일로 할 수 없습니다."]}


def test_the_stored_document_is_canonical_json(edition):
    assert (
        json.dumps(edition.document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        == from_json(edition.document).canonical()
    )


def test_papers_of_the_demo(demo):
    assert list(WhitePaper.objects.values_list("title", flat=True)) == ["광명시 민관협치 백서 2019–2023"]
