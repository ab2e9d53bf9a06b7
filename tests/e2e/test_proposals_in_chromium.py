"""A citizen's proposal climbs 바로소통광주's whole ladder in the browser, becomes a committee
recommendation, and the city's task for it rolls its sub-tasks' progress into the review table."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.demo.data.proposals import CITIZENS
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import services
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks.models import Task
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hyeopchi-demo-2026"


def citizens() -> list[Actor]:
    users = get_user_model().objects.filter(username__startswith="citizen-").order_by("username")
    return [Actor.for_user(user) for user in users]


def test_a_proposal_climbs_the_ladder_and_its_recommendation_becomes_a_task_in_the_review(demo_url, browser):
    User = get_user_model()
    User.objects.create_user("walker", password=PASSWORD)
    User.objects.create_user("supporter", password=PASSWORD)
    author = browser.new_context().new_page()
    sign_in(author, demo_url, "walker", PASSWORD, "/gwangju/proposals/new/")
    author.locator("#id_title").fill("무등산 등산로 안내 표지판 정비")
    author.locator("#id_body").fill("낡은 표지판 때문에 길을 잃는 등산객이 많습니다. 안내 표지판을 정비해 주세요.")
    author.get_by_role("button", name="올리기").click()
    assert author.locator(".message").inner_text() == "제안을 올렸습니다. 주변에 공감을 부탁해 보세요."
    proposal = Proposal.objects.get(title="무등산 등산로 안내 표지판 정비")
    assert author.locator("#proposal-status").inner_text() == "공감 모으는 중"
    assert serious_violations(author) == []

    crowd = citizens()
    assert len(crowd) == CITIZENS
    for citizen in crowd[:49]:
        services.support(actor=citizen, proposal=proposal)
    supporter = browser.new_context().new_page()
    sign_in(supporter, demo_url, "supporter", PASSWORD, f"/gwangju/proposals/{proposal.pk}/")
    supporter.get_by_role("button", name="공감하기").click()
    supporter.get_by_role("button", name="공감 취소").wait_for()
    assert supporter.locator(".message").inner_text() == "이 제안에 공감했습니다."
    assert supporter.locator("#proposal-status").inner_text() == "공개 토론 중"
    assert supporter.locator("#support-count").inner_text() == "50"

    for citizen in crowd[:99]:
        services.join_debate(actor=citizen, proposal=proposal, position="for")
    supporter.reload()
    supporter.get_by_label("찬성").check()
    supporter.get_by_role("button", name="참여하기").click()
    assert supporter.locator("#proposal-status").inner_text() == "검토 중"
    assert supporter.locator("#participant-count").inner_text() == "100"

    committee = browser.new_context().new_page()
    sign_in(committee, demo_url, "rights-secretary", PASSWORD, f"/gwangju/proposals/{proposal.pk}/")
    committee.get_by_role("link", name="시민권익위원회 답변하기").click()
    committee.get_by_label("수용", exact=True).check()
    committee.locator("#id_text").fill("분과위 검토 결과 실행하기로 하고 시에 권고합니다.")
    committee.get_by_role("button", name="답변 공개").click()
    assert committee.locator("#proposal-status").inner_text() == "수용"
    committee.get_by_role("link", name="위원회 권고로 채택").click()
    committee.locator("#id_committee").select_option(label="시민권익위원회")
    committee.locator("#id_round_number").fill("2")
    committee.locator("#id_number").fill("1")
    committee.get_by_role("button", name="권고", exact=True).click()
    assert committee.locator(".message").inner_text() == "권고를 냈습니다."
    recommendation = Proposal.objects.get(source=proposal)

    city = browser.new_context().new_page()
    sign_in(city, demo_url, "gwangju-admin", PASSWORD, f"/gwangju/proposals/{recommendation.pk}/")
    city.get_by_role("link", name="광주광역시 답변하기").click()
    city.get_by_label("수용", exact=True).check()
    city.locator("#id_text").fill("권고를 수용해 2027년에 표지판을 정비합니다.")
    city.locator("#id_task_title").fill("무등산 표지판 정비 사업")
    city.get_by_role("button", name="답변 공개").click()
    task = Task.objects.get(title="무등산 표지판 정비 사업")
    city.goto(f"{demo_url}/gwangju/tasks/{task.pk}/")
    for title in ["표지판 디자인", "표지판 설치"]:
        city.get_by_role("link", name="하위 과제 추가").click()
        city.locator("#id_title").fill(title)
        city.get_by_role("button", name="추가").click()
        assert city.locator(".message").inner_text() == "하위 과제를 추가했습니다."
    city.get_by_role("link", name="진행률 산정 방식").click()
    city.get_by_label("하위 과제의 단순 평균").check()
    city.get_by_role("button", name="저장").click()
    today = timezone.localdate().isoformat()
    for title, progress in [("표지판 디자인", "60"), ("표지판 설치", "20")]:
        city.goto(f"{demo_url}/gwangju/tasks/{Task.objects.get(title=title).pk}/report/")
        city.locator("#id_reported_on").fill(today)
        city.locator("#id_status").select_option(label="추진 중")
        city.locator("#id_progress").fill(progress)
        city.locator("#id_narrative").fill(f"{title} 진행")
        city.get_by_role("button", name="보고 등록").click()
        assert city.locator(".message").inner_text() == "이행상황 보고를 등록했습니다."
    city.goto(f"{demo_url}/gwangju/tasks/{task.pk}/")
    assert city.locator("#task-progress").inner_text() == "40%"
    assert "하위 과제 진행률의 단순 평균" in city.locator("#children caption").inner_text()
    assert serious_violations(city) == []

    rights = Organization.objects.get(name="시민권익위원회")
    city.goto(f"{demo_url}/gwangju/organizations/{rights.pk}/review/?round=2")
    row = city.locator("#review tbody tr").first
    assert row.locator("th").inner_text().splitlines() == ["제2차 권고 제1호", "무등산 등산로 안내 표지판 정비"]
    assert row.locator("td").nth(1).inner_text().splitlines() == ["무등산 표지판 정비 사업", "보고 기관: 광주광역시"]
    assert row.locator("td.num").inner_text() == "40%"
    assert serious_violations(city) == []


def test_supporting_updates_the_count_in_place_and_keeps_focus(demo_url, page):
    get_user_model().objects.create_user("in-place", password=PASSWORD)
    proposal = Proposal.objects.filter(site__site_slug="gwangju", status="submitted").order_by("pk").first()
    assert proposal is not None
    before = proposal.support_count
    sign_in(page, demo_url, "in-place", PASSWORD, f"/gwangju/proposals/{proposal.pk}/")
    page.evaluate("window.stillHere = true")

    page.get_by_role("button", name="공감하기").click()
    page.get_by_role("button", name="공감 취소").wait_for()

    assert page.evaluate("window.stillHere") is True
    assert page.locator("#support-count").inner_text() == str(before + 1)
    assert page.locator("#messages").inner_text() == "이 제안에 공감했습니다."
    assert page.evaluate("document.activeElement.id") == "support-button"
