"""What the task services share: the refusal, the row lock, notifications, percentages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from hyeopchi.core.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.notifications import notify
from hyeopchi.core.queries import first_or_raise
from hyeopchi.tasks import selectors
from hyeopchi.tasks.errors import TaskErrorCode as Code
from hyeopchi.tasks.models import Task

HUNDRED = Decimal(100)


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError(
        Code.NOT_ALLOWED, _("Only the administrators and secretaries of the owning organization can do this.")
    )


def _locked(task: Task) -> Task:
    return first_or_raise(
        Task.objects.select_for_update(of=("self",)).select_related("owner", "department", "site").filter(pk=task.pk),
        NotFoundError(Code.NOT_FOUND, _("There is no such task.")),
    )


def _notify(task: Task, message: Any, **values: Any) -> None:
    notify(selectors.interested_user_ids(task), "tasks.changed", message, subject=task, **values)


def _percent(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationFailedError(Code.INVALID_REPORT, fields={field: [_("Give a number from 0 to 100.")]}) from error
    if not Decimal(0) <= number <= HUNDRED:
        raise ValidationFailedError(Code.INVALID_REPORT, fields={field: [_("Give a number from 0 to 100.")]})
    return number
