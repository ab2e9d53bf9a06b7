"""A NUL byte in a page's query string is never a server error: PostgreSQL can neither store nor
compare one, so each filter refuses or drops it before the database sees it."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = [
    "/gwangju/proposals/?q=a%00b&status=%00&kind=%00&order=%00",
    "/gwangju/proposals/similar/?title=%EB%B2%84%EC%8A%A4%00&body=%00",
    "/gwangju/tasks/?q=%00&status=%00&kind=%00&attention=%00",
    "/gwangju/meetings/?q=%00&status=%00&year=%00&body=%00",
    "/gwangju/search/?q=%00",
    "/gwangju/budgets/?q=%00",
    "/evaluations/?q=%00",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_nul_byte_in_a_query_is_not_a_server_error(world, path):
    assert Client().get(path).status_code == 200
