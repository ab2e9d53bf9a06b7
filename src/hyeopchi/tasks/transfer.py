"""Tasks to and from spreadsheets (CSV or XLSX, see ``core.tabular``).

Columns, Korean header first (the English one is accepted too):
제목 title (required), 주관 기관 owner (required, an organization's exact name or id on the site),
종류 kind, 담당 부서 department, 상위 과제 parent (the title of an earlier row or an existing task),
상태 status, 진행률 progress (0–100), 시작일 start, 종료일 end (YYYY-MM-DD), 설명 description.
Export adds 번호 id, 최근 보고 last report, 원 제안 proposal id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.tabular import Table
from hyeopchi.core.transfer import Column, header_of, refuse_if_any, rows_of, value_rows
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


# The narrative of the progress report an imported status or figure becomes.
IMPORTED = gettext_lazy("Imported from a spreadsheet.")


def check_tasks(
    *, site: Organization, table: Table, on_progress: Callable[[int], None] | None = None
) -> list[services.NewTask]:
    """Read and check every row: the tasks to create, in the file's order.

    Raises ImportRefusedError listing each problem by row and column. ``on_progress`` hears how
    many rows were checked, every thousand rows.
    """
    readers = rows_of(table, COLUMNS, Code.INVALID_IMPORT)
    organization = site_organization_finder(site)
    # The newest task of a title is the parent a row names.
    existing = dict(Task.objects.filter(site=site).order_by("pk").values_list("title", "pk"))
    earlier: dict[str, int] = {}
    message = _("No organization of this site is called “%(value)s”.")
    batch: list[services.NewTask] = []
    for index, reader in enumerate(readers):
        title = reader.text("title", max_length=300)
        owner = reader.lookup("owner", organization, message)
        department = reader.lookup("department", organization, message)
        parent_title = reader.text("parent", max_length=300)
        if parent_title and parent_title not in earlier and parent_title not in existing:
            reader.fail("parent", _("No earlier row or existing task is called “%(value)s”.") % {"value": parent_title})
        new = services.NewTask(
            owner=owner,
            title=title,
            kind=reader.choice("kind", TaskKind.choices, default=TaskKind.OTHER),
            department=department,
            parent=Task(pk=existing[parent_title], site_id=site.pk)
            if parent_title not in earlier and parent_title in existing
            else None,
            parent_index=earlier.get(parent_title),
            status=reader.choice("status", TaskStatus.choices, default=TaskStatus.PLANNED),
            progress=reader.number("progress", low=Decimal(0), high=Decimal(100)),
            start_date=reader.date("start_date"),
            end_date=reader.date("end_date"),
            description=reader.text("description"),
        )
        if new.owner is not None and not reader.problems:
            for field, messages in new.problems(site=site, index=index).items():
                reader.fail(field if field in reader.columns else "title", " ".join(messages))
        batch.append(new)
        earlier[title] = index
        if on_progress is not None and (index + 1) % 1000 == 0:
            on_progress(index + 1)
    refuse_if_any(readers, Code.INVALID_IMPORT)
    return batch


def import_tasks(*, actor: Actor, site: Organization, table: Table) -> list[Task]:
    """Create every row's task, or none: any bad cell or refused row refuses the whole file.

    Every row is checked before anything is written; then the tasks are written in bulk, in one
    transaction. Raises ImportRefusedError listing each problem by row and column.
    """
    batch = check_tasks(site=site, table=table)
    return services.create_tasks(actor=actor, site=site, batch=batch, narrative=str(IMPORTED))
