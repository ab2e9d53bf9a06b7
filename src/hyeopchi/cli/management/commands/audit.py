"""``hyeopchi audit verify | anchor``: check the hash chain and its anchors, or anchor its head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import anchor, check_anchors, published_anchors, read_anchor_file
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' recomputes the hash chain, then holds it to every published "
        "anchor (and to a downloaded list given with --anchors); 'anchor' publishes the head."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument(
            "--anchors",
            type=Path,
            action="append",
            default=[],
            help="a list of anchors kept elsewhere (the public page's CSV, or the anchor file)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            try:
                anchored = anchor(Actor.system("cli:audit anchor"))
            except DomainError as error:
                raise CommandError(str(error.message)) from error
            self.stdout.write(f"anchored: event #{anchored.seq} {anchored.hash}")
            return
        report = verify_chain()
        if not report.is_ok:
            raise CommandError(f"broken at event #{report.broken_at}: {report.reason}")
        anchors = published_anchors()
        for path in options["anchors"]:
            try:
                anchors += read_anchor_file(path)
            except (OSError, ValueError) as error:
                raise CommandError(str(error)) from error
        held = check_anchors(anchors)
        if not held.is_ok:
            raise CommandError(f"anchor broken: {held.reason}")
        self.stdout.write(f"ok: {report.count} events, chain intact, {held.held} anchors hold")
