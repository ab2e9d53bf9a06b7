"""``hyeopchi demo``: load the demo data (idempotent: a second run changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import anchor
from hyeopchi.core.errors import DomainError
from hyeopchi.demo.data.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from hyeopchi.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo: Gwangju, Gwangmyeong and the Ministry with their bodies."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stats = load_demo()
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if stats.total:
            summary = ", ".join(f"{count} {what}" for what, count in stats.created.items())
            self.stdout.write(f"demo loaded: {summary}")
            anchored = anchor(Actor.system("cli:demo"))
            self.stdout.write(f"audit anchored at event #{anchored.seq}")
        else:
            self.stdout.write("demo already loaded: nothing to do")
        self.stdout.write(f"demo accounts (password {DEMO_PASSWORD}):")
        for username, label in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<22} {label}")
