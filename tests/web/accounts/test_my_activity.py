"""내 활동: a person's own proposals, supports, comments, registrations and follows; the header's
unread count; the staff workspace only for staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from hyeopchi.core import notifications
from hyeopchi.core.actor import Actor
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import Registration
from hyeopchi.proposals import services as proposal_services
from tests.support.helpers import client_for, text_of
from tests.support.permissions import page_outcome
from tests.support.programs import CONSENTED, reading_class
from tests.support.proposals import SUBMITTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def saebom(baro):
    user = get_user_model().objects.create_user("saebom", "saebom@example.kr", "Bright-river-2026")
    actor = Actor.for_user(user)
    mine = baro.propose("도서관 야간 개방", "퇴근 후에도 이용하고 싶습니다.", actor=actor, now=SUBMITTED)
    other = baro.propose("공원 그늘막 설치", "여름에 그늘이 없습니다.", now=SUBMITTED)
    proposal_services.support(actor=actor, proposal=other, now=SUBMITTED)
    proposal_services.add_comment(actor=actor, proposal=other, body="저도 필요합니다.", now=SUBMITTED)
    cohort = reading_class(baro.city).cohorts.get()
    meeting_services.register(actor=actor, cohort=cohort, name="김새봄", contact="010-1234-5678", grade=5, **CONSENTED)
    return user, mine, other


def test_my_activity_lists_what_the_person_did(saebom):
    user, _mine, _other = saebom

    text = text_of(client_for(user).get("/accounts/activity/"))

    assert "내 제안 도서관 야간 개방 · 공감 모으는 중 · 공감 0 " in text
    assert "공감한 제안 공원 그늘막 설치 · " in text
    assert "저도 필요합니다. 내 신청" in text
    assert "내 신청 우리 함께 생각해요! 아동인권 · 1기 · 확정 " in text


def test_my_activity_asks_to_sign_in_first():
    assert page_outcome(client_for(None).get("/accounts/activity/")) == (302, "/accounts/login/")


def test_the_header_counts_unread_notifications(saebom):
    user, mine, _other = saebom
    notifications.notify([user.pk], "tests.notice", "알림 하나", subject=mine)
    notifications.notify([user.pk], "tests.notice", "알림 둘", subject=mine)

    text = text_of(client_for(user).get("/gwangju/"))

    assert "알림 2 읽지 않음" in text


def test_citizens_do_not_see_the_staff_workspace_link(world):
    citizen_page = client_for(world.users["citizen"]).get("/gwangju/").content.decode()
    secretary_page = client_for(world.users["secretary"]).get("/gwangju/").content.decode()

    assert ("/gwangju/workspace/" in citizen_page, "/gwangju/workspace/" in secretary_page) == (False, True)


def test_the_registrant_cancels_from_their_activity_with_a_confirmation(saebom):
    user, _mine, _other = saebom
    registration = Registration.objects.get(registered_by=user)
    client = client_for(user)

    unconfirmed = client.post(f"/gwangju/registrations/{registration.code}/", {})
    confirmed = client.post(f"/gwangju/registrations/{registration.code}/", {"confirm": "on"})

    registration.refresh_from_db()
    assert unconfirmed.context["form"].errors == {"confirm": ["취소하려면 확인란을 선택하세요."]}
    assert (confirmed.status_code, registration.status) == (302, "cancelled")


def test_someone_else_still_needs_the_contact_to_cancel(saebom, world):
    user, _mine, _other = saebom
    registration = Registration.objects.get(registered_by=user)

    response = client_for(world.users["citizen"]).post(
        f"/gwangju/registrations/{registration.code}/", {"code": registration.code, "confirm": "on"}
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.status) == (422, "confirmed")
    assert set(response.context["form"].errors) == {"contact"}
