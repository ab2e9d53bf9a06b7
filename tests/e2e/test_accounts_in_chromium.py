"""A newcomer signs up, confirms the e-mail address from the message and is signed in; the account
pages pass axe in both languages at desktop and phone widths."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.support.browser import serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def test_a_newcomer_signs_up_confirms_the_address_and_is_signed_in(demo_url, page):
    page.goto(f"{demo_url}/gwangju/")
    page.get_by_role("link", name="회원가입").click()
    page.locator("#id_username").fill("saebom")
    page.locator("#id_email").fill("saebom@example.kr")
    page.locator("#id_password1").fill("Bright-river-2026")
    page.locator("#id_password2").fill("Bright-river-2026")
    page.get_by_label("위와 같이 개인정보를 수집·이용하는 데 동의합니다.").check()
    page.get_by_role("button", name="회원가입").click()
    assert page.locator("h1").inner_text() == "이메일을 인증하세요"

    link = re.search(r"https?://\S+?/accounts/confirm-email/[A-Za-z0-9_:-]+/", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="확인").click()

    assert page.get_by_role("button", name="로그아웃(saebom)").count() == 1


def axe_findings(page, base: str, paths: list[str]) -> dict[tuple[int, str], list[str]]:
    findings = {}
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for path in paths + [f"/en{p}" for p in paths]:
            page.goto(base + path)
            findings[(size["width"], path)] = serious_violations(page)
    return findings


def test_the_sign_up_and_sign_in_pages_have_no_serious_accessibility_violation(demo_url, page):
    findings = axe_findings(page, demo_url, ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])

    assert findings == dict.fromkeys(findings, [])


def test_a_secretarys_account_pages_have_no_serious_accessibility_violation(demo_url, page):
    sign_in(page, demo_url, "gwangju-admin", "hyeopchi-demo-2026", "/accounts/email/")
    paths = ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/2fa/totp/activate/"]

    findings = axe_findings(page, demo_url, paths)

    assert findings == dict.fromkeys(findings, [])
