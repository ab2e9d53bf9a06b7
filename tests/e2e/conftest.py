"""Browser flows: the fixtures live in tests/support/browser.py."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
