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
