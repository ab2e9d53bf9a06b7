"""Tasks to and from spreadsheets (CSV or XLSX, see ``core.tabular``).

Columns, Korean header first (the English one is accepted too):
제목 title (required), 주관 기관 owner (required, an organization's exact name or id on the site),
종류 kind, 담당 부서 department, 상위 과제 parent (the title of an earlier row or an existing task),
상태 status, 진행률 progress (0–100), 시작일 start, 종료일 end (YYYY-MM-DD), 설명 description.
Export adds 번호 id, 최근 보고 last report, 원 제안 proposal id.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.core.tabular import Table
from hyeopchi.core.transfer import Column, header_of, refuse_if_any, row_refusal, rows_of, value_rows
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.selectors import site_organization_finder
from hyeopchi.tasks import services
from hyeopchi.tasks.enums import TaskKind, TaskStatus
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Task

COLUMNS = [
    Column("title", "제목", "title", required=True),
    Column("owner", "주관 기관", "owner", required=True),
    Column("kind", "종류", "kind"),
    Column("department", "담당 부서", "department"),
    Column("parent", "상위 과제", "parent"),
    Column("status", "상태", "status"),
    Column("progress", "진행률", "progress"),
    Column("start_date", "시작일", "start"),
    Column("end_date", "종료일", "end"),
    Column("description", "설명", "description"),
]
EXPORT_COLUMNS = [
    Column("id", "번호", "id"),
    *COLUMNS,
    Column("last_reported_on", "최근 보고", "last report"),
    Column("origin_proposal", "원 제안", "proposal"),
]


# The columns of a task list's spreadsheet, as the database has them.
EXPORT_FIELDS = (
    "pk",
    "title",
    "owner__name",
    "kind",
    "department__name",
    "parent__title",
    "status",
    "progress",
    "start_date",
    "end_date",
    "description",
    "last_reported_on",
    "origin_proposal_id",
)


def export_rows(tasks: QuerySet[Task], *, language: str = "ko") -> tuple[list[str], Iterator[list[Any]]]:
    """The header and, read as they are needed, the rows of a task list's spreadsheet."""
    rows = value_rows(tasks, EXPORT_FIELDS, language=language, choices={"kind": TaskKind, "status": TaskStatus})
    return header_of(EXPORT_COLUMNS, language), rows


def import_tasks(*, actor: Actor, site: Organization, table: Table) -> list[Task]:
    """Create every row's task, or none: any bad cell or refused row refuses the whole file.

    Raises ImportRefusedError listing each problem by row and column.
    """
    readers = rows_of(table, COLUMNS, Code.INVALID_IMPORT)
    organization = site_organization_finder(site)

    existing = {t.title: t for t in Task.objects.filter(site=site).order_by("pk")}
    titles_so_far: set[str] = set()
    plans = []
    for reader in readers:
        title = reader.text("title", max_length=300)
        message = _("No organization of this site is called “%(value)s”.")
        owner = reader.lookup("owner", organization, message)
        department = reader.lookup("department", organization, message)
        parent_title = reader.text("parent", max_length=300)
        if parent_title and parent_title not in titles_so_far and parent_title not in existing:
            reader.fail("parent", _("No earlier row or existing task is called “%(value)s”.") % {"value": parent_title})
        plans.append(
            {
                "title": title,
                "owner": owner,
                "department": department,
                "parent": parent_title,
                "kind": reader.choice("kind", TaskKind.choices, default=TaskKind.OTHER),
                "status": reader.choice("status", TaskStatus.choices, default=TaskStatus.PLANNED),
                "progress": reader.number("progress", low=Decimal(0), high=Decimal(100)),
                "start_date": reader.date("start_date"),
                "end_date": reader.date("end_date"),
                "description": reader.text("description"),
            }
        )
        titles_so_far.add(title)
    refuse_if_any(readers, Code.INVALID_IMPORT)
    created: list[Task] = []
    made: dict[str, Task] = {}
    today = timezone.localdate()
    with transaction.atomic():
        for reader, plan in zip(readers, plans, strict=True):
            try:
                task = services.create_task(
                    actor=actor,
                    owner=plan["owner"],
                    title=plan["title"],
                    kind=plan["kind"],
                    department=plan["department"],
                    description=plan["description"],
                    parent=made.get(plan["parent"]) or existing.get(plan["parent"]),
                    start_date=plan["start_date"],
                    end_date=plan["end_date"],
                )
                if plan["status"] != TaskStatus.PLANNED or plan["progress"] is not None:
                    services.report_progress(
                        actor=actor,
                        task=task,
                        reported_on=today,
                        status=plan["status"],
                        progress=plan["progress"],
                        narrative=_("Imported from a spreadsheet."),
                    )
                    task.refresh_from_db()
            except DomainError as error:
                raise row_refusal(Code.INVALID_IMPORT, reader.row, error) from error
            made[plan["title"]] = task
            created.append(task)
    return created
