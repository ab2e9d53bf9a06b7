"""Who may do what with white papers: the site's staff write (administrators and secretaries of
any of its organizations); the site's administrators approve narrative for print, and not their
own text (the writer and the approver differ, as 결재 has it)."""

from __future__ import annotations

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.permissions import can_import_into, can_manage_organization
from hyeopchi.reports.models import Passage


def can_write_white_paper(actor: Actor, site: Organization) -> bool:
    return can_import_into(actor, site)


def can_approve_passage(actor: Actor, passage: Passage, site: Organization) -> bool:
    if actor.is_system:
        return True
    if actor.user_pk is None or not can_manage_organization(actor, site):
        return False
    return passage.written_by_id is None or passage.written_by_id != actor.user_pk
