"""Signing up with a confirmed e-mail address and recorded consent, signing in by address, and
resetting a forgotten password (django-allauth with the platform's rules)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from hyeopchi.core.models import AuditEvent, Consent
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db

NEWCOMER = {
    "username": "newcomer",
    "email": "newcomer@example.kr",
    "password1": "Bright-river-2026",
    "password2": "Bright-river-2026",
    "consent": "on",
}


def sign_up(client: Client, **changes: str) -> Any:
    return client.post("/accounts/signup/", {**NEWCOMER, **changes})


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/[A-Za-z0-9_:/.?=&%-]+)", message.body)
    assert found is not None
    return found.group(1)


def test_signing_up_asks_to_confirm_the_address():
    response = sign_up(Client())

    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    assert [(m.to, m.subject.startswith("[협치] ")) for m in mail.outbox] == [(["newcomer@example.kr"], True)]


def test_signing_up_records_the_consent_given():
    sign_up(Client())

    consent = Consent.objects.get()
    assert (consent.user.username, consent.notice, consent.version) == ("newcomer", "account", 1)
    assert AuditEvent.objects.filter(verb="core.consent_given").count() == 1


def test_signing_up_without_consent_makes_no_account():
    response = sign_up(Client(), consent="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"consent": ["동의하지 않으면 계정을 만들 수 없습니다."]}
    assert get_user_model().objects.filter(username="newcomer").count() == 0


def test_the_sign_up_page_states_what_is_collected_and_for_how_long():
    text = text_of(Client().get("/accounts/signup/"))

    assert "수집 항목" in text
    assert "보유 기간" in text
    assert "동의를 거부할 권리" in text


def test_an_unconfirmed_address_cannot_sign_in():
    sign_up(Client())
    client = Client()

    response = client.post("/accounts/login/", {"login": "newcomer", "password": "Bright-river-2026"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    assert "_auth_user_id" not in client.session


def test_confirming_the_address_signs_the_newcomer_in():
    client = Client()
    sign_up(client)

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.kr").verified is True
    assert "로그아웃(newcomer)" in text_of(client.get("/gwangju/"))


def test_a_confirmed_member_signs_in_with_the_email_address():
    client = Client()
    sign_up(client)
    client.post(link_in(mail.outbox[0]))
    client.post("/accounts/logout/")

    response = client.post(
        "/accounts/login/", {"login": "newcomer@example.kr", "password": "Bright-river-2026", "next": "/gwangju/"}
    )

    assert (response.status_code, response["Location"]) == (302, "/gwangju/")


def test_a_forgotten_password_is_reset_through_the_emailed_link():
    client = Client()
    sign_up(client)
    client.post(link_in(mail.outbox[0]))
    client.post("/accounts/logout/")

    client.post("/accounts/password/reset/", {"email": "newcomer@example.kr"})
    form_page = client.get(link_in(mail.outbox[-1]), follow=True)
    changed = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link_in(mail.outbox[-1]),
        {"password1": "Quiet-forest-2027", "password2": "Quiet-forest-2027"},
    )
    signed_in = Client().post("/accounts/login/", {"login": "newcomer", "password": "Quiet-forest-2027"})

    assert changed.status_code == 302
    assert signed_in.status_code == 302


def test_kakao_and_naver_are_not_offered_until_configured():
    text = text_of(Client().get("/accounts/login/"))

    assert ("카카오" in text, "네이버" in text) == (False, False)


@override_settings(SOCIALACCOUNT_PROVIDERS={"kakao": {"APPS": [{"client_id": "id", "secret": "secret"}]}})
def test_kakao_is_offered_once_its_keys_are_configured():
    assert "카카오로 로그인" in text_of(Client().get("/accounts/login/"))


def test_a_member_changes_their_password():
    client = Client()
    sign_up(client)
    client.post(link_in(mail.outbox[0]))

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "Bright-river-2026", "password1": "Quiet-forest-2027", "password2": "Quiet-forest-2027"},
    )

    assert response.status_code == 302
    assert get_user_model().objects.get(username="newcomer").check_password("Quiet-forest-2027") is True


def test_a_new_address_is_confirmed_before_it_counts():
    client = Client()
    sign_up(client)
    client.post(link_in(mail.outbox[0]))

    client.post("/accounts/email/", {"action_add": "", "email": "second@example.kr"})

    assert list(EmailAddress.objects.order_by("email").values_list("email", "verified")) == [
        ("newcomer@example.kr", True),
        ("second@example.kr", False),
    ]
    assert mail.outbox[-1].to == ["second@example.kr"]


def test_only_staff_are_offered_a_second_factor(world):
    staff_page = client_for(world.users["platform_admin"]).get("/accounts/email/").content.decode()
    citizen_page = client_for(world.users["citizen"]).get("/accounts/email/").content.decode()

    assert ('href="/accounts/2fa/"' in staff_page, 'href="/accounts/2fa/"' in citizen_page) == (True, False)


def test_secretaries_are_offered_a_second_factor_too(world):
    page = client_for(world.users["secretary"]).get("/accounts/email/").content.decode()

    assert 'href="/accounts/2fa/"' in page
