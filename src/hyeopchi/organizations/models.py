"""Organizations, their seats (posts), the people who hold them, and composition rules.

Field names follow Popolo / Open Civic Data (parent, post, on_behalf_of, start/end dates).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.fields import optional_link
from hyeopchi.core.i18n import in_page_language
from hyeopchi.core.models import AttributeKind, BaseModel
from hyeopchi.organizations import composition
from hyeopchi.organizations.enums import (
    OrganizationKind,
    OrganizationRoleName,
    PostRole,
    RuleBasis,
    RuleKind,
    Severity,
    side_label,
)
from hyeopchi.organizations.messages import rule_error_message, seat_error_message

admin_code_validator = RegexValidator(r"^\d{5}$", _("Enter the 5-digit si/gun/gu code."))
side_validator = RegexValidator(r"^[a-z][a-z0-9_]*$", _("Use lower-case Latin letters, digits and underscores."))


class BilingualNameMixin:
    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        return in_page_language(self.name, self.name_en)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active_on(self, on: dt.date) -> OrganizationQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def sites(self) -> OrganizationQuerySet:
        return self.exclude(site_slug__isnull=True)


class Organization(BilingualNameMixin, BaseModel):
    """Any body: a ministry, a local government, a department, an institution, a committee."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Official Korean name."))
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    # PROTECT: the governance record cites organizations; dissolve them with valid_to instead.
    parent = optional_link("self", _("parent organization"), "children")
    # Denormalised tree position: the ids of the ancestors and itself, "/1/5/12/".
    path = models.CharField(max_length=255, editable=False, db_index=True)
    site = models.ForeignKey(
        "self",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site_organizations",
        editable=False,
        help_text=_("The local government whose public site shows this organization."),
    )
    site_slug = models.SlugField(
        _("site address"),
        max_length=50,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Set on a root local government to give it public pages, e.g. gwangju."),
    )
    admin_code = models.CharField(
        _("administrative code"),
        max_length=5,
        blank=True,
        validators=[admin_code_validator],
        help_text=_("5-digit si/gun/gu code of the legal-dong code system."),
    )
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects: ClassVar[OrganizationQuerySet] = OrganizationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        db_table = "organizations_organization"
        ordering = ["sort_order", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organization_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(site_slug__isnull=True) | Q(parent__isnull=True), name="organization_site_is_root"
            ),
            models.UniqueConstraint(
                fields=["admin_code"], condition=~Q(admin_code=""), name="organization_unique_admin_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent."""
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    @property
    def depth(self) -> int:
        return len(self.ancestor_ids)

    @property
    def is_site(self) -> bool:
        return self.site_slug is not None


class Person(BilingualNameMixin, BaseModel):
    """Someone who holds or held a post; may have an account."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    sort_name = models.CharField(_("sort name"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        db_table = "organizations_person"
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Post(BilingualNameMixin, BaseModel):
    """A seat in an organization: a role, a side and how many may hold it at once."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="posts"
    )
    name = models.CharField(_("label"), max_length=200)
    name_en = models.CharField(_("English label"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=PostRole.choices)
    side = models.CharField(
        _("side"),
        max_length=40,
        blank=True,
        validators=[side_validator],
        help_text=_("Which side the seat belongs to, e.g. employer, worker, district."),
    )
    min_holders = models.PositiveSmallIntegerField(_("minimum holders"), default=0)
    max_holders = models.PositiveSmallIntegerField(_("maximum holders"), default=1)
    is_voting = models.BooleanField(_("voting"), default=True)
    # A seat held by whoever holds another post on the date (e.g. the vice-mayor chairs).
    ex_officio_post = optional_link("self", _("ex officio from"), "ex_officio_seats")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        db_table = "organizations_post"
        ordering = ["organization", "sort_order", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_holders__lte=models.F("max_holders")), name="post_min_not_above_max"
            ),
            models.CheckConstraint(condition=Q(max_holders__gte=1), name="post_max_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.name}"

    @property
    def side_display(self) -> str:
        return side_label(self.side) if self.side else ""

    def clean(self) -> None:
        errors = composition.seat_errors(min_holders=self.min_holders, max_holders=self.max_holders)
        if self.ex_officio_post_id is not None and self.ex_officio_post_id == self.pk:
            errors.append(("ex_officio_post", "self_reference"))
        if errors:
            raise ValidationError({field: seat_error_message(code) for field, code in errors})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active_on(self, on: dt.date) -> MembershipQuerySet:
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


class Membership(BaseModel):
    """A person holding a post from one date to another, possibly on behalf of an organization."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    on_behalf_of = optional_link(Organization, _("on behalf of"), "represented_by")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects: ClassVar[MembershipQuerySet] = MembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        db_table = "organizations_membership"
        ordering = ["post__sort_order", "start_date", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.post}"

    def is_active_on(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class CompositionRule(BaseModel):
    """A quota across a body's seats, with where it comes from (statute, bylaw, practice)."""

    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="composition_rules"
    )
    kind = models.CharField(_("rule"), max_length=30, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    basis = models.CharField(_("basis"), max_length=20, choices=RuleBasis.choices, default=RuleBasis.BYLAW)
    citation = models.CharField(_("citation"), max_length=300, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR)

    class Meta:
        db_table = "organizations_composition_rule"
        ordering = ["body", "pk"]
        verbose_name = _("composition rule")
        verbose_name_plural = _("composition rules")

    def __str__(self) -> str:
        return f"{self.body.name}: {self.get_kind_display()}"

    def clean(self) -> None:
        if not isinstance(self.params, dict):
            raise ValidationError({"params": rule_error_message("not_an_object")})
        errors = composition.rule_errors(self.kind, self.params)
        if errors:
            pass
        elif self.kind == composition.REQUIRES_POST_FILLED:
            seat = Post.objects.filter(pk=self.params["post"], organization_id=self.body_id)
            if not seat.exists():
                errors.append(("post", "post_of_other_body"))
        elif self.kind == composition.SUBSET_OF:
            parent = Organization.objects.filter(pk=self.params["parent_body"])
            if not parent.exists():
                errors.append(("parent_body", "unknown_body"))
        if errors:
            raise ValidationError({"params": [f"{field}: {rule_error_message(code)}" for field, code in errors]})


class OrganizationRole(BaseModel):
    """A user's role in one organization; an administrator also manages its sub-bodies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="organization_roles"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganizationRoleName.choices)

    class Meta:
        db_table = "organizations_role"
        verbose_name = _("organization role")
        verbose_name_plural = _("organization roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="organization_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization.name} · {self.get_role_display()}"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office")
    APPROVED = "approved", _("verified")
    REJECTED = "rejected", _("not verified")
    WITHDRAWN = "withdrawn", _("withdrawn")


class VerificationRequest(models.Model):
    """A person's request that the office of a site check where they live, work or study (and,
    if they give it, their date of birth) against an official record, such as the resident
    registration. Approving it records the verified attributes; what the person wrote to be found
    in the record is erased once the request is decided or withdrawn."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="verification_requests",
    )
    kind = models.CharField(_("attribute"), max_length=20, choices=AttributeKind.choices)
    area = models.ForeignKey(Organization, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    statement = models.CharField(_("for the office"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "organizations_verification_request"
        ordering = ["requested_at", "pk"]
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(status="pending"), name="verification_request_one_pending"
            )
        ]
        indexes = [models.Index(fields=["area", "status"], name="verification_request_queue")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.area_id} ({self.status})"

    @property
    def site(self) -> Organization | None:
        """The site whose office decides: the area's."""
        return self.area.site
