"""A person's notification settings and list."""

from __future__ import annotations

import pytest

from hyeopchi.proposals import services
from tests.support.helpers import client_for
from tests.support.proposals import Baro

pytestmark = pytest.mark.django_db


def test_people_choose_how_notifications_reach_them_and_read_them(baro: Baro, django_capture_on_commit_callbacks):
    from hyeopchi.core.models import NotificationSetting

    client = client_for(baro.author.user)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = baro.propose("공원 벤치 추가 설치", "쉴 곳이 부족합니다.")
        services.withdraw_proposal(actor=baro.author, proposal=proposal)
    page = client.get("/gwangju/proposals/").content.decode()
    assert 'href="/accounts/notifications/"' in page
    html = client.get("/en/accounts/notifications/").content.decode()
    assert f'<a href="/gwangju/proposals/{proposal.pk}/">“공원 벤치 추가 설치”: withdrawn</a>' in html
    assert client.post("/accounts/notifications/", {"email_frequency": "daily"}).status_code == 302
    assert NotificationSetting.objects.get(user__username="author").email_frequency == "daily"
    assert client.post("/accounts/notifications/", {"email_frequency": "hourly"}).status_code == 200
    assert client_for(None).get("/accounts/notifications/").status_code == 302


def test_reading_the_list_changes_nothing_and_the_button_marks_all_read(baro: Baro, django_capture_on_commit_callbacks):
    from hyeopchi.core.models import Notification

    client = client_for(baro.author.user)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = baro.propose("공원 벤치 추가 설치", "쉴 곳이 부족합니다.")
        services.withdraw_proposal(actor=baro.author, proposal=proposal)

    client.get("/accounts/notifications/")
    unread_after_reading = Notification.objects.filter(read_at__isnull=True).count()
    response = client.post("/accounts/notifications/read/")

    assert unread_after_reading == 1
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
