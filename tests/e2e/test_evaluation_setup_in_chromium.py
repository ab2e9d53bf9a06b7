"""An evaluation office sets a round up in the browser from files alone: the framework and rules
of docs/evaluation/example, Gwangju's five districts enrolled by group, evaluators imported from a
spreadsheet, the seed committed and the evaluators drawn."""

from __future__ import annotations

import pytest

from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.models import Assignment, Round
from tests.support.browser import serious_violations, sign_in
from tests.support.evaluations import EXAMPLE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hyeopchi-demo-2026"
SEED = "gwangju-districts-2027#a1b2c3d4e5f60718293a4b5c6d7e8f90"


def test_an_office_sets_up_a_round_from_files_and_draws(demo_url, page, tmp_path):
    sign_in(page, demo_url, "evaluation-office", PASSWORD, "/evaluations/")
    page.get_by_role("link", name="새 평가").click()
    page.get_by_label("평가 주관 기관").select_option(label="행정안전부")
    page.get_by_label("제목").first.fill("2027 자치구 혁신평가")
    page.get_by_label("주소").fill("districts-2027")
    page.get_by_label("지표체계 파일").set_input_files(EXAMPLE / "framework.yaml")
    page.get_by_label("규칙 파일").set_input_files(EXAMPLE / "rules.yaml")
    assert serious_violations(page) == []
    page.get_by_role("button", name="평가 만들기").click()
    assert page.locator(".message").inner_text() == "지표체계와 평가단을 갖춘 평가를 만들었습니다."

    page.get_by_role("link", name="대상 등록").click()
    page.get_by_label("이 기관 아래의 기관들").fill("광주광역시")
    page.get_by_label("이 유형만").select_option("basic_government")
    page.get_by_label("비교군").fill("구")
    page.get_by_role("button", name="등록하기", exact=True).click()
    assert page.locator(".message").inner_text() == "대상 5곳을 등록했습니다."
    assert serious_violations(page) == []

    rows = ["평가단,가명,이름,이해충돌"]
    rows += [f"expert,E{n},전문가 {n},{'T001' if n == 1 else ''}" for n in range(1, 7)]
    rows += [f"citizen,C{n},시민 {n}," for n in range(1, 6)]
    rows += [f"online,O{n},온라인 {n}," for n in range(1, 6)]
    sheet = tmp_path / "evaluators.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(f"{demo_url}/evaluations/districts-2027/office/")
    page.get_by_role("link", name="평가위원 가져오기").click()
    page.get_by_label("스프레드시트(CSV 또는 XLSX)").set_input_files(sheet)
    page.get_by_role("button", name="평가위원 가져오기").click()
    assert page.locator(".message").inner_text() == "평가위원 16명을 추가했습니다."
    assert serious_violations(page) == []

    page.goto(f"{demo_url}/evaluations/districts-2027/office/")
    page.get_by_role("button", name="인력풀·추첨 시작").click()
    page.get_by_label("시드의 SHA-256").fill(commitment(SEED))
    page.get_by_role("button", name="공약값 공개").click()
    page.get_by_label("시드").fill(SEED)
    page.get_by_label("추첨은 되돌릴 수 없습니다", exact=False).check()
    page.get_by_role("button", name="평가위원 추첨").click()

    drawn = Assignment.objects.filter(target__round__slug="districts-2027")
    assert page.locator(".message").inner_text() == f"평가위원을 추첨했습니다: 배정 {drawn.count()}건."
    assert drawn.filter(evaluator__pseudonym="E1", target__code="T001").count() == 0
    assert Round.objects.get(slug="districts-2027").targets.count() == 5
