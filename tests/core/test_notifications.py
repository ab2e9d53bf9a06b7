"""Notifications are stored in the writing transaction and e-mailed after it commits."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy

from hyeopchi.core import notifications
from hyeopchi.core.models import EmailFrequency, Notification, NotificationSetting
from hyeopchi.core.notifications import notify, send_daily_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = UserFactory(username="a", email="a@example.kr")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([user.pk], "test", "답변 등록")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert (Notification.objects.count(), len(mail.outbox)) == (0, 0)


def test_immediate_people_get_one_mail_each_and_daily_people_one_digest(
    django_capture_on_commit_callbacks, monkeypatch, gwangju_city
):
    monkeypatch.setitem(notifications._LINKS, "organizations.organization", lambda site, pk: f"/{site}/o/{pk}/")
    city = gwangju_city
    now_user = UserFactory(username="now", email="now@example.kr")
    daily_user = UserFactory(username="daily", email="daily@example.kr")
    NotificationSetting.objects.create(user=daily_user, email_frequency=EmailFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        notify([now_user.pk, daily_user.pk, now_user.pk], "t", gettext_lazy("“%(title)s” has an answer."), title="첫째")
        notify([now_user.pk, daily_user.pk], "t", "둘째", subject=city)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["now@example.kr"], "[협치] “첫째” 제안에 답변이 등록되었습니다."),
        (["now@example.kr"], "[협치] 둘째"),
    ]
    mail.outbox.clear()
    assert send_daily_digest() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [(["daily@example.kr"], "[협치] 오늘의 알림 (daily digest)")]
    assert (
        mail.outbox[0].body
        == f"- “첫째” 제안에 답변이 등록되었습니다. (“첫째” has an answer.)\n- 둘째\n  /gwangju/o/{city.pk}/\n"
    )
    assert send_daily_digest() == 0
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
