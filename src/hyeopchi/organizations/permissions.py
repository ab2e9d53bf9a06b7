"""Who may do what with organizations: ``rules`` predicates and ``can_<verb>_<noun>`` checks.

Platform administrators (superusers) may do everything. An organization's administrators manage
it and every body below it; its secretaries keep its roster (appointments and their ends).
"""

from __future__ import annotations

from typing import Any

import rules

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Membership, Organization, OrganizationRole


def _has_role_over(
    user: Any, organization: Organization, roles: set[str], *, inherited: bool
) -> bool:
    if user is None or not user.is_authenticated:
        return False
    scope = [*organization.ancestor_ids, organization.pk] if inherited else [organization.pk]
    return OrganizationRole.objects.filter(
        user=user, organization_id__in=scope, role__in=roles
    ).exists()


def _is_platform_administrator(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def _is_organization_administrator(user: Any, organization: Organization | None) -> bool:
    if organization is None:
        return False
    return _has_role_over(user, organization, {OrganizationRoleName.ADMINISTRATOR}, inherited=True)


def _is_organization_secretary(user: Any, organization: Organization | None) -> bool:
    if organization is None:
        return False
    return _has_role_over(user, organization, {OrganizationRoleName.SECRETARY}, inherited=False)


is_platform_administrator = rules.predicate(_is_platform_administrator)
is_organization_administrator = rules.predicate(_is_organization_administrator)
is_organization_secretary = rules.predicate(_is_organization_secretary)


manage_organization = is_platform_administrator | is_organization_administrator
manage_roster = manage_organization | is_organization_secretary

rules.add_perm("organizations.manage_organization", manage_organization)
rules.add_perm("organizations.manage_roster", manage_roster)


def _allowed(actor: Actor, predicate: Any, organization: Organization | None) -> bool:
    if actor.is_system:
        return True
    return bool(predicate.test(actor.user, organization))


def can_create_organization(actor: Actor, parent: Organization | None) -> bool:
    if parent is None:
        return _allowed(actor, is_platform_administrator, None)
    return _allowed(actor, manage_organization, parent)


def can_manage_organization(actor: Actor, organization: Organization) -> bool:
    return _allowed(actor, manage_organization, organization)


def can_manage_roster(actor: Actor, organization: Organization) -> bool:
    return _allowed(actor, manage_roster, organization)


def can_end_membership(actor: Actor, membership: Membership) -> bool:
    return can_manage_roster(actor, membership.post.organization)


def can_assign_role(actor: Actor, organization: Organization) -> bool:
    return _allowed(actor, manage_organization, organization)
