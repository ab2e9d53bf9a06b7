"""``hyeopchi evaluation compute``: an evaluation round from files alone, no database round.

    hyeopchi evaluation compute --framework framework.yaml [--ratings ratings.csv] \\
        --data data.csv --rules rules.yaml --output results.xlsx

Framework and rules are YAML or XLSX; ratings and data CSV (UTF-8 or CP949) or XLSX. The formats
are in docs/evaluation/README.md with a complete example. The results go to CSV or XLSX (by the
output's suffix) and a table on the terminal; the output hash is the one a stored round records.
"""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from hyeopchi.core.errors import DomainError
from hyeopchi.core.tabular import write_csv, write_xlsx
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.evaluations import compute, files
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.messages import engine_message
from hyeopchi.evaluations.models import Round


class Command(BaseCommand):
    help = "Compute an evaluation round from a framework, ratings, data and rules in files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("compute", help="compute results from files")
        run.add_argument("--framework", required=True, type=Path)
        run.add_argument(
            "--ratings", type=Path, help="the raters' scores; not needed when every indicator is scored from data"
        )
        run.add_argument("--data", type=Path, help="targets, groups and data-panel figures")
        run.add_argument("--rules", type=Path, help="panels, grading and incentives")
        run.add_argument("--output", type=Path, help="results.csv or results.xlsx")
        export = sub.add_parser("export", help="write a stored round's inputs as files")
        export.add_argument("--round", required=True, help="the round's address, e.g. innovation-2020")
        export.add_argument("--dir", required=True, type=Path)
        export.add_argument("--number", type=int, help="the computation (default: the latest)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options)
            return
        try:
            loaded = files.load(options["framework"], options["ratings"], options["data"], options["rules"])
            outcome = compute.compute(loaded.framework, loaded.rules, loaded.targets, loaded.ratings)
        except ImportRefusedError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error.message)) from error
        except DomainError as error:
            for messages in error.field_messages().values():
                for message in messages:
                    self.stderr.write(message)
            raise CommandError(str(error.message)) from error
        except EngineError as error:
            raise CommandError(engine_message(error)) from error
        header, rows = files.result_rows(loaded.framework, outcome)
        output: Path | None = options["output"]
        if output is not None:
            if output.suffix.lower() == ".xlsx":
                output.write_bytes(write_xlsx(header, rows, title="results"))
            elif output.suffix.lower() == ".csv":
                output.write_bytes(write_csv(header, rows))
            else:
                raise CommandError(_("Write the results to a .csv or .xlsx file."))
        buffer = io.StringIO()
        console = Console(file=buffer, width=max(100, 12 * len(header)))
        table = Table(title=loaded.framework.title or None)
        for column in header:
            table.add_column(column, justify="right" if column not in ("name", "group") else "left")
        for row in rows:
            table.add_row(*(str(v) for v in row))
        console.print(table)
        for event in outcome.events:
            console.print(" ".join(f"{k}={v}" for k, v in event.items()))
        console.print(f"output hash {outcome.output_hash}")
        self.stdout.write(buffer.getvalue(), ending="")

    def export(self, options: dict[str, Any]) -> None:
        round_ = Round.objects.filter(slug=options["round"]).first()
        if round_ is None:
            raise CommandError(_("There is no round at this address."))
        versions = round_.versions.order_by("-number")
        if options["number"]:
            versions = versions.filter(number=options["number"])
        version = versions.first()
        if version is None:
            raise CommandError(_("This round has no computed results yet."))
        snapshot = json.loads(zlib.decompress(bytes(version.inputs)))
        for path in files.export_version(snapshot, options["dir"]):
            self.stdout.write(str(path))
        self.stdout.write(f"output hash {version.output_hash}")
