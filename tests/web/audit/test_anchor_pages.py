"""The public list of audit anchors and its download."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import anchor
from hyeopchi.core.models import AuditEvent
from tests.support.helpers import download, text_of

pytestmark = pytest.mark.django_db


def test_anyone_sees_the_published_anchors(baro):
    anchored = anchor(Actor.system("tests"))

    page = Client().get("/audit/")

    assert page.status_code == 200
    assert f"감사 기록이 지금 {AuditEvent.objects.count()}건 있습니다." in text_of(page)
    assert f"{anchored.seq} {anchored.hash}" in text_of(page)


def test_the_anchors_download_as_csv(baro):
    anchored = anchor(Actor.system("tests"))

    body = download(Client().get("/audit/anchors.csv")).decode("utf-8-sig")

    assert body == (f"seq,hash,anchored_at\r\n{anchored.seq},{anchored.hash},{anchored.anchored_at.isoformat()}\r\n")
