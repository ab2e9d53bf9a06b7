"""Spreadsheet imports from the web, run as background jobs.

The page hands the file over (`queue_import`) and shows the job; the worker (``hyeopchi worker``)
reads the file, checks every row, reporting how many it has checked, and then writes them all
or none (`run_import`). No request waits on a large file, and a refused file is listed row by row
on the job's page.
"""

from __future__ import annotations

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.tabular import TableError, read_table, refuse_if_larger
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_import_into
from hyeopchi.proposals import transfer as proposal_transfer
from hyeopchi.tasks import services, transfer
from hyeopchi.tasks.enums import ImportKind, ImportStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import SpreadsheetImport

logger = logging.getLogger(__name__)


def queue_import(
    *, actor: Actor, site: Organization, kind: str, upload: UploadedFile, language: str = "ko"
) -> SpreadsheetImport:
    """Keep the file under the data directory and queue its import for the worker.

    Raises PermissionDeniedError before the file is looked at; ValidationFailedError for a kind
    that cannot be imported or a file over the size limit.
    """
    if actor.user_pk is None or not can_import_into(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    if kind not in ImportKind.values:
        raise ValidationFailedError(Code.INVALID_IMPORT, fields={"what": [_("Choose what the file holds.")]})
    try:
        refuse_if_larger(upload.size or 0)
    except TableError as error:
        raise ValidationFailedError(Code.INVALID_IMPORT, fields={"file": [str(error.message)]}) from error
    filename = (upload.name or "import").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        job = SpreadsheetImport(
            site=site, kind=kind, filename=filename, requested_by_id=actor.user_pk, language=language
        )
        job.file.save(
            "import" + ("." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""), upload, save=False
        )
        job.save()
        record_event(actor, "tasks.import_queued", job, {"site": site.pk, "kind": kind, "bytes": upload.size or 0})
    run_import.enqueue(job.pk)
    return job


def _update(job: SpreadsheetImport, **values: object) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    SpreadsheetImport.objects.filter(pk=job.pk).update(updated_at=timezone.now(), **values)


def _finish(job: SpreadsheetImport, status: str, **values: object) -> None:
    """Record how the import ended; the stored file is not needed any more."""
    job.file.delete(save=False)
    _update(job, status=status, file="", finished_at=timezone.now(), **values)


@task()
def run_import(job_id: int) -> None:
    """Run a queued import (the worker's job): check every row, then write all or none."""
    job = SpreadsheetImport.objects.select_related("site", "requested_by").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.QUEUED:
        return  # already run, or removed
    with translation.override(job.language):
        _run(job)


def _run(job: SpreadsheetImport) -> None:
    _update(job, status=ImportStatus.CHECKING)
    actor = Actor.for_user(job.requested_by)
    try:
        with job.file.open("rb") as stored:
            table = read_table(stored.read(), job.filename)
        _update(job, rows=len(table.rows))
        if job.kind == ImportKind.TASKS:
            batch = transfer.check_tasks(site=job.site, table=table, on_progress=lambda n: _update(job, rows_checked=n))
            _update(job, status=ImportStatus.WRITING, rows_checked=len(batch))
            created = len(
                services.create_tasks(actor=actor, site=job.site, batch=batch, narrative=str(transfer.IMPORTED))
            )
        else:
            _update(job, status=ImportStatus.WRITING)
            created = len(proposal_transfer.import_proposals(actor=actor, site=job.site, table=table))
    except TableError as error:
        _finish(job, ImportStatus.REFUSED, message=str(error.message))
    except ImportRefusedError as error:
        _finish(job, ImportStatus.REFUSED, message=str(error.message), problems=[str(p) for p in error.problems])
    except DomainError as error:
        _finish(job, ImportStatus.REFUSED, message=str(error.message))
    except Exception:  # noqa: BLE001 (a job that stops records why; the worker goes on with the next)
        logger.exception("spreadsheet import %s failed", job.pk)
        message = _(
            "The import stopped on an unexpected error; nothing was written. Try again, or tell the site's administrators."
        )
        _finish(job, ImportStatus.FAILED, message=message)
    else:
        _finish(job, ImportStatus.DONE, created_count=created, rows_checked=created)
