"""Every write to organizations, posts, people, memberships, rules and roles.

Each service checks permission, validates, writes in one transaction and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.organizations import composition
from hyeopchi.organizations.enums import LOCAL_GOVERNMENT_KINDS, OrganizationRoleName, RuleBasis, Severity
from hyeopchi.organizations.errors import OrganizationErrorCode as Code
from hyeopchi.organizations.messages import rule_error_message
from hyeopchi.organizations.models import CompositionRule, Membership, Organization, OrganizationRole, Person, Post
from hyeopchi.organizations.permissions import (
    can_assign_role,
    can_create_organization,
    can_end_membership,
    can_manage_organization,
    can_manage_roster,
)


def _deny(message: str) -> PermissionDeniedError:
    return PermissionDeniedError(Code.NOT_ALLOWED, message)


def _organization_snapshot(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "name_en": organization.name_en,
        "kind": organization.kind,
        "parent": organization.parent_id,
        "site_slug": organization.site_slug,
        "admin_code": organization.admin_code,
        "valid_from": organization.valid_from,
        "valid_to": organization.valid_to,
    }


def _place_in_tree(organization: Organization) -> None:
    """Set ``path`` and ``site`` from the parent; the row must already have its id."""
    parent = organization.parent
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    if organization.site_slug:
        organization.site = organization
    else:
        organization.site = parent.site if parent else None
    Organization.objects.filter(pk=organization.pk).update(path=organization.path, site=organization.site)


@transaction.atomic
def create_organization(
    *,
    actor: Actor,
    name: str,
    kind: str,
    parent: Organization | None = None,
    name_en: str = "",
    site_slug: str | None = None,
    admin_code: str = "",
    description: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    sort_order: int = 0,
) -> Organization:
    """Create an organization under ``parent`` (or a root, for platform administrators).

    Changes: creates the organization; a ``site_slug`` makes a root local government a site.
    Raises: PermissionDeniedError; ValidationFailedError with field messages.
    """
    if not can_create_organization(actor, parent):
        raise _deny(_("Only administrators of the parent organization can add organizations."))
    organization = Organization(
        name=name.strip(),
        name_en=name_en.strip(),
        kind=kind,
        parent=parent,
        site_slug=site_slug or None,
        admin_code=admin_code.strip(),
        description=description,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
        path="/",
    )
    _check_organization(organization)
    clean_or_raise(organization, code=Code.INVALID_ORGANIZATION)
    organization.save()
    _place_in_tree(organization)
    record_event(actor, "organizations.organization_created", organization, _organization_snapshot(organization))
    return organization


# Site slugs that would shadow other addresses of the install.
RESERVED_SITE_SLUGS = frozenset(
    {"en", "ko", "admin", "api", "accounts", "static", "media", "i18n", "evaluations", "audit"}
)


def _check_organization(organization: Organization) -> None:
    fields: dict[str, list[str]] = {}
    if organization.site_slug in RESERVED_SITE_SLUGS:
        fields["site_slug"] = [_("This address is reserved; choose another.")]
    if organization.site_slug and organization.parent_id is not None:
        fields["site_slug"] = [_("Only an organization at the top of the tree can be a site.")]
    if organization.site_slug and organization.kind not in LOCAL_GOVERNMENT_KINDS:
        fields["site_slug"] = [_("Only a local government can be a site.")]
    if organization.valid_from and organization.valid_to and (organization.valid_to < organization.valid_from):
        fields["valid_to"] = [_("The end date cannot be before the start date.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_ORGANIZATION, fields=fields)


@transaction.atomic
def update_organization(*, actor: Actor, organization: Organization, changes: Mapping[str, Any]) -> Organization:
    """Change an organization's names, description, code or validity dates.

    Changes: the given fields (not its place in the tree).
    Raises: PermissionDeniedError; ValidationFailedError.
    """
    if not can_manage_organization(actor, organization):
        raise _deny(_("Only administrators of this organization can change it."))
    editable = {"name", "name_en", "description", "admin_code", "valid_from", "valid_to", "sort_order"}
    unknown = set(changes) - editable
    if unknown:
        raise ValidationFailedError(
            Code.INVALID_ORGANIZATION,
            fields={name: [_("This field cannot be changed here.")] for name in sorted(unknown)},
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = _organization_snapshot(organization)
    for name, value in changes.items():
        setattr(organization, name, value)
    _check_organization(organization)
    clean_or_raise(organization, code=Code.INVALID_ORGANIZATION)
    organization.save()
    after = _organization_snapshot(organization)
    record_event(
        actor,
        "organizations.organization_changed",
        organization,
        {k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return organization


@transaction.atomic
def create_post(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    role: str,
    side: str = "",
    min_holders: int = 0,
    max_holders: int = 1,
    is_voting: bool = True,
    ex_officio_post: Post | None = None,
    name_en: str = "",
    sort_order: int = 0,
) -> Post:
    """Add a seat to an organization.

    Changes: creates the post.
    Raises: PermissionDeniedError; ValidationFailedError (e.g. a minimum above the maximum).
    """
    if not can_manage_organization(actor, organization):
        raise _deny(_("Only administrators of this organization can add posts."))
    post = Post(
        organization=organization,
        name=name.strip(),
        name_en=name_en.strip(),
        role=role,
        side=side.strip(),
        min_holders=min_holders,
        max_holders=max_holders,
        is_voting=is_voting,
        ex_officio_post=ex_officio_post,
        sort_order=sort_order,
    )
    clean_or_raise(post, code=Code.INVALID_POST)
    post.save()
    record_event(
        actor,
        "organizations.post_created",
        post,
        {
            "organization": organization.pk,
            "name": post.name,
            "role": role,
            "side": side,
            "min": min_holders,
            "max": max_holders,
            "ex_officio_post": ex_officio_post.pk if ex_officio_post else None,
        },
    )
    return post


@transaction.atomic
def create_person(*, actor: Actor, name: str, name_en: str = "", sort_name: str = "") -> Person:
    """Register a person who can then be appointed to posts.

    Changes: creates the person. Raises: PermissionDeniedError for anonymous actors;
    ValidationFailedError.
    """
    if not (actor.is_system or actor.is_authenticated):
        raise _deny(_("Sign in to register people."))
    person = Person(name=name.strip(), name_en=name_en.strip(), sort_name=sort_name.strip())
    clean_or_raise(person, code=Code.INVALID_MEMBERSHIP, exclude=["user"])
    person.save()
    record_event(actor, "organizations.person_created", person)
    return person


def _max_overlap(intervals: list[tuple[dt.date, dt.date | None]]) -> int:
    """The largest number of intervals covering one day (open ends run for ever)."""
    points: list[tuple[dt.date, int]] = []
    for start, end in intervals:
        points.append((start, 1))
        if end is not None:
            points.append((end + dt.timedelta(days=1), -1))
    # Ends sort before starts on the same day: a seat freed on day D can be taken on day D.
    points.sort(key=lambda point: (point[0], point[1]))
    current = best = 0
    for _day, step in points:
        current += step
        best = max(best, current)
    return best


@transaction.atomic
def appoint_member(
    *,
    actor: Actor,
    post: Post,
    person: Person | None,
    start_date: dt.date,
    end_date: dt.date | None = None,
    on_behalf_of: Organization | None = None,
    note: str = "",
    new_person_name: str = "",
) -> Membership:
    """Appoint ``person`` to ``post`` from ``start_date`` (to ``end_date``); with no ``person``,
    a new person named ``new_person_name`` is registered and appointed in the same step.

    Changes: creates the membership. The post row is locked so two appointments to the last free
    seat cannot both succeed.
    Raises: PermissionDeniedError; ValidationFailedError for dates or an ex officio seat;
    ConflictError when the seat is full on some day of the term or the person already holds it.
    """
    if not can_manage_roster(actor, post.organization):
        raise _deny(_("Only administrators and secretaries of this body can appoint members."))
    if person is None:
        person = create_person(actor=actor, name=new_person_name)
    post = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
    if post.ex_officio_post_id is not None:
        raise ValidationFailedError(
            Code.INVALID_MEMBERSHIP, fields={"post": [_("This seat is held ex officio; appoint to the source post.")]}
        )
    if end_date is not None and end_date < start_date:
        raise ValidationFailedError(
            Code.INVALID_MEMBERSHIP, fields={"end_date": [_("The end date cannot be before the start date.")]}
        )
    overlapping = Membership.objects.filter(post=post, start_date__lte=end_date or dt.date.max)
    overlapping = overlapping.exclude(end_date__lt=start_date)
    if any(m.person_id == person.pk for m in overlapping):
        raise ConflictError(
            Code.ALREADY_HOLDS_POST,
            _("%(person)s already holds this seat during that period.") % {"person": person.name},
        )
    terms = [(m.start_date, m.end_date) for m in overlapping]
    terms.append((start_date, end_date))
    if _max_overlap(terms) > post.max_holders:
        raise ConflictError(
            Code.POST_FULL,
            _("All %(count)d places of this seat are taken during that period.") % {"count": post.max_holders},
        )
    membership = Membership(
        post=post, person=person, start_date=start_date, end_date=end_date, on_behalf_of=on_behalf_of, note=note.strip()
    )
    clean_or_raise(membership, code=Code.INVALID_MEMBERSHIP)
    membership.save()
    record_event(
        actor,
        "organizations.member_appointed",
        membership,
        {
            "post": post.pk,
            "person": person.pk,
            "start_date": start_date,
            "end_date": end_date,
            "on_behalf_of": on_behalf_of.pk if on_behalf_of else None,
        },
    )
    return membership


@transaction.atomic
def end_membership(*, actor: Actor, membership: Membership, end_date: dt.date) -> Membership:
    """End a term on ``end_date`` (the last day held).

    Changes: sets the membership's end date. Raises: PermissionDeniedError;
    ValidationFailedError if the date is before the start; InvalidTransition-like ConflictError if
    it had already ended earlier.
    """
    if not can_end_membership(actor, membership):
        raise _deny(_("Only administrators and secretaries of this body can end memberships."))
    membership = Membership.objects.select_for_update().select_related("post", "person").get(pk=membership.pk)
    if end_date < membership.start_date:
        raise ValidationFailedError(
            Code.INVALID_MEMBERSHIP, fields={"end_date": [_("The end date cannot be before the start date.")]}
        )
    if membership.end_date is not None and membership.end_date < end_date:
        raise ConflictError(Code.MEMBERSHIP_ENDED, _("This membership already ended on an earlier date."))
    previous = membership.end_date
    membership.end_date = end_date
    membership.save(update_fields=["end_date", "updated_at"])
    record_event(actor, "organizations.membership_ended", membership, {"end_date": [previous, end_date]})
    return membership


@transaction.atomic
def add_composition_rule(
    *,
    actor: Actor,
    body: Organization,
    kind: str,
    params: Mapping[str, Any],
    basis: str = RuleBasis.BYLAW,
    severity: str = Severity.ERROR,
    citation: str = "",
) -> CompositionRule:
    """Add a composition rule to a body.

    Changes: creates the rule.
    Raises: PermissionDeniedError; ValidationFailedError for a rule no roster could satisfy
    (a minimum above the maximum, a parity of a side with itself) or one naming a seat of
    another body.
    """
    if not can_manage_organization(actor, body):
        raise _deny(_("Only administrators of this body can change its composition rules."))
    # Checked here as well as in the model's clean() to report each parameter as its own field.
    errors = composition.rule_errors(kind, params)
    if errors:
        raise ValidationFailedError(
            Code.INVALID_RULE, fields={field: [rule_error_message(code)] for field, code in errors}
        )
    rule = CompositionRule(
        body=body, kind=kind, params=dict(params), basis=basis, severity=severity, citation=citation.strip()
    )
    clean_or_raise(rule, code=Code.INVALID_RULE)
    rule.save()
    record_event(
        actor,
        "organizations.composition_rule_added",
        rule,
        {"body": body.pk, "kind": kind, "params": dict(params), "basis": basis, "severity": severity},
    )
    return rule


@transaction.atomic
def assign_role(*, actor: Actor, user: Any, organization: Organization, role: str) -> OrganizationRole:
    """Give ``user`` a role in ``organization``.

    Changes: creates the role. Raises: PermissionDeniedError; ValidationFailedError for an
    unknown role; ConflictError if the user already has it.
    """
    if not can_assign_role(actor, organization):
        raise _deny(_("Only administrators of this organization can assign roles."))
    if role not in OrganizationRoleName.values:
        raise ValidationFailedError(Code.INVALID_ORGANIZATION, fields={"role": [_("Unknown role.")]})
    try:
        with transaction.atomic():
            assignment = OrganizationRole.objects.create(user=user, organization=organization, role=role)
    except IntegrityError as error:
        raise ConflictError(Code.ROLE_EXISTS, _("This person already has that role.")) from error
    record_event(
        actor,
        "organizations.role_assigned",
        assignment,
        {"user": user.pk, "organization": organization.pk, "role": role},
    )
    return assignment
