"""How django-axes finds the account a sign-in attempt names."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def attempted_account(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The user name or e-mail address tried: from the credentials the sign-in form authenticated
    with, else from the posted field ("login" on the site, "username" in the back office)."""
    for key in ("username", "email"):
        if credentials and credentials.get(key):
            return str(credentials[key])
    data = request.POST if request is not None else {}
    return data.get("login") or data.get("username") or None
