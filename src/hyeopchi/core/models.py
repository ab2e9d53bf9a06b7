"""Base model and the append-only, hash-chained audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hyeopchi.core.errors import CoreErrorCode, DomainError


class BaseModel(models.Model):
    """Every domain model carries when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(DomainError):
    http_status = 409
    default_code = CoreErrorCode.AUDIT_APPEND_ONLY
    default_message = _("Audit events cannot be changed or deleted.")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()


class AppendOnlyModel(models.Model):
    """Rows are added, never changed or deleted through the ORM (the audit log and its anchors)."""

    objects: ClassVar[AppendOnlyQuerySet] = AppendOnlyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()


class AuditEvent(AppendOnlyModel):
    """One recorded state change; ``hash`` covers its content and the previous event's hash."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("occurred at"), editable=False)
    actor_label = models.CharField(_("actor"), max_length=200, editable=False)
    # SET_NULL: the hashed actor_label keeps who acted even after the account is gone.
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        editable=False,
    )
    # The acting account's id as it was, hashed with the event (null for the platform itself,
    # anonymous people, and events recorded before the id was hashed).
    actor_pk = models.PositiveBigIntegerField(_("actor account id"), null=True, editable=False)
    verb = models.CharField(_("verb"), max_length=100, db_index=True, editable=False)
    target_type = models.CharField(_("target type"), max_length=100, editable=False)
    target_pk = models.CharField(_("target id"), max_length=64, editable=False)
    target_label = models.CharField(_("target"), max_length=300, editable=False)
    payload = models.TextField(_("payload (canonical JSON)"), editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    class Meta:
        db_table = "core_audit_event"
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_pk"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_label}"


class AuditChainHead(models.Model):
    """The single row that says where the chain ends; locked while an event is appended."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "core_audit_chain_head"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="audit_head_single")]

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditAnchor(AppendOnlyModel):
    """The chain's head as it was published at a moment: its sequence number and hash.

    Each anchor is also appended to a file outside the database and listed on a public page, so
    a rewritten history, or newest events removed with the head rewound, no longer matches it.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)
    anchored_at = models.DateTimeField(_("anchored at"), editable=False)
    anchored_by = models.CharField(_("anchored by"), max_length=200, editable=False)

    class Meta:
        db_table = "core_audit_anchor"
        ordering = ["-seq", "-pk"]
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("at once")
    DAILY = "daily", _("in a daily digest")
    NEVER = "never", _("never (on the site only)")


class NotificationSetting(models.Model):
    """How one person wants notifications by e-mail; without a row, at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notification_setting",
    )
    email_frequency = models.CharField(
        _("e-mail"), max_length=20, choices=EmailFrequency.choices, default=EmailFrequency.IMMEDIATE
    )

    class Meta:
        db_table = "core_notification_setting"
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_frequency}"


class Notification(models.Model):
    """One message to one person about something they wrote, follow or must act on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("event"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    # What the notification is about ("proposals.proposal", its pk, its site); the public site
    # turns it into a link, so the domains never name a web address.
    subject_type = models.CharField(_("about (type)"), max_length=50, blank=True)
    subject_pk = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    subject_site = models.CharField(_("about (site)"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        db_table = "core_notification"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            models.Index(
                fields=["emailed_at"], condition=models.Q(emailed_at__isnull=True), name="notification_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Consent(models.Model):
    """One person's agreement to a consent notice (core.consent), in the version they were shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="consents"
    )
    notice = models.CharField(_("notice"), max_length=50)
    version = models.PositiveSmallIntegerField(_("version"))
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        db_table = "core_consent"
        ordering = ["given_at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.notice} v{self.version}"


class Profile(models.Model):
    """How a person is named beside what they write: a nickname they chose (닉네임). Without one,
    they are "시민 N" (N the account's number); a login ID is never shown."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="profile"
    )
    nickname = models.CharField(_("nickname"), max_length=20)

    class Meta:
        db_table = "core_profile"
        verbose_name = _("public name")
        verbose_name_plural = _("public names")
        constraints = [models.UniqueConstraint(Lower("nickname"), name="profile_nickname_unique")]

    def __str__(self) -> str:
        return self.nickname


class AttributeKind(models.TextChoices):
    RESIDENCE = "residence", _("lives in")
    WORKPLACE = "workplace", _("works in")
    SCHOOL = "school", _("studies in")
    BIRTH_DATE = "birth_date", _("date of birth")


class VerifiedAttribute(models.Model):
    """A fact about an account that someone answerable has checked: where the person lives, works
    or studies (the area's 5-digit si/gun/gu code, 행정구역코드) or their date of birth. Participatory
    budgets and panels decide who may take part from these, never from what a person typed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="attributes"
    )
    kind = models.CharField(_("attribute"), max_length=20, choices=AttributeKind.choices)
    value = models.CharField(_("value"), max_length=40)
    source = models.CharField(
        _("checked by"), max_length=60, help_text=_("staff, import, or the identity-verification service's name")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("checked at"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        db_table = "core_verified_attribute"
        ordering = ["user", "kind"]
        verbose_name = _("verified attribute")
        verbose_name_plural = _("verified attributes")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="verified_attribute_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}={self.value}"
