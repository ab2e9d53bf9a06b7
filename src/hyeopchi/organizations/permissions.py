"""Who may do what with organizations: ``can_<verb>_<noun>`` checks that every service calls.

Platform administrators (superusers) may do everything. An organization's administrators manage
it and every body below it; its secretaries keep its roster (appointments and their ends).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Membership, Organization, OrganizationRole


def _has_role_over(user: Any, organization: Organization, roles: set[str], *, inherited: bool) -> bool:
    scope = [*organization.ancestor_ids, organization.pk] if inherited else [organization.pk]
    return OrganizationRole.objects.filter(user=user, organization_id__in=scope, role__in=roles).exists()


def _signed_in_user(actor: Actor) -> Any | None:
    user = actor.user
    return user if user is not None and user.is_authenticated else None


def is_platform_administrator(actor: Actor) -> bool:
    user = _signed_in_user(actor)
    return bool(user is not None and user.is_superuser)


def is_staff(actor: Actor) -> bool:
    """Someone who works the platform for a body: a back-office user, or an administrator or
    secretary of any organization (offered a second sign-in factor)."""
    user = _signed_in_user(actor)
    if user is None:
        return False
    staff_roles = {OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY}
    return bool(user.is_staff) or OrganizationRole.objects.filter(user=user, role__in=staff_roles).exists()


def _manages(actor: Actor, organization: Organization) -> bool:
    """A platform administrator, or an administrator of the organization or a body above it."""
    if actor.is_system or is_platform_administrator(actor):
        return True
    user = _signed_in_user(actor)
    return user is not None and _has_role_over(user, organization, {OrganizationRoleName.ADMINISTRATOR}, inherited=True)


def can_create_organization(actor: Actor, parent: Organization | None) -> bool:
    if parent is None:
        return actor.is_system or is_platform_administrator(actor)
    return _manages(actor, parent)


def can_manage_organization(actor: Actor, organization: Organization) -> bool:
    return _manages(actor, organization)


def can_manage_roster(actor: Actor, organization: Organization) -> bool:
    """Its managers, and its own secretaries (not those of a body above or below)."""
    if _manages(actor, organization):
        return True
    user = _signed_in_user(actor)
    return user is not None and _has_role_over(user, organization, {OrganizationRoleName.SECRETARY}, inherited=False)


def can_end_membership(actor: Actor, membership: Membership) -> bool:
    return can_manage_roster(actor, membership.post.organization)


def can_assign_role(actor: Actor, organization: Organization) -> bool:
    return _manages(actor, organization)


def can_import_into(actor: Actor, site: Organization) -> bool:
    """Bringing rows in from a spreadsheet is for the site's staff: administrators and
    secretaries of any of its organizations (each row is still checked by its own service)."""
    if actor.is_system or is_platform_administrator(actor):
        return True
    user = _signed_in_user(actor)
    return user is not None and (
        OrganizationRole.objects.filter(
            user=user, role__in={OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY}
        )
        .filter(Q(organization=site) | Q(organization__site=site))
        .exists()
    )
