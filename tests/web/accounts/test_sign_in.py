"""Signing in and out, and the lockout after repeated failures."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.helpers import text_of

pytestmark = pytest.mark.django_db


def test_login_locks_out_after_repeated_failures(world):
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"username": "citizen", "password": "wrong"}).status_code
        for _ in range(3)
    ]
    locked = client.post("/accounts/login/", {"username": "citizen", "password": "pw-for-tests"})

    assert statuses == [200, 200, 429]
    assert locked.status_code == 429
    assert "로그인 잠김" in text_of(locked)


def test_login_and_logout(world):
    client = Client()

    response = client.post(
        "/accounts/login/", {"username": "citizen", "password": "pw-for-tests", "next": "/gwangju/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/gwangju/")
    assert "로그아웃(citizen)" in text_of(client.get("/gwangju/"))

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "로그인" in text_of(client.get("/gwangju/"))
