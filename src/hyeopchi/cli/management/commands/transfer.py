"""``hyeopchi transfer import|export tasks|proposals``: spreadsheets in and out of a site.

    hyeopchi transfer import tasks 과제.xlsx --site gwangju
    hyeopchi transfer export proposals --site gwangju --format csv --output 제안.csv

An import writes every row or nothing; a refused file lists each bad row and column and exits
non-zero. CSV is written in UTF-8 with a BOM (Excel opens it) and read as UTF-8 or CP949.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.core.tabular import TableError, csv_chunks, read_table, refuse_if_larger, write_xlsx_into
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import selectors as proposal_selectors
from hyeopchi.proposals import transfer as proposal_transfer
from hyeopchi.tasks import selectors as task_selectors
from hyeopchi.tasks import transfer as task_transfer


class Command(BaseCommand):
    help = "Import or export a site's tasks or proposals as CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("direction", choices=["import", "export"])
        parser.add_argument("what", choices=["tasks", "proposals"])
        parser.add_argument("file", nargs="?", help="the file to import")
        parser.add_argument("--site", required=True, help="the site's address, e.g. gwangju")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--output", help="where to write the export (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        site = Organization.objects.filter(site_slug=options["site"]).first()
        if site is None:
            raise CommandError(_("There is no site at this address."))
        if options["direction"] == "import":
            self.import_file(site, options)
        else:
            self.export(site, options)

    def import_file(self, site: Organization, options: dict[str, Any]) -> None:
        if not options["file"]:
            raise CommandError(_("Name the file to import."))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file at %(path)s.") % {"path": path})
        try:
            refuse_if_larger(path.stat().st_size)
            table = read_table(path.read_bytes(), path.name)
        except TableError as error:
            raise CommandError(str(error.message)) from error
        actor = Actor.system(f"cli:transfer import {options['what']}")
        importer = task_transfer.import_tasks if options["what"] == "tasks" else proposal_transfer.import_proposals
        try:
            created = importer(actor=actor, site=site, table=table)
        except ImportRefusedError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error.message)) from error
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(_("%(count)s rows imported.") % {"count": len(created)})

    def export(self, site: Organization, options: dict[str, Any]) -> None:
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError(_("Give --output for an XLSX export."))
        if options["what"] == "tasks":
            header, rows = task_transfer.export_rows(task_selectors.tasks_list(site))
        else:
            header, rows = proposal_transfer.export_rows(proposal_selectors.proposals_list(site))
        if not options["output"]:
            for chunk in csv_chunks(header, rows):
                self.stdout.write(chunk.decode("utf-8").lstrip("\ufeff"), ending="")
            return
        written = [0]

        def counted() -> Iterator[list[Any]]:
            for row in rows:
                written[0] += 1
                yield row

        with Path(options["output"]).open("wb") as target:
            if options["format"] == "csv":
                target.writelines(csv_chunks(header, counted()))
            else:
                write_xlsx_into(target, header, counted(), title=options["what"])
        self.stdout.write(_("%(count)s rows written to %(path)s.") % {"count": written[0], "path": options["output"]})
