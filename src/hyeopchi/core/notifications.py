"""Notifications: stored for the site, e-mailed after the writing transaction commits.

A service calls ``notify`` inside its transaction; nothing is sent if the transaction rolls back.
People who chose a daily digest get one e-mail a day from ``send_daily_digest`` (run by
``hyeopchi notifications digest``); the rest get one e-mail per notification at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.core.i18n import bilingual
from hyeopchi.core.models import EmailFrequency, Notification, NotificationSetting

# How a notification's subject becomes an address: registered by the edge that serves it (the
# public site registers proposals and tasks), so no domain names a web address.
LinkBuilder = Callable[[str, int], str]
_LINKS: dict[str, LinkBuilder] = {}


def register_link(subject_type: str, build: LinkBuilder) -> None:
    """``build(site_slug, pk)`` gives the address of a subject of ``subject_type``."""
    _LINKS[subject_type] = build


def link_of(notification: Notification) -> str:
    """The address of what the notification is about, or "" when nothing serves it."""
    build = _LINKS.get(notification.subject_type)
    if build is None or notification.subject_pk is None:
        return ""
    return build(notification.subject_site, notification.subject_pk)


def notify(user_ids: Iterable[int], verb: str, message: Any, subject: Any = None, **values: Any) -> int:
    """Store one notification per distinct recipient about ``subject`` (a model instance with a
    ``site``, or None); e-mail the immediate ones after commit.

    ``message`` is a translatable text whose placeholders ``values`` fill; it is stored in Korean
    and in English, since each recipient reads it in their own language later.
    """
    title, title_en = bilingual(message, **values)
    if title_en == title:
        title_en = ""  # an untranslated text is shown once
    recipients = sorted({int(pk) for pk in user_ids if pk is not None})
    if not recipients:
        return 0
    about: dict[str, Any] = {}
    if subject is not None:
        site = getattr(subject, "site", None)
        about = {
            "subject_type": subject._meta.label_lower,
            "subject_pk": subject.pk,
            "subject_site": (site.site_slug or "") if site is not None else "",
        }
    Notification.objects.bulk_create(
        [Notification(user_id=pk, verb=verb, title=title[:300], title_en=title_en[:300], **about) for pk in recipients]
    )
    transaction.on_commit(lambda: send_immediate(recipients))
    return len(recipients)


def _frequencies(user_ids: Iterable[int]) -> dict[int, str]:
    chosen = dict(
        NotificationSetting.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "email_frequency")
    )
    return defaultdict(lambda: EmailFrequency.IMMEDIATE, chosen)


def _body(notifications: list[Notification]) -> str:
    base = getattr(settings, "HYEOPCHI_BASE_URL", "").rstrip("/")
    lines = []
    for item in notifications:
        lines.append(f"- {item.title}" + (f" ({item.title_en})" if item.title_en else ""))
        link = link_of(item)
        if link:
            lines.append(f"  {base}{link}")
    return "\n".join(lines) + "\n"


def _send(groups: dict[int, list[Notification]], subject: str = "") -> int:
    """E-mail each group: one message per notification, or one digest per person with ``subject``."""
    if not groups:
        return 0
    users = get_user_model().objects.in_bulk(list(groups))
    messages = []
    sent_ids: list[int] = []
    for user_id, items in groups.items():
        address = getattr(users.get(user_id), "email", "")
        sent_ids.extend(item.pk for item in items)
        if not address:
            continue
        batches = [items] if subject else [[item] for item in items]
        for batch in batches:
            messages.append(EmailMessage(f"[협치] {subject or batch[0].title}", _body(batch), to=[address]))
    if messages:
        get_connection().send_messages(messages)
    Notification.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    return len(messages)


def send_immediate(user_ids: Iterable[int]) -> int:
    """E-mail the unsent notifications of these people who want them at once."""
    frequencies = _frequencies(user_ids)
    pending = Notification.objects.filter(user_id__in=list(user_ids), emailed_at__isnull=True)
    groups: dict[int, list[Notification]] = defaultdict(list)
    for item in pending.order_by("pk"):
        if frequencies[item.user_id] == EmailFrequency.IMMEDIATE:
            groups[item.user_id].append(item)
    return _send(dict(groups))


def send_daily_digest() -> int:
    """One e-mail per person who chose the daily digest, listing every unsent notification."""
    daily = NotificationSetting.objects.filter(email_frequency=EmailFrequency.DAILY).values_list("user_id", flat=True)
    groups: dict[int, list[Notification]] = defaultdict(list)
    pending = Notification.objects.filter(user_id__in=daily, emailed_at__isnull=True)
    for item in pending.order_by("pk"):
        groups[item.user_id].append(item)
    return _send(dict(groups), "오늘의 알림 (daily digest)")


def set_email_frequency(*, user_id: int, frequency: str) -> NotificationSetting:
    """Choose how notifications come by e-mail: at once, in a daily digest, or never."""
    if frequency not in EmailFrequency.values:
        raise ValidationFailedError(fields={"email_frequency": [_("Choose how often.")]})
    setting, _created = NotificationSetting.objects.update_or_create(
        user_id=user_id, defaults={"email_frequency": frequency}
    )
    return setting


def mark_read(*, user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user_id: int) -> int:
    """How many of the person's notifications are unread (the number beside 알림 in the header)."""
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
