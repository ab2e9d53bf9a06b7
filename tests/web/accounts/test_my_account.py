"""A person downloads their data and deletes their account: personal data destroyed, public
contributions kept under "deleted member"."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from hyeopchi.core.actor import Actor
from hyeopchi.core.models import AuditEvent, Consent
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.models import Follow
from tests.support.helpers import client_for, text_of
from tests.support.proposals import SUBMITTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(baro):
    user = get_user_model().objects.create_user("saebom", "saebom@example.kr", "Bright-river-2026")
    EmailAddress.objects.create(user=user, email="saebom@example.kr", verified=True, primary=True)
    proposal = baro.propose("공원 그늘막 설치", "여름에 그늘이 없습니다.", now=SUBMITTED)
    proposal_services.support(actor=Actor.for_user(user), proposal=proposal, now=SUBMITTED)
    proposal_services.add_comment(actor=Actor.for_user(user), proposal=proposal, body="저도 필요합니다.", now=SUBMITTED)
    return user, proposal


def test_the_data_download_holds_the_persons_addresses_supports_and_comments(member):
    user, proposal = member

    response = client_for(user).get("/accounts/my-data/")
    data = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="hyeopchi-my-data.json"'
    assert data["account"]["email_addresses"] == [{"email": "saebom@example.kr", "verified": True, "primary": True}]
    assert [s["proposal"] for s in data["proposals"]["supports"]] == [proposal.pk]
    assert [c["body"] for c in data["proposals"]["comments"]] == ["저도 필요합니다."]


def test_deleting_asks_for_the_password(member):
    user, _proposal = member

    response = client_for(user).post("/accounts/delete/", {"password": "wrong"})

    assert response.status_code == 422
    assert response.context["form"].errors == {"password": ["비밀번호가 맞지 않습니다."]}
    assert get_user_model().objects.get(pk=user.pk).username == "saebom"


def test_deleting_destroys_the_personal_data(member):
    user, _proposal = member
    client = client_for(user)

    response = client.post("/accounts/delete/", {"password": "Bright-river-2026"})

    user.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/")
    assert (user.username, user.email, user.is_active, user.has_usable_password()) == (
        f"deleted-{user.pk}",
        "",
        False,
        False,
    )
    assert (EmailAddress.objects.count(), Consent.objects.count(), Follow.objects.filter(user=user).count()) == (
        0,
        0,
        0,
    )
    assert AuditEvent.objects.filter(verb="core.account_deleted").count() == 1


def test_what_the_person_wrote_stays_under_deleted_member(member):
    user, proposal = member
    client_for(user).post("/accounts/delete/", {"password": "Bright-river-2026"})

    proposal.refresh_from_db()
    page = text_of(Client().get(f"/gwangju/proposals/{proposal.pk}/"))

    assert proposal.support_count == 1
    assert "탈퇴한 사용자" in page
    assert "saebom" not in page


def test_a_deleted_account_cannot_sign_in(member):
    user, _proposal = member
    client_for(user).post("/accounts/delete/", {"password": "Bright-river-2026"})

    response = Client().post("/accounts/login/", {"login": "saebom@example.kr", "password": "Bright-river-2026"})

    assert response.status_code == 200
