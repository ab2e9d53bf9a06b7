from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from hyeopchi.organizations.models import Organization
from hyeopchi.reports.models import WhitePaper
from tests.support.browser import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pages_of(base: str) -> list[tuple[str, str]]:
    working = Organization.objects.get(name="실무위원회")
    council = Organization.objects.get(name="시정협치협의회")
    paper = WhitePaper.objects.get(site__site_slug="gwangmyeong")
    return [
        ("/gwangju/", "광주광역시"),
        ("/gwangju/organizations/", "기관"),
        (f"/gwangju/organizations/{working.pk}/", "실무위원회"),
        ("/gwangmyeong/", "광명시"),
        (f"/gwangmyeong/organizations/{council.pk}/", "시정협치협의회"),
        ("/en/gwangju/", "Gwangju Metropolitan City"),
        ("/en/gwangju/organizations/", "Organizations"),
        (f"/en/gwangju/organizations/{working.pk}/", "Working Committee"),
        ("/en/gwangmyeong/", "Gwangmyeong City"),
        (f"/en/gwangmyeong/organizations/{council.pk}/", "City Governance Council"),
        ("/evaluations/", "평가"),
        ("/evaluations/innovation-2020/", "2020년 지방자치단체 정부혁신평가"),
        ("/evaluations/innovation-2020/versions/2/", "계산 #2"),
        ("/en/evaluations/disaster-2020/", "2020 disaster management evaluation"),
        ("/gwangju/meetings/calendar/?month=2021-04", "회의 달력"),
        ("/en/gwangju/meetings/calendar/?week=2021-W17", "Meeting calendar"),
        ("/gwangju/dashboard/", "현황판: 광주광역시"),
        ("/en/gwangmyeong/data/", "Open data: Gwangmyeong City"),
        ("/gwangju/search/?q=쉼터", "검색"),
        ("/en/gwangmyeong/search/?q=청년&type=budget_project", "Search"),
        (f"/gwangmyeong/white-papers/{paper.pk}/", "광명시 민관협치 백서 2019–2023"),
    ]


def test_pages_load_in_korean_and_english_with_no_serious_accessibility_violation(demo_url, page):
    findings = {}
    for path, heading in pages_of(demo_url):
        page.goto(demo_url + path)
        assert page.locator("h1").inner_text() == heading
        assert page.locator("html").get_attribute("lang") == ("en" if path.startswith("/en/") else "ko")
        findings[path] = serious_violations(page)

    assert findings == {path: [] for path, _ in pages_of(demo_url)}


def test_the_working_committee_page_shows_the_composition_warning(demo_url, page):
    working = Organization.objects.get(name="실무위원회")

    page.goto(f"{demo_url}/gwangju/organizations/{working.pk}/")
    status = page.locator("#composition-status")

    assert status.locator("li").all_inner_texts() == [
        "경고 근로자위원: 현재 2명, 최소 3명이 필요합니다.",
        "오류 전체 위원 5명, 최소 6명이 필요합니다.",
    ]


def test_skip_link_moves_focus_to_the_main_content(demo_url, page):
    page.goto(f"{demo_url}/gwangju/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_language_switch_keeps_the_page(demo_url, page):
    working = Organization.objects.get(name="실무위원회")
    page.goto(f"{demo_url}/gwangju/organizations/{working.pk}/")

    page.get_by_role("link", name="English").click()

    assert page.url == f"{demo_url}/en/gwangju/organizations/{working.pk}/"
    assert page.locator("h1").inner_text() == "Working Committee"


def test_secretary_appoints_a_member_through_the_form(demo_url, page):
    from django.contrib.auth import get_user_model

    from hyeopchi.organizations.models import Post

    get_user_model().objects.create_user(username="sec", password="pw-secret-123", is_superuser=True)
    working = Organization.objects.get(name="실무위원회")
    worker = Post.objects.get(organization=working, name="근로자위원")

    page.goto(f"{demo_url}/accounts/login/?next=/gwangju/organizations/{working.pk}/members/new/")
    page.get_by_label("아이디").fill("sec")
    page.get_by_label("비밀번호").fill("pw-secret-123")
    page.get_by_role("button", name="로그인").click()
    page.get_by_label("자리").select_option(str(worker.pk))
    page.get_by_label("새 인물 이름").fill("정도장")
    page.get_by_label("시작일").fill("2020-12-24")
    page.get_by_role("button", name="위촉").click()

    assert page.locator(".message").inner_text() == "위원을 위촉했습니다."
    assert page.locator("#composition-status li").all_inner_texts() == []
    assert "모든 구성 규칙을 충족합니다." in page.locator("#composition-status").inner_text()


def test_every_part_of_a_page_sits_in_a_landmark(demo_url, page):
    page.goto(f"{demo_url}/gwangju/")

    results = Axe().run(page, options={"runOnly": ["region"]})

    assert [v["id"] for v in results.response["violations"]] == []


def test_records_print_without_the_sites_navigation_and_forms(demo_url, page):
    from hyeopchi.meetings.models import Meeting
    from hyeopchi.tasks.models import Task

    meeting = Meeting.objects.get(title="시정혁신 추진상황 보고회")
    task = Task.objects.filter(parent__isnull=True).order_by("pk").first()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    printed = {}
    for path in (f"/gwangju/meetings/{meeting.pk}/", f"/gwangju/tasks/{task.pk}/", "/evaluations/innovation-2020/"):
        page.goto(demo_url + path)
        printed[path] = (
            page.locator("h1").is_visible(),
            page.locator(".main-nav").is_visible(),
            page.locator("main form:visible").count(),
            page.evaluate("document.documentElement.scrollWidth <= 794"),
        )

    assert set(printed.values()) == {(True, False, 0, True)}


PHONE_CHECK = """() => {
  const small = [];
  for (const el of document.querySelectorAll('button, select, input:not([type=hidden]), .main-nav a, .utility a')) {
    const r = el.getBoundingClientRect();
    const box = el.type === 'checkbox' || el.type === 'radio' ? el.labels[0]?.getBoundingClientRect() || r : r;
    if (r.width > 0 && box.height < 44) small.push(el.outerHTML.slice(0, 60));
  }
  const table = document.querySelector('table.table');
  const labels = table ? [...table.tBodies[0].rows[0].cells].map(c => c.dataset.label || '') : [];
  const names = table ? [...table.tHead.rows[0].cells].map(c => c.textContent.trim()) : [];
  return {small, overflow: document.documentElement.scrollWidth > 360, labelled: labels.join('|') === names.join('|')};
}"""


def test_phone_pages_fit_360_pixels_with_44_pixel_controls_and_labelled_cards(demo_url, page):
    page.set_viewport_size({"width": 360, "height": 780})
    found = {}
    for path in (
        "/gwangju/tasks/",
        "/gwangju/proposals/",
        "/gwangju/meetings/",
        "/en/evaluations/innovation-2020/",
        "/gwangju/meetings/calendar/?week=2021-W17",
        "/gwangju/dashboard/",
        "/gwangmyeong/data/",
        "/gwangju/search/?q=쉼터",
        f"/gwangmyeong/white-papers/{WhitePaper.objects.get().pk}/",
    ):
        page.goto(demo_url + path)
        found[path] = page.evaluate(PHONE_CHECK)

    assert found == dict.fromkeys(found, {"small": [], "overflow": False, "labelled": True})
