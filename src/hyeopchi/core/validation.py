"""Model validation turned into the domain's error, so every edge reports it the same way."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from hyeopchi.core.errors import ValidationFailedError


def validation_failed(code: str, error: ValidationError) -> ValidationFailedError:
    fields: dict[str, list[str]] = {}
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            key = "__all__" if name == NON_FIELD_ERRORS else name
            fields[key] = list(errors)
    else:
        fields["__all__"] = list(error.messages)
    return ValidationFailedError(code, fields=fields)


def clean_or_raise(instance: models.Model, *, code: str, exclude: list[str] | None = None) -> None:
    """Run ``full_clean`` and raise ``ValidationFailedError`` with field messages on failure."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise validation_failed(code, error) from error
