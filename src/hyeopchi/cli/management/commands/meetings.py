"""``hyeopchi meetings generate``: create the meetings every series' rule gives up to its horizon.

Run it daily (cron or a scheduled job) so agendas can be prepared for concrete meetings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.meetings import services
from hyeopchi.meetings.models import MeetingSeries


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Meeting tools. 'generate' creates the meetings of every series up to its horizon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate"])
        parser.add_argument(
            "--through", type=iso_date, default=None, help="last day to generate (default: each series' horizon)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        series = list(MeetingSeries.objects.order_by("pk"))
        try:
            created = services.generate_occurrences_for(
                actor=Actor.system("cli:meetings generate"), series=series, through=options["through"]
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"{created} meetings created for {len(series)} series")
