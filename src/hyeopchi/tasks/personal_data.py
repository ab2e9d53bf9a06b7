"""The tasks a person follows, for their download; forgotten when the account is deleted."""

from __future__ import annotations

from typing import Any

from hyeopchi.core import accounts
from hyeopchi.tasks.models import TaskFollow


def collect(user: Any) -> dict[str, Any]:
    return {"follows": list(TaskFollow.objects.filter(user=user).order_by("pk").values_list("task_id", flat=True))}


def forget(sender: Any, user: Any, **kwargs: Any) -> None:
    TaskFollow.objects.filter(user=user).delete()


accounts.register_personal_data("tasks", collect)
accounts.account_deleted.connect(forget, dispatch_uid="tasks.forget")
