"""What the permission tables share: the roles of the small site's world, a client for each, and
how a page's answer reads."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.support.helpers import client_for

ROLES = ["anonymous", "citizen", "member", "secretary", "org_admin", "platform_admin"]
SIGNED_IN = {"citizen", "member", "secretary", "org_admin", "platform_admin"}
STAFF = {"secretary", "org_admin", "platform_admin"}
SITE_ADMINS = {"org_admin", "platform_admin"}

# Where a page sends a person who must sign in first.
SIGN_IN = "/accounts/login/"


def client_as(world: Any, role: str) -> Client:
    """A client signed in as the world's user for ``role`` (none for "anonymous")."""
    return client_for(None if role == "anonymous" else world.users[role])


def page_outcome(response: Any) -> tuple[int, str]:
    """A page's answer as (status, what it says): the error code a 403 or 404 page shows, the
    address a redirect goes to (without its query), or "" otherwise."""
    if response.status_code in (301, 302):
        return response.status_code, response["Location"].split("?")[0]
    found = re.search(r'data-error-code="([^"]+)"', response.content.decode())
    return response.status_code, found.group(1) if found else ""


def refused(role: str, code: str) -> tuple[int, str]:
    """How a page refuses ``role``: anonymous people are sent to sign in, others see ``code``."""
    return (302, SIGN_IN) if role == "anonymous" else (403, code)


def api_outcome(response: Any) -> tuple[int, str]:
    """An API operation's answer as (status, the envelope's error code or "")."""
    body = response.json() if response.content else {}
    return response.status_code, body.get("error", {}).get("code", "")


def api_refused(role: str, code: str) -> tuple[int, str]:
    """How the API refuses ``role``: anonymous people must authenticate, others get ``code``."""
    return (401, "core.not_authenticated") if role == "anonymous" else (403, code)


def denial(action: str, role: str, code: str) -> tuple[int, str]:
    """The refusal of ``action`` ("web.…" or "api.…") for ``role``."""
    return (api_refused if action.startswith("api.") else refused)(role, code)
