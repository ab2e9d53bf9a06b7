"""One tree of domain errors: a stable code, a translatable message, an HTTP status.

Edges alone map these: the API renders the JSON envelope, the web adds form errors or shows the
403/404 page, the CLI exits non-zero with the message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

Message = str | Promise


class CoreErrorCode(StrEnum):
    NOT_FOUND = "core.not_found"
    PERMISSION_DENIED = "core.permission_denied"
    VALIDATION_FAILED = "core.validation_failed"
    INVALID_TRANSITION = "core.invalid_transition"
    CONFLICT = "core.conflict"
    AUDIT_APPEND_ONLY = "core.audit_append_only"
    RATE_LIMITED = "core.rate_limited"
    INVALID_NICKNAME = "core.invalid_nickname"
    NICKNAME_TAKEN = "core.nickname_taken"


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    http_status: ClassVar[int] = 400
    default_code: ClassVar[str] = CoreErrorCode.VALIDATION_FAILED
    default_message: ClassVar[Message] = _("The request could not be completed.")

    def __init__(
        self,
        code: str | None = None,
        message: Message | None = None,
        *,
        fields: Mapping[str, Sequence[Message]] | None = None,
    ) -> None:
        self.code = str(code or self.default_code)
        self.message = message if message is not None else self.default_message
        self.fields: dict[str, list[Message]] = {name: list(messages) for name, messages in (fields or {}).items()}
        super().__init__(str(self.message))

    def field_messages(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.fields.items()}


class NotFoundError(DomainError):
    http_status = 404
    default_code = CoreErrorCode.NOT_FOUND
    default_message = _("Nothing was found at this address.")


class PermissionDeniedError(DomainError):
    http_status = 403
    default_code = CoreErrorCode.PERMISSION_DENIED
    default_message = _("You do not have permission to do this.")


class ValidationFailedError(DomainError):
    http_status = 422
    default_code = CoreErrorCode.VALIDATION_FAILED
    default_message = _("Some of the data is not valid.")


class InvalidTransitionError(DomainError):
    http_status = 409
    default_code = CoreErrorCode.INVALID_TRANSITION
    default_message = _("This change is not allowed in the current state.")


class ConflictError(DomainError):
    http_status = 409
    default_code = CoreErrorCode.CONFLICT
    default_message = _("This conflicts with data that already exists.")


class RateLimitedError(DomainError):
    """Too many attempts in a short time; ``retry_after`` is in seconds."""

    http_status = 429
    default_code = CoreErrorCode.RATE_LIMITED

    def __init__(self, *, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            message=ngettext_lazy(
                "Too many attempts from here. Try again in %(minutes)d minute.",
                "Too many attempts from here. Try again in %(minutes)d minutes.",
                "minutes",
            )
            % {"minutes": minutes}
        )
