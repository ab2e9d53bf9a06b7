"""Administrators add organizations and seats and edit an organization; staff add a task; each
through the services, beyond the back office."""

from __future__ import annotations

import pytest

from hyeopchi.organizations.models import Organization, Post
from hyeopchi.tasks.models import Task
from tests.support.helpers import audit_length, text_of
from tests.support.permissions import client_as

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_committee_under_the_city(world):
    client = client_as(world, "org_admin")

    response = client.post(
        f"/gwangju/organizations/{world.site.pk}/organizations/new/",
        {
            "name": "청년정책위원회",
            "name_en": "Youth Policy Committee",
            "kind": "committee",
            "valid_from": "2026-01-01",
        },
    )

    created = Organization.objects.get(name="청년정책위원회")
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/organizations/{created.pk}/")
    assert (created.parent_id, created.site_id, created.kind) == (world.site.pk, world.site.pk, "committee")


def test_a_secretary_cannot_add_an_organization(world):
    response = client_as(world, "secretary").get(f"/gwangju/organizations/{world.working.pk}/organizations/new/")

    assert response.status_code == 403


def test_an_organization_is_edited_and_the_change_audited(world):
    client = client_as(world, "org_admin")
    before = audit_length()

    client.post(
        f"/gwangju/organizations/{world.working.pk}/edit/",
        {"name": "실무협의회", "name_en": "Working Council", "kind": "council", "sort_order": "2"},
    )

    working = Organization.objects.get(pk=world.working.pk)
    assert (working.name, working.kind, working.sort_order) == ("실무협의회", "subcommittee", 2)
    assert audit_length() == before + 1


def test_a_seat_is_added_with_its_holders_range(world):
    client = client_as(world, "org_admin")

    client.post(
        f"/gwangju/organizations/{world.working.pk}/posts/new/",
        {
            "name": "공익위원",
            "role": "member",
            "side": "public",
            "min_holders": "1",
            "max_holders": "2",
            "is_voting": "on",
        },
    )

    post = Post.objects.get(organization=world.working, name="공익위원")
    assert (post.side, post.min_holders, post.max_holders, post.is_voting) == ("public", 1, 2, True)


def test_a_seat_with_its_minimum_above_its_maximum_is_refused(world):
    response = client_as(world, "org_admin").post(
        f"/gwangju/organizations/{world.working.pk}/posts/new/",
        {"name": "공익위원", "role": "member", "min_holders": "3", "max_holders": "2"},
    )

    assert response.status_code == 422
    assert "최솟값이 최댓값보다 클 수 없습니다" in text_of(response)
    assert not Post.objects.filter(name="공익위원").exists()


def test_a_task_is_added_to_an_organization(world):
    client = client_as(world, "org_admin")
    page = client.get(f"/gwangju/organizations/{world.committee.pk}/")

    response = client.post(
        f"/gwangju/organizations/{world.committee.pk}/tasks/new/",
        {"title": "노사 상생 협약 이행", "kind": "other", "start_date": "2026-01-01", "end_date": "2026-12-31"},
    )

    task = Task.objects.get(title="노사 상생 협약 이행")
    assert f'href="/gwangju/organizations/{world.committee.pk}/tasks/new/"' in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/tasks/{task.pk}/")
    assert (task.owner_id, task.site_id, task.parent_id) == (world.committee.pk, world.site.pk, None)


def test_a_citizen_cannot_add_a_task(world):
    response = client_as(world, "citizen").post(
        f"/gwangju/organizations/{world.committee.pk}/tasks/new/", {"title": "남의 과제", "kind": "other"}
    )

    assert response.status_code == 403
    assert not Task.objects.exists()
