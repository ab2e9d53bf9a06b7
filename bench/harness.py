"""What the benchmarks share: Django set up from a script, a throwaway database and the bench site.

A benchmark runs as a script (``python bench/bench_x.py``), so it calls `setup()` before it
imports anything that needs Django.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(settings_module: str = "hyeopchi.config.settings_test") -> None:
    """Put the project on the path and set Django up with the given settings."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


@contextmanager
def test_database() -> Iterator[None]:
    """A fresh test database for the run, destroyed afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def bench_site():
    """The site every benchmark builds on: 벤치시 at /bench/."""
    from hyeopchi.core.actor import Actor
    from hyeopchi.organizations import services
    from hyeopchi.organizations.enums import OrganizationKind

    return services.create_organization(
        actor=Actor.system("bench"), name="벤치시", kind=OrganizationKind.METROPOLITAN_GOVERNMENT, site_slug="bench"
    )
