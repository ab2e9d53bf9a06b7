"""What the permission tables share: the roles of the small site's world and a client for each."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.support.helpers import client_for

ROLES = ["anonymous", "citizen", "member", "secretary", "org_admin", "platform_admin"]
SIGNED_IN = {"citizen", "member", "secretary", "org_admin", "platform_admin"}
STAFF = {"secretary", "org_admin", "platform_admin"}
SITE_ADMINS = {"org_admin", "platform_admin"}


def client_as(world: Any, role: str) -> Client:
    """A client signed in as the world's user for ``role`` (none for "anonymous")."""
    return client_for(None if role == "anonymous" else world.users[role])
