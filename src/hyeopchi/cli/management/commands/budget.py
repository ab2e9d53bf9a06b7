"""``hyeopchi budget``: tally a Pabulib file; import one into a process; export a closed heading.

    hyeopchi budget tally FILE.pb [--rule RULE] [--greedy-after] [--output OUT.pb]
    hyeopchi budget import FILE.pb --site SLUG --process SLUG [--name NAME]
    hyeopchi budget export --site SLUG --process SLUG [--heading ID] --output OUT.pb

The rule is the file's own (META ``rule``) unless ``--rule`` names another: greedy,
greedy-no-skip, greedy-threshold, equalshares or equalshares/add1. The outcome is printed as a
table, every project with its score, cost, whether it was selected and why; ``--output`` writes
the same election with its ``selected`` column set by the tally (1 selected, 0 not), so ``diff``
against the published file shows any difference.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from hyeopchi.budgeting import pabulib, selectors, tally, transfer
from hyeopchi.budgeting.messages import budget_message, reason_label
from hyeopchi.budgeting.models import Process
from hyeopchi.budgeting.pabulib import PabulibError
from hyeopchi.budgeting.tally import TallyError
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.organizations.models import Organization


def amount(value: Fraction | None) -> str:
    """Money as written: whole units plainly, anything else to two decimals (exact value kept)."""
    if value is None:
        return ""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


class Command(BaseCommand):
    help = "Tally a participatory budget given as a Pabulib (.pb) file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("tally", help="select the winning projects of a .pb file")
        run.add_argument("file", type=Path)
        run.add_argument("--rule", choices=tally.RULES, help="the rule to apply (default: the file's own)")
        run.add_argument("--greedy-after", action="store_true", help="fill what Equal Shares leaves greedily by score")
        run.add_argument("--output", type=Path, help="write the election with the tally's selected column")
        into = sub.add_parser("import", help="add a .pb election to a process as a counted heading")
        into.add_argument("file", type=Path)
        into.add_argument("--site", required=True)
        into.add_argument("--process", required=True)
        into.add_argument("--name", default="")
        out = sub.add_parser("export", help="write a sealed heading as a .pb file")
        out.add_argument("--site", required=True)
        out.add_argument("--process", required=True)
        out.add_argument("--heading", type=int)
        out.add_argument("--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self.import_file(options)
        elif action == "export":
            self.export_file(options)
        else:
            self.tally_file(options)

    def process_named(self, site: str, slug: str) -> Process:
        site_org = Organization.objects.filter(site_slug=site).first()
        process = Process.objects.filter(site=site_org, slug=slug).first() if site_org else None
        if process is None:
            raise CommandError(_("There is no such budget process."))
        return process

    def import_file(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        process = self.process_named(options["site"], options["process"])
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(budget_message(PabulibError("not_utf8"))) from error
        try:
            heading = transfer.import_pabulib(
                actor=Actor.system("cli:budget"), process=process, text=text, name=options["name"]
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            _("Imported “%(name)s”: %(projects)s projects, %(ballots)s ballots (heading %(id)s).")
            % {
                "name": heading.name,
                "projects": heading.projects.count(),
                "ballots": heading.ballots.count(),
                "id": heading.pk,
            }
        )

    def export_file(self, options: dict[str, Any]) -> None:
        process = self.process_named(options["site"], options["process"])
        output: Path = options["output"]
        if output.suffix.lower() != ".pb":
            raise CommandError(_("Write the election to a .pb file."))
        headings = list(process.headings.all())
        if options["heading"] is not None:
            try:
                heading = selectors.heading_get(process, options["heading"])
            except DomainError as error:
                raise CommandError(str(error.message)) from error
        elif len(headings) == 1:
            heading = headings[0]
        else:
            raise CommandError(
                _("This process has several budgets: choose one with --heading (%(ids)s).")
                % {"ids": ", ".join(f"{h.pk} {h.name}" for h in headings)}
            )
        try:
            text = transfer.export_pabulib(heading)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        output.write_bytes(text.encode("utf-8"))
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})

    def tally_file(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            election = pabulib.read(str(path))
            rule = options["rule"] or election.rule
            if rule not in tally.RULES:
                raise TallyError("unknown_rule", value=rule)
            outcome = tally.tally(pabulib.instance(election), rule, greedy_after=options["greedy_after"])
        except (PabulibError, TallyError) as error:
            raise CommandError(budget_message(error)) from error
        output: Path | None = options["output"]
        if output is not None:
            if output.suffix.lower() != ".pb":
                raise CommandError(_("Write the election to a .pb file."))
            output.write_bytes(pabulib.write(election, outcome.selected).encode("utf-8"))
        self.stdout.write(self.table(election, outcome), ending="")

    def table(self, election: pabulib.Election, outcome: tally.Outcome) -> str:
        buffer = io.StringIO()
        console = Console(file=buffer, width=140)
        title = election.meta.get("description") or election.meta.get("unit") or ""
        table = Table(title=f"{title} · {outcome.rule}" if title else outcome.rule)
        mes = outcome.per_voter is not None
        for column in ("project", "name", "cost", "score", "selected", "why"):
            table.add_column(column, justify="right" if column in ("cost", "score") else "left", overflow="fold")
        if mes:
            table.add_column("price", justify="right")
        order = sorted(
            outcome.decisions.values(),
            key=lambda d: (d.turn is None, d.turn or 0, -d.score, d.cost, tally.id_key(d.project)),
        )
        for decision in order:
            project = election.projects[decision.project]
            row = [
                decision.project,
                project.name[:40],
                amount(decision.cost),
                amount(decision.score),
                str(decision.turn) if decision.selected else "",
                reason_label(decision.reason),
            ]
            if mes:
                row.append(amount(decision.price))
            table.add_row(*row)
        console.print(table)
        console.print(
            f"budget {amount(outcome.budget)} · spent {amount(outcome.spent)} · "
            f"selected {len(outcome.selected)} of {len(outcome.decisions)}"
        )
        if mes:
            console.print(f"money per voter {amount(outcome.per_voter)} · runs {outcome.rounds}")
        if outcome.compared is not None:
            console.print(
                f"comparison: {outcome.compared[0]} voters prefer Equal Shares' outcome, {outcome.compared[1]} greedy's"
            )
        published = election.published_selected()
        if published is not None:
            differ = published ^ set(outcome.selected)
            console.print(
                "same as the file's selected column"
                if not differ
                else "differs from the file's selected column: " + ", ".join(sorted(differ, key=tally.id_key))
            )
        return buffer.getvalue()
