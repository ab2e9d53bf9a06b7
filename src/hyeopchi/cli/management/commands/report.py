"""``hyeopchi report``: write a white paper to a file; rebuild the site search.

    hyeopchi report whitepaper --site SLUG [--body ID] --from DATE --to DATE --output FILE
                               [--as-of DATE] [--language ko|en]
    hyeopchi report search-index [--site SLUG]

The format follows the file's extension: ``.pdf``, ``.hwpx`` or ``.html``. The paper kept for that
site, body and period (its outline, approved narrative and voices) is used; without one, the default
outline is compiled from the records alone, and nothing is kept. The figures are as of ``--as-of``
(default: the period's end, or today if that is later than today). The content hash is printed.

``search-index`` recomputes every search entry (of one site, or of all) from the records; the
entries are kept in step as records change, so this is for an upgrade or a repair.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.organizations.models import Organization
from hyeopchi.reports import editions, search_index, services
from hyeopchi.reports.models import WhitePaper


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("%(value)s is not a date; write it as YYYY-MM-DD.") % {"value": value}) from error


class Command(BaseCommand):
    help = "Write a white paper compiled from the records as PDF, HWPX or HTML; rebuild the site search."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        paper = sub.add_parser("whitepaper", help="write a site's white paper over a period")
        paper.add_argument("--site", required=True)
        paper.add_argument("--body", type=int, help="the id of one body of the site")
        paper.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        paper.add_argument("--to", dest="last", required=True, help="last day, YYYY-MM-DD")
        paper.add_argument("--as-of", dest="as_of", help="the day the figures are as of (YYYY-MM-DD)")
        paper.add_argument("--language", choices=("ko", "en"), default="ko")
        paper.add_argument("--output", type=Path, required=True, help="a .pdf, .hwpx or .html file")
        index = sub.add_parser("search-index", help="recompute the site search's entries from the records")
        index.add_argument("--site", help="one site's entries only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "search-index":
            self.rebuild_search(options["site"])
            return
        self.write_white_paper(options)

    def rebuild_search(self, slug: str | None) -> None:
        site = None
        if slug is not None:
            site = Organization.objects.filter(site_slug=slug).first()
            if site is None:
                raise CommandError(_("There is no site %(slug)s.") % {"slug": slug})
        written = search_index.rebuild(site)
        self.stdout.write(_("%(count)d search entries written.") % {"count": written})

    def write_white_paper(self, options: dict[str, Any]) -> None:
        first, last = _day(options["first"]), _day(options["last"])
        if last < first:
            raise CommandError(_("The period ends before it starts."))
        output: Path = options["output"]
        if output.suffix.lower().lstrip(".") not in editions.FORMATS:
            raise CommandError(_("Write the white paper to a .pdf, .hwpx or .html file."))
        if not output.parent.is_dir():
            raise CommandError(_("There is no folder %(path)s.") % {"path": output.parent})
        site = Organization.objects.filter(site_slug=options["site"]).first()
        if site is None:
            raise CommandError(_("There is no site %(slug)s.") % {"slug": options["site"]})
        body = None
        if options["body"] is not None:
            body = Organization.objects.filter(pk=options["body"], site=site).first()
            if body is None:
                raise CommandError(_("The site has no body with the id %(id)s.") % {"id": options["body"]})
        today = timezone.localdate()
        as_of = _day(options["as_of"]) if options["as_of"] else min(last, today)
        if as_of > today:
            raise CommandError(_("The figures cannot be as of a day that has not come yet."))
        kept = WhitePaper.objects.filter(site=site, body=body, period_start=first, period_end=last).first()
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), console=None, transient=True
        ) as progress:
            bar = progress.add_task(_("Compiling"), total=100)
            report = lambda n: progress.update(bar, completed=n)  # noqa: E731
            try:
                if kept is not None:
                    digest = editions.render(
                        kept, as_of=as_of, output=output, language=options["language"], on_progress=report
                    )
                else:
                    digest = self.render_unkept(site, body, first, last, as_of, output, options["language"], report)
            except DomainError as error:
                raise CommandError(str(error.message)) from error
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})
        self.stdout.write(_("Content hash (SHA-256): %(hash)s") % {"hash": digest})

    def render_unkept(
        self,
        site: Organization,
        body: Organization | None,
        first: dt.date,
        last: dt.date,
        as_of: dt.date,
        output: Path,
        language: str,
        report: Any,
    ) -> str:
        """The default outline, compiled in a transaction that is rolled back: nothing is kept."""
        with transaction.atomic():
            paper = services.create_white_paper(
                actor=Actor.system("cli:report"),
                site=site,
                spec=services.PaperSpec(
                    _("%(site)s governance white paper") % {"site": (body or site).display_name},
                    first,
                    last,
                    body=body,
                    publisher=site.display_name,
                ),
            )
            digest = editions.render(paper, as_of=as_of, output=output, language=language, on_progress=report)
            transaction.set_rollback(True)
        return digest
