"""Small helpers every test may use: a signed-in client, the audit log's length, Seoul time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from hyeopchi.core.models import AuditEvent
from hyeopchi.meetings.recurrence import SEOUL


def client_for(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def audit_length() -> int:
    return AuditEvent.objects.count()


def seoul(year: int, month: int, day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def text_of(response: Any) -> str:
    """A page's text without its tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
