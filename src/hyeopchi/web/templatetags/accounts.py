"""Template filters about the signed-in person."""

from __future__ import annotations

from typing import Any

from django import template

from hyeopchi.core import accounts
from hyeopchi.core.actor import Actor
from hyeopchi.organizations import permissions

register = template.Library()


@register.filter
def is_staff_account(user: Any) -> bool:
    """Whether ``user`` works the platform for a body (see organizations.permissions.is_staff)."""
    return permissions.is_staff(Actor.for_user(user))


@register.filter
def public_name(user: Any) -> str:
    """The name shown beside what ``user`` wrote: their user name, or "deleted member"."""
    return accounts.public_name(user)
