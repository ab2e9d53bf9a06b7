"""The search page: results a person recognises, facets as links, marked terms, bad addresses read
as an empty choice."""

from __future__ import annotations

import re

import pytest

from hyeopchi.reports import search, search_index
from hyeopchi.tasks.models import Task
from tests.support.helpers import client_for, text_of
from tests.support.search import SearchWorld

pytestmark = pytest.mark.django_db


def test_a_result_shows_its_type_status_date_body_title_and_marked_snippet(searchable: SearchWorld):
    page = client_for(None).get("/gwangju/search/", {"q": "파손"}).content.decode()

    result = re.search(r'<ol class="results">(.*?)</ol>', page, re.S)
    assert result is not None
    assert " ".join(re.sub(r"<[^>]+>", " ", result.group(1)).split()) == (
        "문서 · 회의자료 · 2024-06-11 · 폭염대책위원회 점검 결과 제3차 폭염대책위원회 정기회의 그늘막 안전 점검 결과 파손 2건 수리 완료"
    )
    assert "<mark>파손</mark>" in page
    assert f'href="/gwangju/meetings/{searchable.meeting.pk}/documents/{searchable.hwpx.pk}/"' in page


def test_the_type_facet_lists_every_type_with_its_count_and_links_to_it(searchable: SearchWorld):
    page = client_for(None).get("/gwangju/search/", {"q": "그늘막"}).content.decode()

    facet = re.search(r"<h2>유형</h2>\s*<ul>(.*?)</ul>", page, re.S)
    assert facet is not None
    assert re.findall(r'<a href="([^"]+)">(\S+(?: \S+)?) <span class="count">(\d+)</span>', facet.group(1)) == [
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=meeting", "회의", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=agenda_item", "안건", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=minutes", "회의록", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=proposal", "제안", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=task", "과제", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=progress_report", "이행상황 보고", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=budget_project", "참여예산 사업", "1"),
        ("?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;type=document", "문서", "4"),
    ]


def test_a_chosen_type_offers_its_statuses(searchable: SearchWorld):
    page = client_for(None).get("/gwangju/search/", {"q": "그늘막", "type": "document"}).content.decode()

    assert (page.count("<h3>"), "<h2>상태</h2>" in page, "추진 증빙" in page) == (4, True, True)


def test_a_filter_the_address_cannot_hold_is_ignored_and_said(searchable: SearchWorld):
    response = client_for(None).get("/gwangju/search/", {"q": "그늘막", "year": "이천이십사"})

    assert (
        response.status_code,
        "주소의 일부를 읽을 수 없어" in text_of(response),
        response.content.count(b"<h3>"),
    ) == (200, True, 11)


def test_the_page_without_a_query_shows_the_box_only(searchable: SearchWorld):
    page = client_for(None).get("/gwangju/search/").content.decode()

    assert ('type="search"' in page, '<ol class="results">' in page) == (True, False)


def test_the_english_page_marks_korean_titles(searchable: SearchWorld):
    page = client_for(None).get("/en/gwangju/search/", {"q": "파손"}).content.decode()

    assert ('<span lang="ko">점검 결과</span>' in page, "1 result for" in page) == (True, True)


def test_the_english_page_shows_a_records_english_title_where_it_has_one(searchable: SearchWorld):
    Task.objects.filter(pk=searchable.task.pk).update(title_en="Shade canopies at crossings")
    search_index.refresh("tasks.task", [searchable.task.pk])

    page = client_for(None).get("/en/gwangju/search/", {"q": "그늘막", "type": "task"}).content.decode()

    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", page) == ["Shade canopies at crossings"]


def test_results_come_a_page_at_a_time_with_the_search_kept_in_the_links(searchable: SearchWorld, monkeypatch):
    monkeypatch.setattr(search, "PAGE_SIZE", 5)

    page = client_for(None).get("/gwangju/search/", {"q": "그늘막", "page": "2"}).content.decode()

    pages = re.findall(r'<nav class="pagination".*?</nav>', page, re.S)[0]
    assert (page.count("<h3>"), re.findall(r'href="([^"]+)"', pages), "3쪽 중 2쪽" in pages) == (
        5,
        ["?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;page=1", "?q=%EA%B7%B8%EB%8A%98%EB%A7%89&amp;page=3"],
        True,
    )
