"""A person's roles in organizations, for their download; ended when the account is deleted."""

from __future__ import annotations

from typing import Any

from hyeopchi.core import accounts
from hyeopchi.organizations.models import OrganizationRole


def collect(user: Any) -> dict[str, Any]:
    roles = OrganizationRole.objects.filter(user=user).select_related("organization").order_by("pk")
    return {"roles": [{"organization": r.organization.name, "role": r.role} for r in roles]}


def forget(sender: Any, user: Any, **kwargs: Any) -> None:
    OrganizationRole.objects.filter(user=user).delete()


accounts.register_personal_data("organizations", collect)
accounts.account_deleted.connect(forget, dispatch_uid="organizations.forget")
