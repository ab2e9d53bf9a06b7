"""A resident votes in 광명시's 주민세 마을사업 on a phone, seeing the money left as they pick; the
2023 청년숙의예산's results explain Equal Shares; the budget pages pass axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hyeopchi.budgeting.models import Ballot, Heading
from tests.e2e.test_pages_in_chromium import PHONE_CHECK
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hyeopchi-demo-2026"
# a 1×1 white PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8ffffff7f0009fb03fd2a86e38a0000000049454e44ae426082"
)


def village() -> str:
    return f"/gwangmyeong/budgets/village-{timezone.localdate().year}/"


def test_a_resident_votes_on_a_phone_seeing_the_money_left(demo_url, page):
    page.set_viewport_size({"width": 360, "height": 780})
    heading = Heading.objects.get(name="철산동")
    sign_in(page, demo_url, "citizen", PASSWORD, village())
    page.get_by_role("link", name="투표").first.click()
    page.get_by_label("1. 골목길 벽화와 야간 조명 (12,000,000원)").check()
    page.get_by_label("4. 마을 축제 한마당 (15,000,000원)").check()
    page.locator("#ballot-summary", has_text="27,000,000원").wait_for()
    assert page.locator("#ballot-summary").inner_text() == "2개 사업 선택 · 27,000,000원 · 8,454,545원 남음"
    assert page.evaluate(PHONE_CHECK) == {"small": [], "overflow": False, "labelled": True}
    assert serious_violations(page) == []
    before = Ballot.objects.filter(heading=heading).count()
    page.get_by_role("button", name="투표하기").click()
    assert page.locator(".message").first.inner_text().startswith("투표했습니다.")
    assert Ballot.objects.filter(heading=heading).count() == before + 1


def test_the_summary_warns_before_a_ballot_goes_over_the_budget(demo_url, page):
    sign_in(page, demo_url, "citizen", PASSWORD, village())
    heading = Heading.objects.get(name="철산동")
    page.goto(f"{demo_url}{village()}{heading.pk}/ballot/")
    for label in ("1. 골목길", "3. 어린이", "4. 마을 축제"):
        page.get_by_label(label).check()
    page.locator("#ballot-summary", has_text="많음").wait_for()
    assert page.locator("#ballot-summary").inner_text() == (
        "3개 사업 선택 · 36,000,000원 · 예산보다 545,455원 많음\n\n"
        "고른 사업의 비용이 36,000,000원으로, 이 예산 35,454,545원보다 많습니다."
    )


def test_the_youth_budgets_results_explain_equal_shares(demo_url, page):
    heading = Heading.objects.get(name="청년 (만 19~39세)")
    page.goto(f"{demo_url}/gwangmyeong/budgets/youth-2023/{heading.pk}/results/")
    assert page.locator("h1").inner_text() == "결과: 청년 (만 19~39세)"
    assert "한 사람이 833,333원으로 시작합니다." in page.locator("#how-heading + p").inner_text()
    assert serious_violations(page) == []


def test_budget_pages_pass_axe_in_both_languages(demo_url, page):
    heading = Heading.objects.get(name="청년 (만 19~39세)")
    paths = [
        "/gwangmyeong/budgets/",
        "/gwangmyeong/budgets/youth-2023/",
        f"/gwangmyeong/budgets/youth-2023/{heading.pk}/",
        f"/gwangmyeong/budgets/youth-2023/{heading.pk}/projects/1/",
        f"/en/gwangmyeong/budgets/youth-2023/{heading.pk}/results/",
        f"/en{village()}",
    ]
    found = {}
    for path in paths:
        page.goto(demo_url + path)
        found[path] = serious_violations(page)
    assert found == dict.fromkeys(paths, [])


def test_staff_set_up_a_budget_in_the_forms_on_a_phone(demo_url, page, tmp_path):
    """광명시's administrator creates next year's process, a budget, a project with a photo; the
    department's review; each form passes axe at phone width."""
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, demo_url, "gwangmyeong-admin", PASSWORD, "/gwangmyeong/budgets/")
    found = {}
    page.get_by_role("link", name="새 참여예산").click()
    found["process"] = serious_violations(page)
    page.fill("#id_title", "2027 광명시 주민참여예산")
    page.fill("#id_slug", "citizens-2027")
    page.fill("#id_starts_ideas", "2027-03-01")
    page.fill("#id_starts_review", "2027-04-01")
    page.fill("#id_starts_voting", "2027-05-01")
    page.fill("#id_ends_on", "2027-05-31")
    page.get_by_role("button", name="참여예산 만들기").click()
    page.get_by_role("link", name="예산 항목 추가").click()
    found["heading"] = serious_violations(page)
    page.fill("#id_name", "광명시 전체")
    page.fill("#id_amount", "300000000")
    page.fill("#id_max_picks", "3")
    page.get_by_role("button", name="예산 항목 추가").click()
    page.get_by_role("link", name="사업 추가").click()
    found["project"] = serious_violations(page)
    page.fill("#id_title", "안양천 산책로 그늘막")
    page.fill("#id_cost", "45000000")
    page.get_by_role("button", name="사업 추가").click()
    page.get_by_role("link", name="파일·이미지 추가").click()
    found["file"] = serious_violations(page)
    photo = tmp_path / "shade.png"
    photo.write_bytes(PNG)
    page.fill("#id_title", "설치 예정지")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_description", "햇볕이 드는 안양천 산책로 벤치")
    page.get_by_role("button", name="파일 추가").click()
    page.get_by_role("link", name="타당성 검토").click()
    found["review"] = serious_violations(page)
    page.select_option("#id_feasibility", "feasible")
    page.get_by_role("button", name="검토 결과 저장").click()
    assert page.locator("img[alt='햇볕이 드는 안양천 산책로 벤치']").count() == 1
    assert page.locator(".status-feasible").inner_text() == "실현 가능"
    assert page.evaluate(PHONE_CHECK)["overflow"] is False
    assert found == dict.fromkeys(["process", "heading", "project", "file", "review"], [])
