"""광명시's staff write, review and publish a white paper passage in Chromium, on a phone; the
workshop and the passage form pass axe."""

from __future__ import annotations

import pytest

from hyeopchi.reports.enums import PassageStatus
from hyeopchi.reports.models import Passage, WhitePaper
from tests.e2e.test_pages_in_chromium import PHONE_CHECK
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hyeopchi-demo-2026"


def test_a_passage_is_written_on_a_phone_approved_by_another_administrator_and_printed(demo_url, page, browser):
    paper = WhitePaper.objects.get(site__site_slug="gwangmyeong")
    workshop = f"/gwangmyeong/white-papers/{paper.pk}/workshop/"
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, demo_url, "gwangmyeong-admin", PASSWORD, workshop)
    assert page.evaluate(PHONE_CHECK) == {"small": [], "overflow": False, "labelled": True}
    assert serious_violations(page) == []

    page.locator(f"#chapter-{paper.chapters.get(number=2).pk}").get_by_role("link", name="본문 쓰기").click()
    page.wait_for_url("**/passages/new/")
    assert serious_violations(page) == []
    page.get_by_label("소제목").fill("교육의 성과")
    page.get_by_label("본문").fill("{{programs}}개 프로그램에 {{registrations}}명이 신청했다.")
    page.get_by_role("button", name="초안 저장").click()
    assert page.locator(".message").first.inner_text() == "본문을 초안으로 저장했습니다."
    passage = Passage.objects.get(chapter__paper=paper, heading="교육의 성과")
    page.locator("article.passage", has_text="교육의 성과").get_by_role("button", name="검토 요청").click()
    passage.refresh_from_db()
    assert passage.status == PassageStatus.IN_REVIEW

    reviewer = browser.new_page()
    sign_in(reviewer, demo_url, "admin", PASSWORD, workshop)
    reviewer.locator("article.passage", has_text="교육의 성과").get_by_role("button", name="게재 승인").click()
    passage.refresh_from_db()
    assert passage.status == PassageStatus.APPROVED

    reviewer.get_by_label("기준일").fill("2023-12-31")
    reviewer.get_by_role("button", name="판 만들기").click()
    assert reviewer.locator("#editions-table tbody tr").first.inner_text().split("\t")[:3] == [
        "v2",
        "2023-12-31",
        "완료",
    ]
    reviewer.goto(f"{demo_url}/gwangmyeong/white-papers/{paper.pk}/")
    assert "2개 프로그램에 0명이 신청했다." in reviewer.locator("#chapter-2").inner_text()
