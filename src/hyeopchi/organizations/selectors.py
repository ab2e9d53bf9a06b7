"""Every read that pages, the API and the CLI need about organizations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.errors import NotFoundError
from hyeopchi.core.queries import first_or_raise, where_given
from hyeopchi.organizations import composition
from hyeopchi.organizations.enums import BODY_KINDS, OrganizationKind, side_label
from hyeopchi.organizations.errors import OrganizationErrorCode as Code
from hyeopchi.organizations.messages import violation_message
from hyeopchi.organizations.models import CompositionRule, Membership, Organization, OrganizationRole, Person, Post


def sites_list() -> QuerySet[Organization]:
    return Organization.objects.sites().order_by("sort_order", "name")


def home_site(user: Any) -> Organization | None:
    """The site a person works for: that of the first organization where they hold a role, or
    else the first site (for pages that must start somewhere)."""
    if user is not None and user.is_authenticated:
        role = (
            OrganizationRole.objects.filter(user=user, organization__site__isnull=False)
            .select_related("organization__site")
            .order_by("pk")
            .first()
        )
        if role is not None:
            return role.organization.site
    return sites_list().first()


def site_get(slug: str) -> Organization:
    return first_or_raise(
        Organization.objects.filter(site_slug=slug),
        NotFoundError(Code.NOT_FOUND, _("There is no site at this address.")),
    )


def national_organizations_list() -> QuerySet[Organization]:
    """Roots that are not sites, such as national ministries."""
    return Organization.objects.filter(parent__isnull=True, site_slug__isnull=True).order_by("sort_order", "name")


@dataclass
class TreeNode:
    organization: Organization
    children: list[TreeNode] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)

    def rows(self) -> list[TreeRow]:
        """Depth-first rows for rendering nested lists in one loop, without recursion."""
        # Labels resolved once: get_kind_display() per row costs more than the rest of the row.
        kind_labels = {value: str(label) for value, label in OrganizationKind.choices}
        rows: list[TreeRow] = []
        stack: list[tuple[TreeNode, int]] = [(self, 0)]
        while stack:
            node, closes_after = stack.pop()
            if node.children:
                rows.append(TreeRow(node.organization, kind_labels[node.organization.kind], True, ()))
                last = len(node.children) - 1
                for index, child in reversed(list(enumerate(node.children))):
                    # The last child closes this node's list too, and whatever this node closed.
                    stack.append((child, closes_after + 1 if index == last else 0))
            else:
                rows.append(TreeRow(node.organization, kind_labels[node.organization.kind], False, range(closes_after)))
        return rows


@dataclass(frozen=True)
class TreeRow:
    organization: Organization
    kind_label: str
    has_children: bool
    closes: range | tuple[()]


def organization_tree(site: Organization, *, on: dt.date | None = None) -> TreeNode:
    """The site and every organization below it, in one query, ordered for display."""
    queryset = Organization.objects.filter(site=site)
    if on is not None:
        queryset = queryset.active_on(on) | Organization.objects.filter(pk=site.pk)
    nodes = {org.pk: TreeNode(org) for org in queryset.order_by("sort_order", "name", "pk")}
    root = nodes.get(site.pk, TreeNode(site))
    for node in nodes.values():
        parent_id = node.organization.parent_id
        if parent_id is not None and parent_id in nodes:
            nodes[parent_id].children.append(node)
    return root


def organization_get(*, site: Organization, pk: int) -> Organization:
    """An organization of ``site``'s tree, or NotFoundError."""
    return first_or_raise(
        Organization.objects.select_related("parent", "site").filter(site=site, pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This organization does not exist on this site.")),
    )


def site_organizations(site: Organization) -> QuerySet[Organization]:
    """Every organization of ``site``'s tree, in tree order (for choosers)."""
    return Organization.objects.filter(site=site).order_by("path")


def organization_list(
    *,
    kind: str | None = None,
    parent: int | None = None,
    site: str | None = None,
    admin_code: str | None = None,
    search: str | None = None,
) -> QuerySet[Organization]:
    queryset = where_given(
        Organization.objects.select_related("parent", "site").order_by("path"),
        kind=kind,
        parent_id=parent,
        site__site_slug=site,
        admin_code=admin_code,
    )
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(name_en__icontains=search))
    return queryset


