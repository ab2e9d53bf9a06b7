"""Spreadsheet imports as background jobs: queued by the page, run by the worker, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import PermissionDeniedError
from hyeopchi.core.models import AuditEvent
from hyeopchi.tasks import imports, transfer
from hyeopchi.tasks.models import SpreadsheetImport, Task
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db

GOOD = "제목,주관 기관,상태\n첫 과제,광주광역시,추진 중\n".encode()


def test_queueing_an_import_is_audited(baro: Baro):
    job = imports.queue_import(
        actor=Actor.for_user(baro.city_staff), site=baro.city, kind="tasks", upload=SimpleUploadedFile("t.csv", GOOD)
    )

    event = AuditEvent.objects.get(verb="tasks.import_queued")
    assert (event.target_pk, event.payload) == (
        str(job.pk),
        f'{{"bytes":{len(GOOD)},"kind":"tasks","site":{baro.city.pk}}}',
    )


def test_someone_outside_the_sites_staff_cannot_queue_an_import(baro: Baro):
    with pytest.raises(PermissionDeniedError):
        imports.queue_import(actor=people(1)[0], site=baro.city, kind="tasks", upload=SimpleUploadedFile("t.csv", GOOD))

    assert SpreadsheetImport.objects.count() == 0


def test_an_import_that_stops_on_an_unexpected_error_is_marked_failed_and_writes_nothing(baro: Baro, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(transfer, "check_tasks", broken)

    job = imports.queue_import(
        actor=Actor.for_user(baro.city_staff), site=baro.city, kind="tasks", upload=SimpleUploadedFile("t.csv", GOOD)
    )

    job.refresh_from_db()
    assert (job.status, job.message.startswith("예기치 않은 오류로"), Task.objects.count(), job.file.name) == (
        "failed",
        True,
        0,
        "",
    )
