from __future__ import annotations

from django.utils import translation

from hyeopchi.core.errors import (
    ConflictError,
    DomainError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)


def test_each_error_declares_its_status_and_default_code():
    table = {
        (cls.http_status, cls.default_code)
        for cls in (
            DomainError,
            NotFoundError,
            PermissionDeniedError,
            ValidationFailedError,
            InvalidTransitionError,
            ConflictError,
        )
    }

    assert table == {
        (400, "core.validation_failed"),
        (404, "core.not_found"),
        (403, "core.permission_denied"),
        (422, "core.validation_failed"),
        (409, "core.invalid_transition"),
        (409, "core.conflict"),
    }


def test_error_messages_are_translated_when_read():
    error = PermissionDeniedError()

    with translation.override("ko"):
        korean = str(error.message)
    with translation.override("en"):
        english = str(error.message)

    assert (korean, english) == ("이 작업을 할 권한이 없습니다.", "You do not have permission to do this.")


def test_field_messages_are_plain_strings():
    error = ValidationFailedError("x.code", fields={"name": ["short"]})

    assert error.code == "x.code"
    assert error.field_messages() == {"name": ["short"]}
