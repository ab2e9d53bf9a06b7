from __future__ import annotations

import pytest

from hyeopchi.core.models import AuditEvent
from tests.factories import UserFactory
from tests.support.helpers import client_for

pytestmark = pytest.mark.django_db


def test_back_office_lists_and_edits_meetings_with_an_audit_event(gwangju):
    admin_user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(admin_user)
    meeting = gwangju.vice_heads.meetings.get(number=1)
    pages = [
        "/admin/meetings/meetingseries/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        "/admin/meetings/program/",
        "/admin/meetings/registration/",
        "/admin/meetings/agendaitem/",
        f"/admin/meetings/meetingseries/{gwangju.vice_heads.pk}/change/",
    ]

    statuses = {page: client.get(page).status_code for page in pages}
    response = client.post(
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        {
            "organizer": meeting.organizer_id,
            "title": meeting.title,
            "title_en": "Vice-heads",
            "start_0": "2021-02-23",
            "start_1": "10:00:00",
            "end_0": "2021-02-23",
            "end_1": "12:00:00",
            "place": "행정부시장실",
            "online_url": "",
            "description": "",
            "is_public": "on",
        },
    )

    assert statuses == dict.fromkeys(pages, 200)
    assert response.status_code == 302
    event = AuditEvent.objects.latest("seq")
    assert (event.verb, event.payload) == ("meetings.meeting_changed_in_admin", '{"changed":["place","title_en"]}')
