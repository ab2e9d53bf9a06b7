"""A child's registration online waits for the legal guardian's own consent (개인정보 보호법 §22-2),
asked through a link sent to the guardian's contact; refused or unanswered, the registration is
cancelled and its data destroyed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from hyeopchi.core import messaging
from hyeopchi.core.errors import NotFoundError
from hyeopchi.meetings import services
from hyeopchi.meetings.models import Registration
from tests.factories import SYSTEM, SiteFactory
from tests.support.programs import reading_class

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_outbox():
    messaging.outbox.clear()


def _child(guardian_contact: str = "010-9999-0000", **extra) -> Registration:
    cohort = reading_class(SiteFactory(name="광주광역시"), 7).cohorts.get()
    return services.register(
        actor=SYSTEM,
        cohort=cohort,
        name="어린이1",
        contact="010-1234-0001",
        grade=5,
        consent=True,
        guardian=services.Guardian("김보호", guardian_contact),
        guardian_link=lambda token: f"https://hyeopchi.example/consent/guardian/{token}/",
        **extra,
    )


def test_the_guardian_is_sent_a_link_by_text_message():
    registration = _child()

    [message] = messaging.outbox
    assert message.to == "01099990000"
    assert f"https://hyeopchi.example/consent/guardian/{services.guardian_token(registration)}/" in message.body
    assert "어린이1" in message.body


def test_a_guardian_with_an_email_address_is_sent_an_email():
    _child(guardian_contact="parent@example.kr")

    assert [m.to for m in mail.outbox] == [["parent@example.kr"]]
    assert messaging.outbox == []


def test_the_guardians_consent_keeps_the_place():
    registration = _child()

    services.answer_as_guardian(token=services.guardian_token(registration), consent=True)

    registration.refresh_from_db()
    assert (registration.status, registration.guardian_consent_via) == ("confirmed", "link")
    assert registration.guardian_consented_at is not None


def test_the_guardians_refusal_cancels_and_destroys_the_data():
    registration = _child()

    services.answer_as_guardian(token=services.guardian_token(registration), consent=False)

    registration.refresh_from_db()
    assert (registration.status, registration.name, registration.contact, registration.guardian_name) == (
        "cancelled",
        "",
        "",
        "",
    )


def test_a_link_answers_once():
    registration = _child()
    token = services.guardian_token(registration)
    services.answer_as_guardian(token=token, consent=True)

    with pytest.raises(NotFoundError):
        services.answer_as_guardian(token=token, consent=False)


def test_a_forged_link_is_refused():
    _child()

    with pytest.raises(NotFoundError):
        services.registration_for_guardian("1:forged:token")


def test_an_unanswered_request_is_cancelled_after_three_days():
    registration = _child()
    later = timezone.now() + dt.timedelta(days=3, minutes=1)

    cancelled = services.cancel_unanswered_guardian_requests(actor=SYSTEM, now=later)

    registration.refresh_from_db()
    assert (cancelled, registration.status, registration.name) == (1, "cancelled", "")


def test_a_request_within_three_days_is_kept():
    _child()

    assert services.cancel_unanswered_guardian_requests(actor=SYSTEM, now=timezone.now() + dt.timedelta(days=2)) == 0


def test_by_phone_staff_heard_the_guardian_and_nothing_is_sent():
    registration = _child(channel="phone")

    assert (registration.guardian_consent_via, messaging.outbox) == ("phone", [])
    assert registration.guardian_consented_at is not None
