"""One display-name rule: a chosen nickname or 시민 N, never the login ID."""

from __future__ import annotations

import pytest
from django.test import Client

from hyeopchi.core import accounts
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, ValidationFailedError
from tests.factories import UserFactory
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db


def test_without_a_nickname_a_person_is_a_numbered_citizen():
    user = UserFactory(username="kim-login-id")

    assert accounts.public_name(user) == f"시민 {user.pk}"


def test_a_chosen_nickname_is_shown():
    user = UserFactory(username="kim-login-id")

    accounts.set_nickname(Actor.for_user(user), "  골목길   지킴이 ")
    user.refresh_from_db()

    assert accounts.public_name(user) == "골목길 지킴이"


def test_an_empty_nickname_goes_back_to_the_numbered_citizen():
    user = UserFactory()
    accounts.set_nickname(Actor.for_user(user), "골목길")

    accounts.set_nickname(Actor.for_user(user), "")
    user = type(user).objects.get(pk=user.pk)

    assert accounts.public_name(user) == f"시민 {user.pk}"


@pytest.mark.parametrize(
    "nickname", ["시민 12", "관리자", "x", "<b>굵게</b>", "공백으로끝나는이름이스무자를넘어가면안됩니다"]
)
def test_names_that_mislead_or_break_are_refused(nickname):
    with pytest.raises(ValidationFailedError) as error:
        accounts.set_nickname(Actor.for_user(UserFactory()), nickname)

    assert error.value.code == "core.invalid_nickname"


def test_a_nickname_is_one_persons_whatever_the_letter_case():
    accounts.set_nickname(Actor.for_user(UserFactory()), "Parkjang")

    with pytest.raises(ConflictError) as error:
        accounts.set_nickname(Actor.for_user(UserFactory()), "PARKJANG")

    assert str(error.value.message) == "다른 사람이 쓰는 이름입니다. 다른 이름을 고르세요."


def test_the_public_name_page_sets_the_nickname(django_user_model):
    user = django_user_model.objects.create_user("kim-login-id", password="pw-2026-kim")
    client = client_for(user)

    response = client.post("/accounts/public-name/", {"nickname": "골목길"})
    page = text_of(client.get("/accounts/public-name/"))

    assert response.status_code == 302
    assert "글 옆에 “골목길”(으)로 표시됩니다." in page
    assert Client().get("/accounts/public-name/").status_code == 302
