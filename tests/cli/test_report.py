"""``hyeopchi report``: a white paper written as HTML, HWPX or PDF by the file's extension; the search index rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError
from hwpx import HwpxDocument

from hyeopchi.reports.models import Edition, SearchEntry, WhitePaper
from tests.support.helpers import run_command

PERIOD = ("--from", "2019-01-01", "--to", "2023-12-31")


@pytest.mark.django_db(transaction=True)
def test_the_kept_paper_is_written_as_html_with_the_hash_of_its_edition(demo, tmp_path: Path):
    output = tmp_path / "paper.html"

    printed = run_command("report", "whitepaper", "--site", "gwangmyeong", *PERIOD, "--output", str(output))

    edition = Edition.objects.get(paper__site__site_slug="gwangmyeong", number=1)
    html = output.read_text()
    assert printed.splitlines() == [f"{output} 파일을 썼습니다.", f"내용 해시(SHA-256): {edition.content_hash}"]
    assert '이 기간 <span class="live-figure" title="기간 중 협치 기구 수" data-figure="bodies">3</span>개' in html


@pytest.mark.django_db(transaction=True)
def test_without_a_kept_paper_the_default_outline_is_written_and_nothing_is_kept(demo, tmp_path: Path):
    output = tmp_path / "gwangju.hwpx"
    papers = WhitePaper.objects.count()

    run_command(
        "report",
        "whitepaper",
        "--site",
        "gwangju",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--output",
        str(output),
    )

    text = HwpxDocument.open(output.read_bytes()).text.plain()
    assert "광주광역시 민관협치 백서" in text
    assert "제1장 민관협치의 목표와 체계" in text
    assert WhitePaper.objects.count() == papers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--site", "gwangju", *PERIOD, "--output", "paper.docx"), "백서는 .pdf, .hwpx, .html 파일로 씁니다."),
        (("--site", "nowhere", *PERIOD, "--output", "paper.pdf"), "nowhere 사이트가 없습니다."),
        (
            ("--site", "gwangju", "--from", "2019-13-01", "--to", "2023-12-31", "--output", "p.pdf"),
            "2019-13-01은(는) 날짜가 아닙니다. YYYY-MM-DD 형식으로 적어 주세요.",
        ),
        (
            ("--site", "gwangju", "--from", "2023-01-01", "--to", "2022-12-31", "--output", "p.pdf"),
            "기간의 끝이 시작보다 앞섭니다.",
        ),
        (("--site", "gwangju", *PERIOD, "--output", "/nowhere/p.pdf"), "/nowhere 폴더가 없습니다."),
    ],
)
def test_bad_arguments_are_refused_with_a_message(gwangju_city, arguments, message, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    with pytest.raises(CommandError) as refused:
        run_command("report", "whitepaper", *arguments)

    assert str(refused.value) == message


@pytest.mark.django_db
def test_the_search_index_of_a_site_is_rebuilt_from_its_records(searchable):
    SearchEntry.objects.all().delete()

    printed = run_command("report", "search-index", "--site", "gwangju")

    assert (printed, SearchEntry.objects.filter(public=True).count()) == ("검색 항목 14건을 썼습니다.\n", 14)


@pytest.mark.django_db
def test_the_search_index_of_an_unknown_site_is_refused(searchable):
    with pytest.raises(CommandError) as refused:
        run_command("report", "search-index", "--site", "nowhere")

    assert str(refused.value) == "nowhere 사이트가 없습니다."
