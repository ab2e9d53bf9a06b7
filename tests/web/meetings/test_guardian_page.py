"""The page a legal guardian's link opens: what is collected, then consent or refusal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from hyeopchi.core import messaging
from hyeopchi.meetings.models import Registration
from tests.factories import SiteFactory
from tests.support.helpers import text_of
from tests.support.programs import CONSENTED_FORM, reading_class

pytestmark = pytest.mark.django_db


def _registered_child(on_commit: Any) -> tuple[Registration, str]:
    """A child registered on the program's page; the address the guardian's message holds."""
    messaging.outbox.clear()
    site = SiteFactory(name="광주광역시", site_slug="gwangju")
    program = reading_class(site, 7)
    with on_commit(execute=True):
        Client().post(
            f"/gwangju/programs/{program.pk}/",
            {
                "cohort": program.cohorts.get().pk,
                "name": "어린이1",
                "contact": "010-1234-0001",
                "grade": "5",
                **CONSENTED_FORM,
            },
        )
    [message] = messaging.outbox
    address = re.search(r"http://testserver(/consent/guardian/[^/\s]+/)", message.body)
    assert address is not None
    return Registration.objects.get(name="어린이1"), address.group(1)


def test_the_guardian_reads_what_is_collected_and_consents(django_capture_on_commit_callbacks):
    registration, address = _registered_child(django_capture_on_commit_callbacks)
    guardian = Client()

    shown = guardian.get(address)
    answered = guardian.post(address, {"answer": "consent"})

    registration.refresh_from_db()
    assert "수집 항목" in text_of(shown)
    assert "어린이1" in text_of(shown)
    assert answered.status_code == 200
    assert registration.guardian_consent_via == "link"


def test_the_guardian_refuses_and_the_link_then_leads_nowhere(django_capture_on_commit_callbacks):
    registration, address = _registered_child(django_capture_on_commit_callbacks)
    guardian = Client()

    guardian.post(address, {"answer": "refuse"})
    again = guardian.get(address)

    registration.refresh_from_db()
    assert (registration.status, registration.name) == ("cancelled", "")
    assert again.status_code == 404
