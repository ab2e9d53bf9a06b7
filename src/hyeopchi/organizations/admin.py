"""Set-up data in the Django admin.

New rows are created through the same services as the site and the API, so the admin cannot
appoint beyond a seat's limit or save a rule no roster could satisfy; a service's refusal comes back
as a form error. Later edits are saved by the admin and recorded in the audit chain.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hyeopchi.core.actor import Actor
from hyeopchi.core.admin_tools import AuditedAdmin
from hyeopchi.organizations import services
from hyeopchi.organizations.models import CompositionRule, Membership, Organization, OrganizationRole, Person, Post


def _pick(data: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "site_slug", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind", "site"]
    search_fields = ["name", "name_en", "admin_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "site"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Organization:
        return services.create_organization(
            actor=actor,
            **_pick(
                data,
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
            ),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The tree position is fixed once created; the paths of the subtree depend on it.
        if obj is not None:
            return [*self.readonly_fields, "parent", "kind", "site_slug"]
        return self.readonly_fields


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name", "organization", "role", "side", "min_holders", "max_holders"]
    list_filter = ["role", "side"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization", "ex_officio_post"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Post:
        return services.create_post(
            actor=actor,
            **_pick(
                data,
                "organization",
                "name",
                "role",
                "side",
                "min_holders",
                "max_holders",
                "is_voting",
                "ex_officio_post",
                "name_en",
                "sort_order",
            ),
        )


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "user"]
    search_fields = ["name", "name_en"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Person:
        return services.create_person(actor=actor, **_pick(data, "name", "name_en", "sort_name"))


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "post", "on_behalf_of", "start_date", "end_date"]
    search_fields = ["person__name", "post__name", "post__organization__name"]
    autocomplete_fields = ["post", "person", "on_behalf_of"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> Membership:
        return services.appoint_member(
            actor=actor, **_pick(data, "post", "person", "start_date", "end_date", "on_behalf_of", "note")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A term's seat, holder and start are its identity; correct them by ending it.
        if obj is not None:
            return ["post", "person", "on_behalf_of", "start_date"]
        return []


@admin.register(CompositionRule)
class CompositionRuleAdmin(AuditedAdmin):
    list_display = ["body", "kind", "basis", "severity", "citation"]
    list_filter = ["kind", "basis", "severity"]
    autocomplete_fields = ["body"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> CompositionRule:
        return services.add_composition_rule(
            actor=actor, **_pick(data, "body", "kind", "params", "basis", "severity", "citation")
        )


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(AuditedAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["organization"]

    @staticmethod
    def creator(actor: Actor, data: dict[str, Any]) -> OrganizationRole:
        return services.assign_role(actor=actor, **_pick(data, "user", "organization", "role"))
