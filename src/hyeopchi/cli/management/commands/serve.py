"""Serve the site with gunicorn (a real WSGI server) and whitenoise for static files.

Before the server starts, the data directory is made ready: the database schema brought up to
date (with the cache's table) and the static files collected, so a fresh data directory serves without a separate step.
With ``--with-worker`` the background worker runs beside the server, and both stop together.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the site with gunicorn on http://127.0.0.1:8000 (or --bind)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("HYEOPCHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run the background worker (hyeopchi worker) and stop both together.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the database cache's table, if used
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = options["bind"]
        self.stdout.write(f"hyeopchi: http://{bind}/")
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "hyeopchi.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            # Load the application once, then fork: the workers share the Korean analyser's model.
            "--preload",
            "--access-logfile",
            "-",
            # X-Forwarded-Proto (HTTPS behind a proxy) is believed from trusted proxies only.
            "--forwarded-allow-ips",
            ",".join(settings.TRUSTED_PROXIES) or "127.0.0.1",
        ]
        if not options["with_worker"]:
            # Replace this process so signals reach gunicorn directly.
            os.execv(sys.executable, argv)  # noqa: S606 (fixed argv, no shell)
        together([argv, [sys.executable, "-m", "hyeopchi.cli.main", "worker"]])


def together(commands: list[list[str]]) -> None:
    """Run the commands side by side until one ends or this process is asked to stop; then stop
    the others and exit with the first one's status."""
    children = [subprocess.Popen(command) for command in commands]  # noqa: S603 (fixed argv, no shell)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait()
    sys.exit(next((child.returncode for child in children if child.returncode), 0))
