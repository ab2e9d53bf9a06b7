"""What the evaluations services share: permission refusals, row locks, status transitions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.queries import first_or_raise
from hyeopchi.evaluations import permissions
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import RoundStatus
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.messages import engine_message
from hyeopchi.evaluations.models import Round

S = RoundStatus


OFFICE_ONLY = gettext_lazy("Only the evaluation office's administrators and secretaries can do this.")


def _deny(message: Any = OFFICE_ONLY) -> PermissionDeniedError:
    return PermissionDeniedError(Code.NOT_ALLOWED, message)


def _invalid(message: str, field: str = "__all__") -> ValidationFailedError:
    return ValidationFailedError(Code.INVALID, message, fields={field: [message]})


def _engine(error: EngineError, field: str = "__all__") -> ValidationFailedError:
    return _invalid(engine_message(error), field)


def _office(actor: Actor, round_: Round) -> Round:
    """Refuse anyone but the office; return the round as stored now."""
    if not permissions.can_run_round(actor, round_):
        raise _deny()
    return Round.objects.select_related("framework", "office").get(pk=round_.pk)


def _locked(round_: Round) -> Round:
    return first_or_raise(Round.objects.select_for_update(of=("self",)).filter(pk=round_.pk), NotFoundError())
