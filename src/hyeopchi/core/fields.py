"""Field builders for what many models declare alike."""

from __future__ import annotations

from typing import Any, TypeVar, overload

from django.db import models
from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


@overload
def optional_link(
    to: type[M], label: StrOrPromise, related_name: str, on_delete: Any = models.PROTECT
) -> models.ForeignKey[M | None, M | None]: ...
@overload
def optional_link(
    to: str, label: StrOrPromise, related_name: str, on_delete: Any = models.PROTECT
) -> models.ForeignKey[Any, Any]: ...
def optional_link(
    to: Any, label: StrOrPromise, related_name: str, on_delete: Any = models.PROTECT
) -> models.ForeignKey[Any, Any]:
    """A link that may be empty: null in the database, not required in forms. The linked row is
    protected from deletion unless ``on_delete`` says otherwise."""
    return models.ForeignKey(
        to, verbose_name=label, null=True, blank=True, on_delete=on_delete, related_name=related_name
    )
