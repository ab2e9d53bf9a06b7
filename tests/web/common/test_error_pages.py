"""The error pages a person sees: what went wrong in their language, and the code to quote."""

from __future__ import annotations

import pytest

from tests.support.helpers import client_for, text_of
from tests.support.permissions import page_outcome

pytestmark = pytest.mark.django_db


def test_a_refused_page_says_why_and_shows_its_error_code(world):
    client = client_for(world.users["citizen"])

    response = client.get(f"/gwangju/organizations/{world.working.pk}/members/new/")

    assert (page_outcome(response), text_of(response).split("권한 없음")[-1].split("첫 화면")[0]) == (
        (403, "organizations.not_allowed"),
        " 이 작업을 할 권한이 없습니다. 오류 코드: organizations.not_allowed ",
    )
