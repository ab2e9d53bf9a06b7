"""Back-office base classes: create through a service, audit every later edit.

New rows are created through the same services as the site and the API, so the admin cannot
skip a check; a service's refusal comes back as a form error. Later edits are saved by the admin
and recorded in the audit chain. Nothing cited by the governance record is deleted here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import DomainError

Creator = Callable[[Actor, dict[str, Any]], Any]
# Where a row that takes more than one form is created on the site: its address and a line
# telling the person what to do there.
Elsewhere = Callable[[HttpRequest], tuple[str, str]]


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    """Runs the admin's creator service once the form is otherwise valid.

    It runs last in validation, so a refusal becomes a form error and nothing that validates
    after it can leave a created row behind an error page.
    """

    creator: Creator | None = None
    actor: Actor | None = None
    created: Any = None

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.instance.pk is not None or self.errors or self.creator is None:
            return
        assert self.actor is not None
        try:
            self.created = self.creator(self.actor, self.cleaned_data)
        except DomainError as error:
            messages = error.field_messages() or {NON_FIELD_ERRORS: [str(error.message)]}
            for name, texts in messages.items():
                for text in texts:
                    self.add_error(name if name in self.fields else None, ValidationError(text))


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Creates through ``creator``; saves of later edits leave an audit event. A row made with
    others (a series with its seats, a round with its panels) has ``created_on_site`` instead: its
    add button leads to the site's page where the service runs."""

    creator: Creator | None = None
    created_on_site: Elsewhere | None = None
    # The add page's fields when they differ from the change page's (``fields``).
    add_fields: list[str] | None = None
    # A web address typed without its scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        can_create = type(self).creator is not None or type(self).created_on_site is not None
        return can_create and super().has_add_permission(request)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None and self.add_fields is not None:
            return self.add_fields
        return super().get_fields(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None and self.add_fields is not None:
            kwargs["fields"] = self.add_fields
        return self._service_form(request, obj, change, **kwargs)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        elsewhere = type(self).created_on_site
        if type(self).creator is None and elsewhere is not None and self.has_add_permission(request):
            address, explanation = elsewhere(request)
            messages.info(request, explanation)
            return HttpResponseRedirect(address)
        return super().add_view(request, form_url, extra_context)

    def _service_form(self, request: HttpRequest, obj: Any, change: bool, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)
        creator = type(self).creator
        return type(
            base.__name__,
            (ServiceForm, base),
            {"creator": staticmethod(creator) if creator else None, "actor": Actor.for_user(request.user)},
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change and getattr(form, "created", None) is not None:
            obj.pk = form.created.pk
            obj._state.adding = False
            return
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record_event(
                Actor.for_user(request.user),
                f"{obj._meta.app_label}.{obj._meta.model_name}_changed_in_admin",
                obj,
                {"changed": sorted(form.changed_data)},
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The governance record cites these rows; end them with dates instead.
        return False


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown in the back office, written by services alone."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
