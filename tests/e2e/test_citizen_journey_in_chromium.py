"""A newcomer's whole journey from the site's home: sign up, confirm the address, propose and edit
the proposal, support and comment on another, register for a program and cancel from 내 활동, and
delete the account; what they wrote stays, under "탈퇴한 사용자". The pages added for it pass axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import Registration
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Comment, Proposal, Support
from hyeopchi.proposals.selectors import collecting_supports
from tests.factories import SYSTEM
from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Bright-river-2026"


def _open_forum() -> None:
    """A forum of the city next month that takes registrations now, for signed-in people."""
    city = Organization.objects.get(site_slug="gwangju")
    start = timezone.now() + dt.timedelta(days=30)
    meeting_services.create_program(
        actor=SYSTEM,
        organizer=city,
        title="시민 협치 토론회",
        kind="forum",
        requires_sign_in=True,
        cohorts=[meeting_services.CohortSpec("1회", start, start + dt.timedelta(hours=2), 50)],
    )


def test_a_newcomer_takes_part_then_leaves(demo_url, page):
    _open_forum()
    other = collecting_supports(Organization.objects.get(site_slug="gwangju")).first()
    assert other is not None

    # Sign up from the home's call to action, and confirm the address from the message.
    page.goto(f"{demo_url}/gwangju/")
    page.get_by_role("link", name="가입하고 제안하기").click()
    page.locator("#id_username").fill("haneul")
    page.locator("#id_email").fill("haneul@example.kr")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("위와 같이 개인정보를 수집·이용하는 데 동의합니다.").check()
    page.get_by_role("button", name="회원가입").click()
    link = re.search(r"https?://\S+?/accounts/confirm-email/[A-Za-z0-9_:-]+/", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="확인").click()

    # Propose, then correct the title while nobody has supported it yet.
    page.goto(f"{demo_url}/gwangju/proposals/new/")
    page.locator("#id_title").fill("하천변 산책로에 야간 조명을 설치해 주세요")
    page.locator("#id_body").fill("밤에 산책하는 주민이 많은데 조명이 부족해 위험합니다.")
    page.locator("#proposal-form button[type=submit]").first.click()
    if page.get_by_role("button", name="그래도 내 제안 올리기").count():
        page.get_by_role("button", name="그래도 내 제안 올리기").click()
    page.get_by_role("link", name="제안 수정").click()
    page.locator("#id_title").fill("하천변 산책로 야간 조명 설치")
    page.get_by_role("button", name="저장").click()
    assert page.locator("h1").inner_text() == "하천변 산책로 야간 조명 설치"

    # Support and comment on another citizen's proposal.
    page.goto(f"{demo_url}/gwangju/proposals/{other.pk}/")
    page.get_by_role("button", name="공감하기").click()
    page.locator("#id_body").fill("저도 꼭 필요하다고 생각합니다.")
    page.get_by_role("button", name="댓글", exact=True).click()
    assert "저도 꼭 필요하다고 생각합니다." in page.locator("ol.comments").inner_text()

    # Register for the forum, then cancel from 내 활동.
    page.goto(f"{demo_url}/gwangju/programs/")
    page.get_by_role("link", name="시민 협치 토론회").click()
    page.get_by_label("1회", exact=False).check()
    page.locator("#id_name").fill("김하늘")
    page.locator("#id_contact").fill("010-2026-1127")
    page.get_by_label("위와 같이 개인정보를 수집·이용하는 데 동의합니다. (필수)").check()
    page.get_by_role("button", name="신청하기").click()
    page.get_by_role("link", name="내 활동").click()
    page.get_by_role("link", name="시민 협치 토론회 · 1회").click()
    page.get_by_label("네, 이 신청을 취소합니다", exact=False).check()
    page.get_by_role("button", name="신청 취소하기").click()
    assert Registration.objects.get(name="김하늘").status == "cancelled"

    # Leave: the account goes, what was written stays.
    page.goto(f"{demo_url}/accounts/delete/")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="탈퇴하기").click()

    mine = Proposal.objects.get(title="하천변 산책로 야간 조명 설치")
    comment = Comment.objects.get(body="저도 꼭 필요하다고 생각합니다.")
    leaver = mine.author_user
    assert leaver is not None
    assert (leaver.username, comment.author.username) == (f"deleted-{leaver.pk}", f"deleted-{leaver.pk}")
    assert Support.objects.filter(proposal=other, user=leaver).count() == 1
    page.goto(f"{demo_url}/gwangju/proposals/{other.pk}/")
    assert "탈퇴한 사용자" in page.locator(f"#comment-{comment.pk}").inner_text()


def test_the_pages_added_for_staff_and_citizens_pass_axe_in_both_languages_and_widths(demo_url, page):
    sign_in(page, demo_url, "gwangju-admin", "hyeopchi-demo-2026", "/gwangju/")
    city = Organization.objects.get(site_slug="gwangju")
    paths = [
        "/gwangju/",
        "/gwangju/proposals/thresholds/",
        "/gwangju/proposals/thresholds/new/",
        "/gwangju/eligibility/",
        f"/gwangju/organizations/{city.pk}/organizations/new/",
        f"/gwangju/organizations/{city.pk}/posts/new/",
        f"/gwangju/organizations/{city.pk}/tasks/new/",
        "/accounts/eligibility/",
        "/accounts/activity/",
    ]
    findings = {}
    for size in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        page.set_viewport_size(size)
        for path in paths + [f"/en{p}" for p in paths]:
            page.goto(demo_url + path)
            findings[(size["width"], path)] = serious_violations(page)

    assert findings == dict.fromkeys(findings, [])


def test_the_pages_for_authors_guardians_and_applicants_pass_axe(demo_url, page):
    from django.contrib.auth import get_user_model

    from hyeopchi.core.actor import Actor
    from hyeopchi.evaluations.enums import PanelKind
    from hyeopchi.meetings.models import Program
    from hyeopchi.proposals import services as proposal_services
    from tests.support.evaluations import example_round_of

    city = Organization.objects.get(site_slug="gwangju")
    author = get_user_model().objects.create_user("axe-author", password=PASSWORD)
    proposal = proposal_services.create_proposal(
        actor=Actor.for_user(author), addressee=city, title="공원 벤치 그늘막 설치", body="여름에 앉을 곳이 없습니다."
    )
    comment = proposal_services.add_comment(actor=Actor.for_user(author), proposal=proposal, body="덧붙입니다.")
    tokens: list[str] = []
    child_cohort = Program.objects.get(title="우리 함께 생각해요! 아동인권").cohorts.order_by("pk").first()
    meeting_services.register(
        actor=SYSTEM,
        cohort=child_cohort,
        name="어린이",
        contact="010-2026-0001",
        grade=5,
        consent=True,
        guardian=meeting_services.Guardian("보호자", "010-2026-0002"),
        guardian_link=lambda token: tokens.append(token) or "",  # type: ignore[func-returns-value]
        now=child_cohort.start - dt.timedelta(days=7),  # the demo's class of January 2021, applied for then
    )
    office = Organization.objects.get(name="행정안전부")
    example_round_of(
        office, "open-2027", "공모 중인 평가", [{"key": "citizen", "kind": PanelKind.CITIZEN, "title": "국민평가단"}]
    )
    base = f"/gwangju/proposals/{proposal.pk}"
    paths = [
        f"{base}/edit/",
        f"{base}/comments/{comment.pk}/edit/",
        f"{base}/comments/{comment.pk}/delete/",
        f"/consent/guardian/{tokens[0]}/",
        "/evaluations/open-2027/panels/citizen/apply/",
    ]
    sign_in(page, demo_url, "axe-author", PASSWORD, "/gwangju/")
    findings = {}
    for size in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        page.set_viewport_size(size)
        for path in paths + [f"/en{p}" for p in paths]:
            page.goto(demo_url + path)
            assert page.locator("h1").count() == 1, path
            findings[(size["width"], path)] = serious_violations(page)

    assert findings == dict.fromkeys(findings, [])
