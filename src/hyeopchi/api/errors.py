"""One JSON error envelope for every failure: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from hyeopchi.core.errors import CoreErrorCode, DomainError, RateLimitedError


def envelope(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "fields": fields or {}}}, status=status
    )


def _input_message(error: dict[str, Any]) -> str:
    """A translated sentence for a request-validation error of pydantic."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "value_error" and context.get("error") is not None:
        # A validator of ours raised it with a translated sentence (schemas.Date, DateTime).
        return str(context["error"])
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"}:
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return _("This text contains characters that are not allowed.")
    if kind == "string_too_long":
        return _("Use at most %(max)s characters.") % {"max": context.get("max_length", "")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("The number is too small.")
    if kind in {"less_than_equal", "less_than"}:
        return _("The number is too large.")
    if kind in {"json_invalid", "model_attributes_type", "dict_type", "model_type"}:
        return _("The request body must be a JSON object.")
    return _("This value is not valid.")


def _field_name(location: list[Any] | tuple[Any, ...]) -> str:
    # ("query", "kind") → "kind"; ("body", "payload", "start_date") → "start_date";
    # ("form", "title") → "title"; ("query", "body") → "body" (a query parameter of that name)
    parts = [str(part) for part in location]
    if parts and parts[0] in {"query", "body", "path", "form", "file"}:
        where, parts = parts[0], parts[1:]
        if where == "body" and parts[:1] == ["payload"]:
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = envelope(
            api, request, status=exc.http_status, code=exc.code, message=str(exc.message), fields=exc.field_messages()
        )
        if isinstance(exc, RateLimitedError):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(NinjaValidationError)
    def input_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(error.get("loc", [])), []).append(_input_message(error))
        return envelope(
            api,
            request,
            status=422,
            code=CoreErrorCode.VALIDATION_FAILED,
            message=_("Some of the data is not valid."),
            fields=fields,
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return envelope(
            api, request, status=404, code=CoreErrorCode.NOT_FOUND, message=_("Nothing was found at this address.")
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return envelope(api, request, status=401, code="core.not_authenticated", message=_("Sign in to do this."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # django-ninja's 400: a body that does not parse as its content type says.
            return envelope(
                api, request, status=400, code="core.bad_request", message=_("The request body could not be read.")
            )
        return envelope(api, request, status=exc.status_code, code="core.http_error", message=str(exc))
