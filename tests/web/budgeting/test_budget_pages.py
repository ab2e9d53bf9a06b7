"""The budget pages as residents and staff use them: the process and its phase, the catalogue,
the ballot with and without JavaScript, results explained, open data, and the staff's steps."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hyeopchi.budgeting.enums import VoteType
from hyeopchi.budgeting.models import Ballot
from hyeopchi.budgeting.services import ballots, results
from hyeopchi.budgeting.services.processes import HeadingRules
from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from hyeopchi.tasks.models import Task
from tests.factories import SYSTEM, UserFactory
from tests.support.budgets import AFTER_VOTING, DURING_VOTING, BudgetWorld, budget_world, phases_around
from tests.support.helpers import client_for, text_of

SITE = "/gwangju/budgets/donggu-2026/"


def ballot_url(world: BudgetWorld) -> str:
    return f"{SITE}{world.heading.pk}/ballot/"


def test_the_process_page_marks_the_current_phase(open_budget: BudgetWorld) -> None:
    response = client_for(None).get(SITE)
    assert '<li class="current" aria-current="step">' in response.content.decode()
    assert "투표 단계" not in text_of(response)  # the phase is named by its label alone
    assert "투표" in text_of(response)


def test_a_resident_votes_without_javascript(open_budget: BudgetWorld) -> None:
    response = client_for(open_budget.resident()).post(ballot_url(open_budget), {"picks": ["1", "3"]})
    assert (response.status_code, response["Location"], list(Ballot.objects.values_list("picks", flat=True))) == (
        302,
        SITE,
        [[1, 3]],
    )


def test_checking_the_picks_shows_the_money_left_and_casts_nothing(gwangju_city) -> None:
    world = budget_world(
        gwangju_city,
        rules=HeadingRules(vote_type=VoteType.KNAPSACK, area_codes=["29110"]),
        phases=phases_around(timezone.localdate()),
    )
    response = client_for(world.resident()).post(ballot_url(world), {"picks": ["1", "2"], "check": "1"})
    assert "2개 사업 선택 · 7,000,000원 · 3,000,000원 남음" in text_of(response)
    assert Ballot.objects.count() == 0


def test_the_summary_fragment_shows_how_far_over_the_budget(gwangju_city) -> None:
    world = budget_world(
        gwangju_city,
        rules=HeadingRules(vote_type=VoteType.KNAPSACK, area_codes=["29110"]),
        phases=phases_around(timezone.localdate()),
    )
    response = client_for(world.resident()).post(f"{ballot_url(world)}summary/", {"picks": ["1", "2", "3"]})
    assert text_of(response).strip() == (
        "3개 사업 선택 · 12,000,000원 · 예산보다 2,000,000원 많음 "
        "고른 사업의 비용이 12,000,000원으로, 이 예산 10,000,000원보다 많습니다."
    )


def test_a_ballot_breaking_the_rules_is_refused_with_its_reason(open_budget: BudgetWorld) -> None:
    response = client_for(open_budget.resident()).post(ballot_url(open_budget), {"picks": ["1", "2", "3", "4"]})
    assert (response.status_code, "최대 3개 사업을 고르세요." in text_of(response), Ballot.objects.count()) == (
        422,
        True,
        0,
    )


def test_the_ballot_shows_the_voters_own_picks_to_change(open_budget: BudgetWorld) -> None:
    voter = open_budget.resident()
    client = client_for(voter)
    client.post(ballot_url(open_budget), {"picks": ["2"]})
    page = client.get(ballot_url(open_budget)).content.decode()
    assert ('value="2" id="id_picks_1" checked' in page, 'value="1" id="id_picks_0" checked' in page) == (True, False)


def test_a_person_living_elsewhere_is_told_why(open_budget: BudgetWorld) -> None:
    response = client_for(UserFactory()).get(ballot_url(open_budget))
    assert "이 지역 주민으로 확인된 분만 투표할 수 있습니다." in text_of(response)


def test_the_catalogue_filters_by_cost(open_budget: BudgetWorld) -> None:
    response = client_for(None).get(f"{SITE}{open_budget.heading.pk}/?max_cost=3000000")
    text = text_of(response)
    assert ("어린이공원 그늘막" in text, "하천 산책로 벤치" in text, "골목길 가로등 정비" in text) == (
        True,
        True,
        False,
    )


@pytest.fixture
def staff(budget: BudgetWorld):
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=budget.site, role=OrganizationRoleName.ADMINISTRATOR)
    return user


@pytest.fixture
def cast(budget: BudgetWorld) -> BudgetWorld:
    for picks in ([1, 3], [1, 3], [1, 2], [3, 2], [3, 4, 1]):
        ballots.cast(actor=Actor.for_user(budget.resident()), heading=budget.heading, picks=picks, now=DURING_VOTING)
    return budget


def test_staff_seal_count_and_publish_in_the_browser(cast: BudgetWorld, staff) -> None:
    client = client_for(staff)
    for action in ("seal", "count", "publish"):
        client.post(f"{SITE}do/{action}/")
    assert sorted(Task.objects.values_list("title", "allocated")) == [
        ("경로당 냉난방기 교체", 5_000_000),
        ("골목길 가로등 정비", 4_000_000),
    ]


def test_results_are_not_public_before_publication(cast: BudgetWorld) -> None:
    ballots.seal(actor=SYSTEM, process=cast.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=cast.heading)
    assert client_for(None).get(f"{SITE}{cast.heading.pk}/results/").status_code == 404


def test_equal_shares_results_explain_the_shares(cast: BudgetWorld) -> None:
    cast.heading.rule = "equalshares/add1"
    cast.heading.save()
    ballots.seal(actor=SYSTEM, process=cast.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=cast.heading)
    results.publish(actor=SYSTEM, process=cast.process)
    text = text_of(client_for(None).get(f"{SITE}{cast.heading.pk}/results/"))
    assert "균등 몫 방식은 예산을 투표자에게 똑같이 나눕니다. 한 사람이 2,000,000원으로 시작합니다." in text


def test_the_published_pabulib_file_downloads(cast: BudgetWorld) -> None:
    ballots.seal(actor=SYSTEM, process=cast.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=cast.heading)
    results.publish(actor=SYSTEM, process=cast.process)
    response = client_for(None).get(f"{SITE}{cast.heading.pk}/results.pb")
    assert (response.status_code, response.content[:5]) == (200, b"META\n")


def test_a_counted_project_shows_its_votes_as_votes(cast: BudgetWorld) -> None:
    ballots.seal(actor=SYSTEM, process=cast.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=cast.heading)
    results.publish(actor=SYSTEM, process=cast.process)
    response = client_for(None).get(f"{SITE}{cast.heading.pk}/projects/1/")
    assert "득표 4 · 선정" in text_of(response)
