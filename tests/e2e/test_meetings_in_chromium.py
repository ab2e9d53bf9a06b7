"""Scenario S1 replayed by a secretary in the browser, and the reading-class registration."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings.models import Meeting, MeetingSeries, Program
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM
from tests.support.browser import serious_violations, sign_in
from tests.support.programs import reading_class

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_replays_s1_from_an_empty_series_to_forwarded_items(demo_url, page):
    council = Organization.objects.get(name="시·구 부단체장 상생회의")
    secretary = get_user_model().objects.create_user("s1-secretary", password="s1-pass-2026")
    assign_role(actor=SYSTEM, user=secretary, organization=council, role=OrganizationRoleName.SECRETARY)
    win_win = MeetingSeries.objects.get(title="시·구 상생회의")

    sign_in(page, demo_url, "s1-secretary", "s1-pass-2026", f"/gwangju/organizations/{council.pk}/series/new/")
    page.locator("#id_title").fill("부단체장 상생회의(재현)")
    page.locator("#id_dtstart").fill("2021-02-23T10:00")
    page.get_by_label("매월, 같은 주 같은 요일(예: 넷째 화요일)").check()
    page.locator("#id_interval").fill("2")
    page.locator("#id_seats_1_body").fill("광주광역시")
    page.locator("#id_seats_1_role").select_option("head")
    page.locator("#id_interval").dispatch_event("change")
    preview = page.locator("#series-preview")
    preview.get_by_text("격월 넷째 화요일").wait_for()
    assert preview.locator("time").all_inner_texts()[:3] == [
        "2021-02-23 (화요일) 10:00",
        "2021-04-27 (화요일) 10:00",
        "2021-06-22 (화요일) 10:00",
    ]
    assert serious_violations(page) == []
    page.get_by_role("button", name="정례회의 만들기").click()
    assert page.locator(".message").inner_text() == "정례회의를 만들었습니다."

    series = MeetingSeries.objects.get(title="부단체장 상생회의(재현)")
    first = series.meetings.get(number=1)
    page.goto(f"{demo_url}/gwangju/meetings/{first.pk}/")
    for title in [
        "문화강좌 비정규직 민생안정자금 지원",
        "코로나19 백신접종 의료인력 확보 대책건의",
        "학대피해 아동쉼터 광주시 통합 추가설치 요청",
    ]:
        page.get_by_role("link", name="안건 추가").click()
        page.locator("#id_title").fill(title)
        page.locator("#id_kind").select_option("decision")
        page.get_by_role("button", name="안건 추가").click()
    page.get_by_role("link", name="안건 넘기기").click()
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    target = meeting_selectors.next_meeting_of(win_win, first.start)
    page.locator("#id_target").select_option(str(target.pk))
    page.get_by_role("button", name="넘기기").click()

    assert page.locator(".message").inner_text() == "안건을 넘겼습니다."
    assert page.get_by_text("넘긴 회의").count() == 3
    page.goto(f"{demo_url}/gwangju/meetings/{target.pk}/")
    assert page.get_by_text("넘겨받은 회의").count() == 6  # three from the demo, three replayed
    assert serious_violations(page) == []


def test_secretary_schedules_a_one_off_forum_from_the_bodys_page(demo_url, page):
    council = Organization.objects.get(name="시·구 부단체장 상생회의")
    secretary = get_user_model().objects.create_user("forum-secretary", password="forum-pass-2026")
    assign_role(actor=SYSTEM, user=secretary, organization=council, role=OrganizationRoleName.SECRETARY)

    sign_in(page, demo_url, "forum-secretary", "forum-pass-2026", f"/gwangju/organizations/{council.pk}/")
    page.get_by_role("link", name="새 회의", exact=True).click()
    page.locator("#id_title").fill("상생 현장 토론회")
    page.locator("#id_start").fill("2027-03-16T14:00")
    page.locator("#id_end").fill("2027-03-16T16:00")
    page.locator("#id_place").fill("광주광역시청 대회의실")
    assert serious_violations(page) == []
    page.get_by_role("button", name="회의 잡기").click()

    meeting = Meeting.objects.get(title="상생 현장 토론회")
    assert (meeting.organizer_id, meeting.series_id, meeting.place) == (council.pk, None, "광주광역시청 대회의실")
    assert page.locator("h1").inner_text() == "상생 현장 토론회"
    assert page.locator(".message").inner_text() == "회의를 잡았습니다."


def test_reading_class_fills_waitlists_and_promotes(demo_url, page):
    # The demo's classes of January 2021 no longer take sign-ups: a class of the same kind ahead.
    program = reading_class(Organization.objects.get(site_slug="gwangju"), 7, cohorts=2, library="운림도서관")
    second = program.cohorts.get(label="2기")
    codes = []
    for n in range(8):
        page.goto(f"{demo_url}/gwangju/programs/{program.pk}/")
        page.get_by_label("2기").check()
        page.locator("#id_name").fill(f"참가자{n}")
        page.locator("#id_contact").fill(f"010-7777-{n:04d}")
        page.locator("#id_grade").fill("5")
        page.locator("#id_guardian_name").fill(f"보호자{n}")
        page.locator("#id_guardian_contact").fill(f"010-7777-{n:04d}")
        page.locator("#id_guardian_consent").check()
        page.locator("#id_consent").check()
        page.get_by_role("button", name="신청하기").click()
        codes.append(page.url.rstrip("/").rsplit("/", 1)[-1])
    assert page.locator("#registration-status").inner_text() == "대기 (대기 1번)"

    page.goto(f"{demo_url}/gwangju/registrations/{codes[0]}/")
    page.locator("#id_contact").fill("010-7777-0000")
    page.get_by_role("button", name="신청 취소하기").click()
    page.goto(f"{demo_url}/gwangju/registrations/{codes[7]}/")

    assert page.locator("#registration-status").inner_text() == "확정"
    assert second.registrations.filter(status="confirmed").count() == 7
    assert serious_violations(page) == []


def test_meeting_pages_have_no_serious_accessibility_violation(demo_url, page):
    first = Meeting.objects.get(series__title="시·구 부단체장 상생회의", number=1)
    program = Program.objects.get(title="우리 함께 생각해요! 아동인권")
    paths = [
        "/gwangju/meetings/",
        f"/gwangju/meetings/{first.pk}/",
        f"/gwangju/series/{first.series_id}/",
        "/gwangju/programs/",
        f"/gwangju/programs/{program.pk}/",
        "/en/gwangju/meetings/",
        f"/en/gwangju/meetings/{first.pk}/",
        f"/en/gwangju/programs/{program.pk}/",
    ]
    findings = {}
    for path in paths:
        page.goto(demo_url + path)
        findings[path] = serious_violations(page)

    assert findings == {path: [] for path in paths}
