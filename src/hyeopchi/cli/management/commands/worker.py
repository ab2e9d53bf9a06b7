"""Run the background jobs (spreadsheet imports from the web) as they are queued.

A thin name over django-tasks-db's ``db_worker``: the jobs wait in the database, so any number of
workers on any machine that reaches it may run them. ``hyeopchi serve --with-worker`` (what
``make run`` starts) runs one beside the web server.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run queued background jobs (spreadsheet imports); --batch runs what is queued, then stops."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the jobs already queued, then stop.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue (default 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            reload=False,
            startup_delay=False,
            verbosity=options["verbosity"],
        )
