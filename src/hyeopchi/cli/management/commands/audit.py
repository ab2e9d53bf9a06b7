"""``hyeopchi audit verify``: recompute the hash chain of audit events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hyeopchi.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' recomputes the hash chain and reports the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.is_ok:
            self.stdout.write(f"ok: {report.count} events, chain intact")
            return
        raise CommandError(f"broken at event #{report.broken_at}: {report.reason}")
