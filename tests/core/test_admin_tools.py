"""The back office: rows are added through a creating service, or on the site's page that creates
them with the rows they need; it speaks Korean, the libraries' parts included."""

from __future__ import annotations

import pytest

from hyeopchi.core.models import AuditEvent
from hyeopchi.tasks.models import Task
from tests.factories import UserFactory
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return client_for(UserFactory(username="root", is_staff=True, is_superuser=True))


def test_a_model_with_a_creating_service_has_an_add_page(root):
    assert root.get("/admin/meetings/meeting/add/").status_code == 200


def test_a_program_is_added_on_its_organizers_page(root, gwangju_city):
    response = root.get("/admin/meetings/program/add/", follow=True)

    assert response.redirect_chain == [("/gwangju/organizations/", 302)]
    assert "주관 기관의 페이지를 열고 ‘새 프로그램’을 누르세요." in text_of(response)


def test_a_round_is_added_from_its_files(root):
    response = root.get("/admin/evaluations/round/add/")

    assert (response.status_code, response["Location"]) == (302, "/evaluations/new/")


def test_a_task_added_in_the_back_office_goes_through_the_service(root, gwangju_city):
    response = root.post(
        "/admin/tasks/task/add/", {"owner": gwangju_city.pk, "title": "도서관 야간 개관", "kind": "other"}
    )

    task = Task.objects.get(title="도서관 야간 개관")
    assert response.status_code == 302
    assert (task.site_id, task.status) == (gwangju_city.pk, "planned")
    assert AuditEvent.objects.filter(verb="tasks.task_created", target_pk=str(task.pk)).count() == 1


def test_the_back_office_index_is_korean_throughout(root):
    text = text_of(root.get("/admin/"))

    assert "협치 관리자 화면" in text
    assert "로그인 잠금 기록" in text
    assert "로그인 시도" in text
    assert "백그라운드 작업" in text
    assert "Axes" not in text
    assert "Task Results" not in text
    assert "result versions" not in text
