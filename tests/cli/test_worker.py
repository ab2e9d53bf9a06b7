"""``hyeopchi worker``: a job queued in the database waits until the worker runs it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hyeopchi.core.actor import Actor
from hyeopchi.tasks import imports
from hyeopchi.tasks.models import SpreadsheetImport, Task
from tests.support.helpers import run_command
from tests.support.proposals import Baro

# The worker closes its database connection when it stops, as a process would: the test cannot
# sit inside a transaction that the closing would lose.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queued(baro: Baro) -> SpreadsheetImport:
    upload = SimpleUploadedFile("t.csv", "제목,주관 기관\n첫 과제,광주광역시\n".encode())
    return imports.queue_import(actor=Actor.for_user(baro.city_staff), site=baro.city, kind="tasks", upload=upload)


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queued_import_waits_for_the_worker(baro: Baro):
    job = queued(baro)

    job.refresh_from_db()
    assert (job.status, Task.objects.count()) == ("queued", 0)


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_runs_the_queued_import(baro: Baro):
    job = queued(baro)

    run_command("worker", "--batch")

    job.refresh_from_db()
    assert (job.status, job.created_count, list(Task.objects.values_list("title", flat=True))) == (
        "done",
        1,
        ["첫 과제"],
    )


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_daily_job_clears_the_queues_record_of_jobs_finished_two_weeks_ago(baro: Baro):
    queued(baro)
    run_command("worker", "--batch")
    DBTaskResult.objects.update(finished_at=timezone.now() - dt.timedelta(days=15))
    finished = DBTaskResult.objects.count()  # the import, and the search refreshes its rows queued

    output = run_command("daily")

    assert (
        f"{finished} finished jobs cleared" in output,
        DBTaskResult.objects.count(),
        SpreadsheetImport.objects.count(),
    ) == (True, 0, 1)
