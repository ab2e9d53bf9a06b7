"""The back office's base classes: rows are added only through a creating service."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.support.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return client_for(UserFactory(username="root", is_staff=True, is_superuser=True))


def test_a_model_with_a_creating_service_has_an_add_page(root):
    assert root.get("/admin/meetings/meeting/add/").status_code == 200


def test_a_model_without_one_has_no_add_page(root):
    assert root.get("/admin/meetings/program/add/").status_code == 403