def organization_by_pk(pk: int) -> Organization:
    return first_or_raise(
        Organization.objects.select_related("parent", "site").filter(pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This organization does not exist.")),
    )


def post_list(*, organization: int | None = None, role: str | None = None, side: str | None = None) -> QuerySet[Post]:
    queryset = Post.objects.select_related("organization")
    return where_given(queryset, organization_id=organization, role=role, side=side).order_by(
        "organization__path", "sort_order", "pk"
    )


# The role choices of ``seats_matching`` beside PostRole's values.
EVERY_SEAT = ""
VOTING_SEATS = "voting"


def seats_matching(body: Organization, *, role: str = EVERY_SEAT, below: bool = False) -> QuerySet[Post]:
    """The seats of ``body`` (or, ``below``, of the organizations under it, not itself) that hold
    ``role``: a PostRole value, VOTING_SEATS or EVERY_SEAT. How a series invites "the heads of every
    public institution" without a checkbox per seat."""
    queryset = Post.objects.select_related("organization")
    if below:
        queryset = queryset.filter(organization__path__startswith=body.path).exclude(organization=body)
    else:
        queryset = queryset.filter(organization=body)
    if role == VOTING_SEATS:
        queryset = queryset.filter(is_voting=True)
    elif role:
        queryset = queryset.filter(role=role)
    return queryset.order_by("organization__path", "sort_order", "pk")


def organizations_under(body: Organization, *, kind: str = "") -> QuerySet[Organization]:
    """Every organization below ``body`` (not itself), of ``kind`` if given, in tree order."""
    queryset = Organization.objects.filter(path__startswith=body.path).exclude(pk=body.pk)
    return (queryset.filter(kind=kind) if kind else queryset).order_by("path")


def post_get(pk: int) -> Post:
    return first_or_raise(
        Post.objects.select_related("organization").filter(pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This post does not exist.")),
    )


def membership_list(
    *,
    organization: int | None = None,
    post: int | None = None,
    person: int | None = None,
    active_on: dt.date | None = None,
) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("post", "post__organization", "person", "on_behalf_of").order_by(
        "post__organization__path", "post__sort_order", "start_date", "pk"
    )
    queryset = where_given(queryset, post__organization_id=organization, post_id=post, person_id=person)
    if active_on is not None:
        queryset = queryset.active_on(active_on)
    return queryset


def person_get(pk: int) -> Person | None:
    return Person.objects.filter(pk=pk).first()


def membership_get(pk: int) -> Membership:
    return first_or_raise(
        Membership.objects.select_related("post", "post__organization", "person", "on_behalf_of").filter(pk=pk),
        NotFoundError(Code.NOT_FOUND, _("This membership does not exist.")),
    )


@dataclass(frozen=True)
class SeatHolder:
    person: Person
    start_date: dt.date
    end_date: dt.date | None
    on_behalf_of: Organization | None
    membership_pk: int
    is_ex_officio: bool = False


@dataclass
class SeatView:
    post: Post
    holders: list[SeatHolder]


@dataclass(frozen=True)
class ViolationView:
    code: str
    severity: str
    message: str


@dataclass
class Roster:
    """A body's seats with the people holding them on ``on``, and its composition status."""

    on: dt.date
    seats: list[SeatView]
    rules: list[CompositionRule]
    violations: list[ViolationView]

    @property
    def has_errors(self) -> bool:
        return any(v.severity == composition.ERROR for v in self.violations)


def holders_on(posts: list[Post], on: dt.date) -> dict[int, list[SeatHolder]]:
    """Holders per post on ``on``; an ex officio seat takes its source post's holders."""
    source_ids = {post.ex_officio_post_id or post.pk for post in posts}
    memberships = (
        Membership.objects.active_on(on)
        .filter(post_id__in=source_ids)
        .select_related("person", "on_behalf_of")
        .order_by("start_date", "pk")
    )
    by_source: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        by_source[membership.post_id].append(membership)
    holders: dict[int, list[SeatHolder]] = {}
    for post in posts:
        source = post.ex_officio_post_id or post.pk
        holders[post.pk] = [
            SeatHolder(
                person=m.person,
                start_date=m.start_date,
                end_date=m.end_date,
                # An ex officio holder sits for the organization of the post that gives the seat.
                on_behalf_of=m.on_behalf_of or (post.ex_officio_post.organization if post.ex_officio_post else None),
                membership_pk=m.pk,
                is_ex_officio=post.ex_officio_post_id is not None,
            )
            for m in by_source[source]
        ]
    return holders


def _parent_members(rules: list[CompositionRule], on: dt.date) -> dict[int, frozenset[int]]:
    parent_ids = {
        int(rule.params["parent_body"])
        for rule in rules
        if rule.kind == composition.SUBSET_OF and "parent_body" in rule.params
    }
    if not parent_ids:
        return {}
    members: dict[int, set[int]] = {pk: set() for pk in parent_ids}
    parent_posts = list(
        Post.objects.filter(organization_id__in=parent_ids).select_related("ex_officio_post__organization")
    )
    for post_pk, holders in holders_on(parent_posts, on).items():
        organization_id = next(p.organization_id for p in parent_posts if p.pk == post_pk)
        members[organization_id].update(h.person.pk for h in holders)
    return {pk: frozenset(people) for pk, people in members.items()}


def roster_get(body: Organization, *, on: dt.date | None = None) -> Roster:
    """Seats, holders, rules and composition violations of ``body`` on ``on`` (today)."""
    on = on or timezone.localdate()
    posts = list(body.posts.select_related("ex_officio_post__organization").order_by("sort_order", "pk"))
    rules = list(body.composition_rules.order_by("pk"))
    holders = holders_on(posts, on)
    seats = [SeatView(post, holders[post.pk]) for post in posts]
    found = composition.check_composition(
        [composition.Seat(p.pk, p.display_name, p.side, p.min_holders, p.max_holders, p.is_voting) for p in posts],
        [composition.Rule(r.kind, r.params, r.severity, r.pk) for r in rules],
        [
            composition.Holder(
                post_id=seat.post.pk,
                person_id=h.person.pk,
                side=seat.post.side,
                voting=seat.post.is_voting,
                on_behalf_of_id=h.on_behalf_of.pk if h.on_behalf_of else None,
            )
            for seat in seats
            for h in seat.holders
        ],
        parent_members=_parent_members(rules, on),
    )
    organization_names = {
        h.on_behalf_of.pk: h.on_behalf_of.display_name for seat in seats for h in seat.holders if h.on_behalf_of
    }
    person_names = {h.person.pk: h.person.display_name for seat in seats for h in seat.holders}
    side_labels = {p.side: side_label(p.side) for p in posts}
    for rule in rules:
        for key in ("side",):
            if key in rule.params:
                side_labels.setdefault(rule.params[key], side_label(rule.params[key]))
        for side in rule.params.get("sides", []) or []:
            side_labels.setdefault(side, side_label(side))
    violations = [
        ViolationView(
            v.code,
            v.severity,
            violation_message(
                v, side_labels=side_labels, organization_names=organization_names, person_names=person_names
            ),
        )
        for v in found
    ]
    return Roster(on=on, seats=seats, rules=rules, violations=violations)


def check_composition(body: Organization, *, on: dt.date) -> list[ViolationView]:
    """The violations of ``body``'s composition rules by its roster on ``on``."""
    return roster_get(body, on=on).violations


def children_list(organization: Organization) -> list[Organization]:
    return list(organization.children.order_by("sort_order", "name", "pk"))


def organization_named(value: str) -> Organization | None:
    """The one organization a spreadsheet cell names: by its 5-digit administrative code, its id
    (digits) or its exact Korean or English name; None when none or several match."""
    value = value.strip()
    if value.isdigit():
        by_code = Organization.objects.filter(admin_code=value).first() if len(value) == 5 else None
        if by_code is not None or len(value) > 18:
            return by_code
        return Organization.objects.filter(pk=int(value)).first()
    matches = list(Organization.objects.filter(Q(name=value) | Q(name_en=value))[:2])
    return matches[0] if len(matches) == 1 else None


def site_organization_finder(site: Organization) -> Callable[[str], Organization | None]:
    """Look up an organization of the site by its exact name or its id, as a spreadsheet cell gives it."""
    by_name = {o.name: o for o in Organization.objects.filter(site=site)}
    by_id = {str(o.pk): o for o in by_name.values()}
    return lambda value: by_name.get(value) or by_id.get(value)


@dataclass(frozen=True)
class BodyFacts:
    """A body (committee, council) as the committee statistics table lists it: its kind, the basis
    its composition rules cite, when it was set up, and its members in office on a day."""

    pk: int
    name: str
    kind: str
    basis: str
    valid_from: dt.date | None
    members: int
    voting_members: int


def bodies_in_period(
    site: Organization, *, first: dt.date, last: dt.date, on: dt.date, within: Organization | None = None
) -> list[BodyFacts]:
    """The site's bodies (or those under ``within``, itself included) that existed at some time from
    ``first`` to ``last``, in the tree's order, with their members in office on ``on``."""
    bodies = Organization.objects.filter(site=site, kind__in=BODY_KINDS).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last), Q(valid_to__isnull=True) | Q(valid_to__gte=first)
    )
    if within is not None:
        bodies = bodies.filter(path__startswith=within.path)
    found = list(bodies.order_by("path"))
    in_office = Membership.objects.filter(post__organization__in=found, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    members: dict[int, int] = defaultdict(int)
    voting: dict[int, int] = defaultdict(int)
    for organization_id, is_voting in in_office.values_list("post__organization_id", "post__is_voting"):
        members[organization_id] += 1
        voting[organization_id] += int(is_voting)
    citations: dict[int, str] = {}
    for body_id, citation in (
        CompositionRule.objects.filter(body__in=found)
        .exclude(citation="")
        .order_by("pk")
        .values_list("body_id", "citation")
    ):
        citations.setdefault(body_id, citation)
    kinds = dict(OrganizationKind.choices)
    return [
        BodyFacts(
            pk=body.pk,
            name=body.display_name,
            kind=str(kinds.get(body.kind, body.kind)),
            basis=citations.get(body.pk, ""),
            valid_from=body.valid_from,
            members=members[body.pk],
            voting_members=voting[body.pk],
        )
        for body in found
    ]


def site_structure(site: Organization) -> tuple[list[Organization], list[Post], list[Membership]]:
    """The site itself and every organization of its tree (in tree order), their posts and every
    membership in them, past ones included: three queries, for the open-data export."""
    organizations = list(Organization.objects.filter(Q(pk=site.pk) | Q(site=site)).order_by("path"))
    posts = list(Post.objects.filter(organization__in=organizations).order_by("organization__path", "sort_order", "pk"))
    memberships = list(
        Membership.objects.filter(post__in=posts).select_related("post").order_by("post_id", "start_date", "pk")
    )
    return organizations, posts, memberships


def last_change(site: Organization) -> dt.datetime | None:
    """When an organization, post or membership of the site last changed (None when it has none)."""
    in_site = Q(pk=site.pk) | Q(site=site)
    changes = [
        Organization.objects.filter(in_site).aggregate(last=Max("updated_at"))["last"],
        Post.objects.filter(Q(organization=site) | Q(organization__site=site)).aggregate(last=Max("updated_at"))[
            "last"
        ],
        Membership.objects.filter(Q(post__organization=site) | Q(post__organization__site=site)).aggregate(
            last=Max("updated_at")
        )["last"],
    ]
    found = [change for change in changes if change is not None]
    return max(found) if found else None
