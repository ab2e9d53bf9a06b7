"""Tasks in the back office: a progress report is shown, never edited."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.tasks import services
from tests.factories import SYSTEM, UserFactory
from tests.support.helpers import audit_length, client_for

pytestmark = pytest.mark.django_db


def test_a_progress_report_is_read_only_in_the_back_office(gwangju_city):
    task = services.create_task(actor=SYSTEM, owner=gwangju_city, title="도서관 야간 개관")
    report = services.report_progress(
        actor=SYSTEM, task=task, reported_on=dt.date(2024, 3, 1), narrative="시범 운영 2곳"
    )
    client = client_for(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = f"/admin/tasks/progressreport/{report.pk}/change/"
    before = audit_length()

    shown = client.get(page)
    changed = client.post(page, {"narrative": "고친 내용", "narrative_en": ""})

    assert (shown.status_code, changed.status_code) == (200, 403)
    report.refresh_from_db()
    assert report.narrative == "시범 운영 2곳"
    assert audit_length() == before
