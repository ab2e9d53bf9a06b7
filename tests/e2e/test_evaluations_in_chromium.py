"""Gwangju's 2024 institutions round in the browser: the office draws with the published seed,
an evaluator rates, the office publishes, an institution appeals, and the upheld appeal's
recalculation shows its before/after diff."""

from __future__ import annotations

import pytest

from hyeopchi.demo.data.evaluations import GWANGJU_SCALES, GWANGJU_SEED
from hyeopchi.demo.evaluations import EvaluationsDemo
from hyeopchi.demo.loader import DemoLoader
from hyeopchi.evaluations.enums import RatingStatus, RoundStatus
from hyeopchi.evaluations.models import Rating, Round
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hyeopchi-demo-2026"
ROUND = "/evaluations/gwangju-institutions-2024"


def test_the_gwangju_round_is_drawn_scored_published_appealed_and_recalculated(demo_url, browser):
    office = browser.new_context().new_page()
    sign_in(office, demo_url, "gwangju-admin", PASSWORD, f"{ROUND}/office/")
    office.get_by_label("시드").fill("틀린 시드")
    office.get_by_label("추첨은 되돌릴 수 없습니다", exact=False).check()
    office.get_by_role("button", name="평가위원 추첨").click()
    assert office.locator(".message").inner_text() == "이 시드는 공개한 공약값과 맞지 않습니다."
    office.get_by_label("시드").fill(GWANGJU_SEED)
    office.get_by_label("추첨은 되돌릴 수 없습니다", exact=False).check()
    office.get_by_role("button", name="평가위원 추첨").click()
    assert office.locator(".message").inner_text() == "평가위원을 추첨했습니다: 배정 220건."
    assert serious_violations(office) == []
    office.get_by_role("button", name="평가 시작").click()
    assert office.locator("#round-status").inner_text() == "평가 진행"

    evaluator = browser.new_context().new_page()
    sign_in(evaluator, demo_url, "gwangju-evaluator", PASSWORD, f"{ROUND}/my-assignments/")
    first = evaluator.locator("#assignments tbody a").first
    institution = first.inner_text()
    first.click()
    for key, value in (("J2", "4"), ("J4", "3"), ("J5", "5"), ("J6", "4")):
        evaluator.locator(f"#id_value_{key}").fill(value)
    evaluator.locator("#id_value_J4").fill("6")
    evaluator.get_by_role("button", name="제출").click()
    mine = Rating.objects.filter(
        assignment__evaluator__pseudonym="S01",
        assignment__target__name=institution,
        assignment__target__round__slug="gwangju-institutions-2024",
    )
    assert mine.filter(status=RatingStatus.SUBMITTED).count() == 0  # a value outside 1–5 refuses the sheet
    assert evaluator.locator(".error-summary").count() == 1
    evaluator.locator("#id_value_J4").fill("3")
    evaluator.locator("#id_value_J4").dispatch_event("change")
    evaluator.get_by_text("임시 저장했습니다", exact=False).wait_for()  # saved as a draft while typing
    assert mine.filter(status=RatingStatus.DRAFT).count() == 4
    evaluator.locator("#id_comment_J5").fill("현장 대화를 정례화한 점이 돋보입니다.")
    evaluator.get_by_role("button", name="제출").click()
    assert evaluator.locator(".message").inner_text() == "평점을 제출했습니다."
    assert evaluator.locator("#assignments tbody tr").first.locator("td").nth(1).inner_text() == "4건 중 4건 제출"
    assert serious_violations(evaluator) == []
    assert mine.filter(status=RatingStatus.SUBMITTED).count() == 4

    round_ = Round.objects.get(slug="gwangju-institutions-2024")
    EvaluationsDemo(DemoLoader()).ratings(round_, GWANGJU_SCALES)  # the other score sheets
    office.reload()
    assert [c.inner_text() for c in office.locator("#progress tbody td.num:last-child").all()] == ["100.0", "100.0"]
    office.get_by_role("button", name="잠정 결과 공개").click()
    assert office.locator(".message").inner_text() == "잠정 결과를 공개했습니다. 이의신청을 받습니다."
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.PROVISIONAL

    office.goto(f"{demo_url}{ROUND}/targets/T001/")
    name = office.locator("h1").inner_text().removesuffix(" 결과 보고")
    before = office.locator(".facts dd").first.inner_text()
    assert serious_violations(office) == []
    office.get_by_role("link", name="이의신청", exact=True).click()
    office.locator("#id_ground").select_option("data")
    office.locator("#id_indicator").select_option("J1")
    office.locator("#id_text").fill("협업사업 하반기 실적이 빠졌습니다.")
    office.get_by_role("button", name="이의신청 제출").click()
    assert office.locator(".message").inner_text() == "이의신청을 접수했습니다."

    office.goto(f"{demo_url}{ROUND}/office/")
    office.locator("#appeals").get_by_role("link", name="결정").click()
    office.get_by_label("인용하고 다시 계산").check()
    office.locator("#id_remedy").select_option("correct_data")
    office.locator("#id_figure").fill("100")
    office.locator("#id_decision").fill("하반기 실적을 확인해 정정합니다.")
    office.get_by_role("button", name="결정").click()
    assert office.locator(".message").inner_text() == "이의신청을 결정했습니다."
    row = office.locator("#diff tbody tr").filter(has_text=name)
    total_cell = row.locator("td.num").first.inner_text()
    assert total_cell.startswith(f"{before} → ")
    assert float(total_cell.split(" → ")[1]) > float(before)
    assert serious_violations(office) == []
