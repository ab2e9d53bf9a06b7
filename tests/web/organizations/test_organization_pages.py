"""The landing page, a site's home, the directory and organization pages, and the roster forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from hyeopchi.organizations.models import CompositionRule, Membership, Person
from tests.support.helpers import audit_length, client_for, text_of

pytestmark = pytest.mark.django_db


def test_landing_lists_the_sites(world):
    response = Client().get("/")

    assert response.status_code == 200
    assert "민관협치 사이트" in text_of(response)
    assert 'href="/gwangju/"' in response.content.decode()


def test_site_home_in_korean_and_english(world):
    korean = Client().get("/gwangju/")
    english = Client().get("/en/gwangju/")

    assert '<html lang="ko">' in korean.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "<h1>광주광역시</h1>" in korean.content.decode()
    assert "<h1>Gwangju</h1>" in english.content.decode()
    assert "위원회와 협의회" in text_of(korean)
    assert "Committees and councils" in text_of(english)
    assert 'href="/en/gwangju/"' in korean.content.decode()
    assert 'href="/gwangju/"' in english.content.decode()


def test_directory_shows_the_tree_nested(world):
    response = Client().get("/gwangju/organizations/")
    html = response.content.decode()

    assert "이 사이트에 기관 3곳이 있습니다." in text_of(response)
    assert html.index("노사상생협의회") < html.index("실무위원회")
    assert f'href="/gwangju/organizations/{world.working.pk}/"' in html


def test_organization_page_shows_seats_members_and_composition(world):
    response = Client().get(f"/gwangju/organizations/{world.working.pk}/?on=2024-01-01")
    text = text_of(response)

    assert response.status_code == 200
    assert "2024-01-01 기준 구성" in text
    assert "근로자위원: 현재 2명, 최소 3명이 필요합니다." in text
    assert "최품질" in text
    assert "임시설" in text
    assert "위원 위촉" not in text


def test_organization_page_in_english_shows_english_messages(world):
    response = Client().get(f"/en/gwangju/organizations/{world.working.pk}/?on=2024-01-01")
    text = text_of(response)

    assert "Composition on 2024-01-01" in text
    assert "Worker member: 2 holding, at least 3 required." in text


def test_organization_of_another_site_or_unknown_site_is_404(world):
    assert Client().get(f"/nowhere/organizations/{world.working.pk}/").status_code == 404
    response = Client().get("/gwangju/organizations/999999/")
    assert response.status_code == 404
    assert "이 사이트에 없는 기관입니다." in text_of(response)


def test_invalid_roster_date_falls_back_to_today(world):
    response = Client().get(f"/gwangju/organizations/{world.working.pk}/?on=2024-13-45")

    assert response.status_code == 200
    assert response.context["roster"].on == response.context["roster"].on.today()


def appoint(client: Client, world: Any, form: dict[str, Any], language: str = "ko") -> Any:
    """Send the appointment form of the world's working committee."""
    prefix = "/en" if language == "en" else ""
    return client.post(f"{prefix}/gwangju/organizations/{world.working.pk}/members/new/", form)


def test_appoint_form_with_errors_shows_korean_field_messages_and_writes_nothing(world):
    client = client_for(world.users["secretary"])
    before = (Membership.objects.count(), Person.objects.count(), audit_length())

    response = appoint(
        client,
        world,
        {"post": world.worker.pk, "new_person_name": "새위원", "start_date": "2024-05-01", "end_date": "2024-04-01"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"end_date": ["종료일은 시작일보다 앞설 수 없습니다."]}
    assert (Membership.objects.count(), Person.objects.count(), audit_length()) == before


def test_appoint_form_requires_person_or_name_and_a_date(world):
    client = client_for(world.users["secretary"])

    response = appoint(client, world, {"post": world.worker.pk})

    assert response.context["form"].errors == {
        "person": ["등록된 인물을 고르거나 새 이름을 입력하세요. 둘 다 할 수는 없습니다."],
        "start_date": ["필수 항목입니다."],
    }


def test_appoint_form_in_english_gives_english_messages(world):
    client = client_for(world.users["secretary"])

    response = appoint(client, world, {"post": world.worker.pk, "new_person_name": "x"}, language="en")

    assert response.context["form"].errors == {"start_date": ["This field is required."]}


def test_appoint_form_appoints_and_the_warning_goes_away(world):
    client = client_for(world.users["secretary"])

    response = appoint(
        client, world, {"post": world.worker.pk, "new_person_name": "정도장", "start_date": "2020-12-24"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/gwangju/organizations/{world.working.pk}/"
    page = client.get(f"/gwangju/organizations/{world.working.pk}/?on=2024-01-01")
    assert "모든 구성 규칙을 충족합니다." in text_of(page)
    assert Membership.objects.filter(post=world.worker, person__name="정도장").count() == 1


def test_full_seat_is_reported_on_the_form(world):
    client = client_for(world.users["secretary"])

    response = appoint(
        client, world, {"post": world.employer.pk, "new_person_name": "추가사용자", "start_date": "2024-01-01"}
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["그 기간에 이 자리의 정원 1명이 모두 찼습니다."]
    assert Person.objects.filter(name="추가사용자").count() == 0


def test_end_membership_form(world):
    client = client_for(world.users["secretary"])
    membership = Membership.objects.get(person__name="최품질")

    response = client.post(
        f"/gwangju/organizations/{world.working.pk}/members/{membership.pk}/end/", {"end_date": "2023-12-31"}
    )

    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).end_date == dt.date(2023, 12, 31)


def test_rule_form_refuses_minimum_above_maximum(world):
    client = client_for(world.users["org_admin"])

    response = client.post(
        f"/gwangju/organizations/{world.working.pk}/rules/new/",
        {"kind": "total_between", "min": "7", "max": "6", "basis": "bylaw", "severity": "error"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"min": ["최솟값은 최댓값보다 클 수 없습니다."]}
    assert CompositionRule.objects.count() == 0


def test_rule_form_adds_a_parity_rule(world):
    client = client_for(world.users["org_admin"])

    response = client.post(
        f"/gwangju/organizations/{world.working.pk}/rules/new/",
        {
            "kind": "parity",
            "first_side": "employer",
            "second_side": "worker",
            "basis": "statute",
            "severity": "warning",
            "citation": "근참법 제6조",
        },
    )

    assert response.status_code == 302
    rule = CompositionRule.objects.get()
    assert (rule.kind, rule.params, rule.severity) == ("parity", {"sides": ["employer", "worker"]}, "warning")


def test_organization_page_query_count_does_not_grow_with_members(world, django_assert_num_queries):
    from tests.factories import MembershipFactory, PostFactory

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            Client().get(f"/gwangju/organizations/{world.working.pk}/")
        return len(context.captured_queries)

    small = count_queries()
    seat = PostFactory(organization=world.working, max_holders=10)
    for _ in range(3):
        MembershipFactory(post=seat, start_date=dt.date(2024, 1, 1))

    assert count_queries() == small
