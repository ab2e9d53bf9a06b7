"""Setting up a budget process: contiguous phases, headings sized by resident tax, projects and
their feasibility review."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.budgeting.enums import Feasibility, Phase
from hyeopchi.budgeting.models import Process, ProcessPhase, Project
from hyeopchi.budgeting.services import ballots, processes
from hyeopchi.budgeting.services.processes import PhaseDates, phase_problems, shares_by_tax
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, UserFactory
from tests.support.budgets import AFTER_VOTING, PHASES, BudgetWorld
from tests.support.helpers import row_counts


def test_contiguous_phases_have_no_problems() -> None:
    assert phase_problems(PHASES) == []


def test_a_gap_between_phases_is_named_with_the_day_the_next_must_begin() -> None:
    phases = [PHASES[0], PhaseDates(Phase.REVIEW, dt.date(2026, 4, 3), dt.date(2026, 4, 30)), *PHASES[2:]]
    assert phase_problems(phases) == [
        "“부서 검토”은(는) “제안 접수” 종료 다음 날(2026-04-01)에 시작해야 합니다. 공백이나 겹침이 없어야 합니다."
    ]


def test_a_process_without_a_voting_phase_is_refused() -> None:
    assert phase_problems(PHASES[:2]) == ["예산 과정에는 투표 단계가 있어야 합니다."]


def test_a_refused_process_writes_nothing(gwangju_city) -> None:
    before = row_counts(Process, ProcessPhase)
    with pytest.raises(ValidationFailedError):
        processes.create_process(actor=SYSTEM, site=gwangju_city, title="예산", phases=list(reversed(PHASES)))
    assert row_counts(Process, ProcessPhase) == before


def test_a_citizen_cannot_create_a_process(gwangju_city) -> None:
    with pytest.raises(PermissionDeniedError):
        processes.create_process(actor=Actor.for_user(UserFactory()), site=gwangju_city, title="예산", phases=PHASES)


def test_resident_tax_shares_sum_to_the_total_by_largest_remainders() -> None:
    # 10,000,000 won over taxes 1 : 1 : 1 → 3,333,334 / 3,333,333 / 3,333,333.
    assert shares_by_tax(10_000_000, {7: 500, 8: 500, 9: 500}) == {7: 3_333_334, 8: 3_333_333, 9: 3_333_333}


def test_resident_tax_shares_follow_the_tax_paid() -> None:
    assert shares_by_tax(30_000_000, {1: 41_000_000, 2: 19_000_000}) == {1: 20_500_000, 2: 9_500_000}


def test_sizing_by_resident_tax_sets_the_headings_amounts(budget: BudgetWorld) -> None:
    second = processes.add_heading(actor=SYSTEM, process=budget.process, name="학동", amount=1, resident_tax=19_000_000)
    budget.heading.resident_tax = 41_000_000
    budget.heading.save()
    processes.size_by_resident_tax(actor=SYSTEM, process=budget.process, total=30_000_000)
    second.refresh_from_db()
    budget.heading.refresh_from_db()
    assert (budget.heading.amount, second.amount) == (20_500_000, 9_500_000)


def test_a_project_costing_more_than_its_heading_is_refused(budget: BudgetWorld) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        processes.add_project(actor=SYSTEM, heading=budget.heading, title="체육관 신축", cost=12_000_000)
    assert refused.value.field_messages() == {
        "cost": ["비용(12,000,000원)이 이 예산의 금액(10,000,000원)보다 많습니다."]
    }


def test_projects_are_numbered_in_their_heading(budget: BudgetWorld) -> None:
    assert [p.number for p in budget.projects] == [1, 2, 3, 4]


def test_not_feasible_needs_a_reason(budget: BudgetWorld) -> None:
    with pytest.raises(ValidationFailedError) as refused:
        processes.review_project(actor=SYSTEM, project=budget.projects[0], feasibility=Feasibility.INFEASIBLE)
    assert refused.value.field_messages() == {"reason": ["사업이 실현 불가능한 이유를 적어 주세요. 제안자가 읽습니다."]}


def test_the_responsible_departments_staff_review_feasibility(budget: BudgetWorld) -> None:
    officer = UserFactory()
    assign_role(actor=SYSTEM, user=officer, organization=budget.department, role=OrganizationRoleName.SECRETARY)
    processes.review_project(
        actor=Actor.for_user(officer),
        project=budget.projects[1],
        feasibility=Feasibility.INFEASIBLE,
        reason="부지가 국유지입니다.",
        cost=3_500_000,
    )
    assert Project.objects.values_list("feasibility", "feasibility_reason", "cost").get(pk=budget.projects[1].pk) == (
        "infeasible",
        "부지가 국유지입니다.",
        3_500_000,
    )


def test_a_project_is_not_reviewed_once_the_ballot_box_is_sealed(budget: BudgetWorld) -> None:
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    project = budget.projects[0]
    with pytest.raises(ConflictError) as caught:
        processes.review_project(actor=SYSTEM, project=project, feasibility=Feasibility.INFEASIBLE, reason="사유지")
    project.refresh_from_db()
    assert (str(caught.value.message), project.feasibility) == (
        "투표함이 봉인되어 투표한 사업은 더 이상 검토할 수 없습니다.",
        Feasibility.FEASIBLE,
    )
