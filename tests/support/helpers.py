"""Small helpers every test may use: a signed-in client, the audit log's length, Seoul time."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.db.models import Model, QuerySet
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


def row_counts(*sources: type[Model] | QuerySet[Any]) -> tuple[int, ...]:
    """How many rows each model or query holds, and the audit chain's length: what a refused write must
    leave as it was."""
    return (*(s.count() if isinstance(s, QuerySet) else s.objects.count() for s in sources), audit_length())


def seoul(year: int, month: int, day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def text_of(response: Any) -> str:
    """A page's text without its tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def api_get(path: str, language: str = "ko", client: Client | None = None) -> tuple[int, Any]:
    """GET an API address; the status and the decoded body."""
    response = (client or Client()).get(path, headers={"Accept-Language": language})
    return response.status_code, response.json()


def api_post(client: Client, path: str, payload: dict[str, Any], language: str = "ko") -> tuple[int, Any]:
    """POST JSON to an API address; the status and the decoded body."""
    response = client.post(
        path, data=json.dumps(payload), content_type="application/json", headers={"Accept-Language": language}
    )
    return response.status_code, response.json()


INVALID_KO = "입력한 내용 중 올바르지 않은 항목이 있습니다."
INVALID_EN = "Some of the data is not valid."


def api_error(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> tuple[int, Any]:
    """The status and body the API answers a refusal with: the error envelope."""
    return status, {"error": {"code": code, "message": message, "fields": fields or {}}}


def send_json(client: Client, path: str, data: dict[str, Any] | None = None, method: str = "post") -> Any:
    """Send JSON with any method; the whole response."""
    return getattr(client, method)(path, data=json.dumps(data or {}), content_type="application/json")


def run_command(*args: str) -> str:
    """What a ``hyeopchi`` command prints, run in this process."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def download(response: Any) -> bytes:
    """The body of a download, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)
