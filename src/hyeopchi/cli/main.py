"""The ``hyeopchi`` console script: Django's commands plus serve, demo and audit."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyeopchi.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 (after settings)

    execute_from_command_line(["hyeopchi", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
