"""Public registration through the API: limits per address and per contact, no write on a
signed-in session without its CSRF token, and programs that ask for an account."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from hyeopchi.config import settings as production
from hyeopchi.core import ratelimit
from hyeopchi.meetings.models import Registration
from tests.support.programs import CONSENTED_API, reading_class

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """A minute into a 600-second window, however long the test takes: requests that straddled
    the edge of a window were counted in two."""
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_060.0)


@pytest.fixture
def cohort(gwangju_city):
    """A reading class of 30 places."""
    return reading_class(gwangju_city, 30).cohorts.get()


def register(cohort, contact: str, address: str = "203.0.113.5", client: Client | None = None):
    payload = {"cohort_id": cohort.pk, "name": "참가자", "contact": contact, "grade": 5, **CONSENTED_API}
    return (client or Client(REMOTE_ADDR=address)).post(
        "/api/v1/registrations", json.dumps(payload), content_type="application/json"
    )


@override_settings(RATE_LIMITS=production.RATE_LIMITS)
def test_a_script_from_one_address_takes_ten_places_not_thirty(cohort):
    responses = [register(cohort, f"010-7000-{n:04d}") for n in range(30)]
    refused = responses[10]

    assert [r.status_code for r in responses] == [201] * 10 + [429] * 20
    assert (refused.json()["error"]["code"], int(refused["Retry-After"]) <= 600) == ("core.rate_limited", True)
    assert Registration.objects.filter(cohort=cohort).count() == 10


@override_settings(RATE_LIMITS=production.RATE_LIMITS)
def test_one_contact_is_limited_whatever_address_it_comes_from(cohort):
    statuses = [register(cohort, "010-7000-0001", address=f"198.51.100.{n}").status_code for n in range(1, 5)]

    assert statuses == [201, 409, 409, 429]


@override_settings(RATE_LIMITS=production.RATE_LIMITS)
def test_the_refusal_says_when_to_try_again_in_the_callers_language(cohort):
    for n in range(10):
        register(cohort, f"010-7000-{n:04d}")
    client = Client(REMOTE_ADDR="203.0.113.5", headers={"Accept-Language": "en"})

    refused = register(cohort, "010-7000-9999", client=client)

    assert refused.json()["error"]["message"].startswith("Too many attempts from here. Try again in")


def test_a_cross_origin_plain_text_post_on_a_session_registers_nobody(cohort, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["citizen"])
    payload = {"cohort_id": cohort.pk, "name": "시민", "contact": "010-1234-5678", "grade": 5, **CONSENTED_API}

    response = client.post(
        "/api/v1/registrations",
        json.dumps(payload),
        content_type="text/plain",
        headers={"Origin": "https://evil.example"},
    )

    assert (response.status_code, response.json()["error"]["code"]) == (403, "core.csrf_failed")
    assert Registration.objects.filter(cohort=cohort).count() == 0


def test_a_signed_in_write_with_its_csrf_token_goes_through(cohort, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["citizen"])
    client.get("/")  # the page sets the CSRF cookie
    payload = {"cohort_id": cohort.pk, "name": "시민", "contact": "010-1234-5678", "grade": 5, **CONSENTED_API}

    response = client.post(
        "/api/v1/registrations",
        json.dumps(payload),
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 201


def test_a_sign_in_program_refuses_an_anonymous_api_registration(gwangju_city):
    cohort = reading_class(gwangju_city, 5, requires_sign_in=True).cohorts.get()

    response = register(cohort, "010-7000-0001")

    assert (response.status_code, response.json()["error"]["code"]) == (403, "meetings.sign_in_required")
