"""Set-up data in the Django admin; every save goes through the audit chain."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.organizations import services
from hyeopchi.organizations.models import (
    CompositionRule,
    Membership,
    Organization,
    OrganizationRole,
    Person,
    Post,
)


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Saves from the admin leave an audit event naming the changed fields."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            verb = f"{obj._meta.app_label}.{obj._meta.model_name}_saved_in_admin"
            record_event(
                actor=Actor.for_user(request.user),
                verb=verb,
                target=obj,
                payload={"changed": sorted(form.changed_data), "created": not change},
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The governance record cites these rows; end them with dates instead.
        return False


class PostInline(admin.TabularInline[Post, Any]):
    model = Post
    fk_name = "organization"
    extra = 0
    fields = [
        "name",
        "name_en",
        "role",
        "side",
        "min_holders",
        "max_holders",
        "is_voting",
        "ex_officio_post",
        "sort_order",
    ]
    autocomplete_fields = ["ex_officio_post"]
    can_delete = False


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "site_slug", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind", "site"]
    search_fields = ["name", "name_en", "admin_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "site"]

    def save_model(
        self, request: HttpRequest, obj: Organization, form: ModelForm[Any], change: bool
    ) -> None:
        actor = Actor.for_user(request.user)
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name not in {"parent", "kind", "site_slug"}
            }
            services.update_organization(actor=actor, organization=obj, changes=changes)
            return
        created = services.create_organization(
            actor=actor,
            **{
                name: form.cleaned_data[name]
                for name in (
                    "name",
                    "kind",
                    "parent",
                    "name_en",
                    "site_slug",
                    "admin_code",
                    "description",
                    "valid_from",
                    "valid_to",
                    "sort_order",
                )
            },
        )
        obj.pk = created.pk

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The tree position is fixed once created; paths of the subtree depend on it.
        if obj is not None:
            return [*self.readonly_fields, "parent", "kind", "site_slug"]
        return self.readonly_fields


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name", "organization", "role", "side", "min_holders", "max_holders"]
    list_filter = ["role", "side"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization", "ex_officio_post"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "user"]
    search_fields = ["name", "name_en"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "post", "on_behalf_of", "start_date", "end_date"]
    search_fields = ["person__name", "post__name", "post__organization__name"]
    autocomplete_fields = ["post", "person", "on_behalf_of"]


@admin.register(CompositionRule)
class CompositionRuleAdmin(AuditedAdmin):
    list_display = ["body", "kind", "basis", "severity", "citation"]
    list_filter = ["kind", "basis", "severity"]
    autocomplete_fields = ["body"]


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(AuditedAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["organization"]
