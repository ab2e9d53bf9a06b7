"""Who may do what with proposals.

Signed-in people write, support, join debates, comment and report, unless a moderator blocked
them on the site. The proposing organization's staff write its recommendations and consultation
items; the answering organization's staff answer; the site's administrators moderate.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization, OrganizationRole
from hyeopchi.organizations.permissions import can_manage_organization, can_manage_roster, is_platform_administrator
from hyeopchi.proposals.models import Answer, Block, Proposal


def is_blocked(actor: Actor, site: Organization | int) -> bool:
    if actor.user_pk is None:
        return False
    site_id = site if isinstance(site, int) else site.pk
    return Block.objects.filter(site_id=site_id, user_id=actor.user_pk).exists()


def can_participate(actor: Actor, site: Organization) -> bool:
    """Write a citizen proposal, support, take part in a debate, comment, report."""
    return actor.is_authenticated and not is_blocked(actor, site)


def can_write_for(actor: Actor, organization: Organization) -> bool:
    """Write recommendations and consultation items in an organization's name."""
    return can_manage_roster(actor, organization)


def can_answer(actor: Actor, answer: Answer) -> bool:
    return can_manage_roster(actor, answer.organization)


def can_manage_answers(actor: Actor, proposal: Proposal) -> bool:
    """Ask a department for an answer, promote a proposal by hand (the addressee's staff)."""
    return can_manage_roster(actor, proposal.addressee)


def can_moderate(actor: Actor, site: Organization) -> bool:
    return can_manage_organization(actor, site)


def organizations_written_for(actor: Actor, candidates: QuerySet[Organization]) -> QuerySet[Organization]:
    """Those of ``candidates`` ``actor`` may write for (``can_write_for`` on each), in one query
    whatever their number: a platform administrator all; an administrator of an organization those
    at or under it; a secretary their own."""
    if actor.is_system or is_platform_administrator(actor):
        return candidates
    user_pk = actor.user_pk
    if user_pk is None or not actor.is_authenticated:
        return candidates.none()
    roles = list(
        OrganizationRole.objects.filter(
            user_id=user_pk, role__in=[OrganizationRoleName.ADMINISTRATOR, OrganizationRoleName.SECRETARY]
        ).values_list("organization_id", "role", "organization__path")
    )
    allowed = Q(pk__in=[pk for pk, role, _path in roles if role == OrganizationRoleName.SECRETARY])
    for _pk, role, path in roles:
        if role == OrganizationRoleName.ADMINISTRATOR:
            allowed |= Q(path__startswith=path)
    return candidates.filter(allowed)
