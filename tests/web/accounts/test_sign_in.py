"""Signing in and out, and the lockout after repeated failures."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.support.helpers import text_of
from tests.support.permissions import page_outcome

pytestmark = pytest.mark.django_db


def test_login_locks_out_after_repeated_failures(world):
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"login": "citizen", "password": "wrong"}).status_code for _ in range(3)
    ]
    locked = client.post("/accounts/login/", {"login": "citizen", "password": "pw-for-tests"})

    assert statuses == [200, 200, 429]
    assert locked.status_code == 429
    assert "로그인 잠김" in text_of(locked)


def test_login_and_logout(world):
    client = Client()

    response = client.post("/accounts/login/", {"login": "citizen", "password": "pw-for-tests", "next": "/gwangju/"})
    assert (response.status_code, response["Location"]) == (302, "/gwangju/")
    assert "로그아웃(citizen)" in text_of(client.get("/gwangju/"))

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "로그인" in text_of(client.get("/gwangju/"))


def _fail(username: str, address: str, forwarded_for: str = "") -> int:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    response = Client(REMOTE_ADDR=address, **extra).post("/accounts/login/", {"login": username, "password": "wrong"})
    return response.status_code


def test_failures_from_many_addresses_lock_the_account(world):
    statuses = [_fail("citizen", f"203.0.113.{n}") for n in range(1, 4)]
    from_a_fresh_address = Client(REMOTE_ADDR="198.51.100.7").post(
        "/accounts/login/", {"login": "citizen", "password": "pw-for-tests"}
    )

    assert statuses == [200, 200, 429]
    assert from_a_fresh_address.status_code == 429


def test_failures_over_many_accounts_lock_the_address(world):
    statuses = [_fail(name, "203.0.113.9") for name in ("kim", "lee", "park")]
    other_account = Client(REMOTE_ADDR="203.0.113.9").post(
        "/accounts/login/", {"login": "citizen", "password": "pw-for-tests"}
    )

    assert statuses == [200, 200, 429]
    assert other_account.status_code == 429


def test_a_forwarded_for_header_from_an_untrusted_client_does_not_change_its_address(world):
    statuses = [
        _fail(name, "203.0.113.9", forwarded_for=f"10.0.0.{n}") for n, name in enumerate(("kim", "lee", "park"))
    ]

    assert statuses == [200, 200, 429]


@override_settings(RATE_LIMITS={"sign_in": {"account": "2/600"}})
def test_sign_ins_to_one_account_are_rate_limited(world):
    statuses = [
        Client(REMOTE_ADDR=f"203.0.113.{n}")
        .post("/accounts/login/", {"login": "citizen", "password": "pw-for-tests"})
        .status_code
        for n in range(1, 4)
    ]
    refused = Client(REMOTE_ADDR="203.0.113.9").post(
        "/accounts/login/", {"login": "citizen", "password": "pw-for-tests"}
    )

    assert statuses == [302, 302, 429]
    assert page_outcome(refused) == (429, "core.rate_limited")
