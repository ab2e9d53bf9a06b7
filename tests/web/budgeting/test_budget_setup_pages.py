"""Staff set a budget up in the browser's forms: a process with its phases, a budget with its
ballot and voters, projects, the department's review, and a project's files and images."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.budgeting.enums import Feasibility
from hyeopchi.budgeting.models import Heading, Process, Project, ProjectFile
from hyeopchi.budgeting.services import ballots
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, UserFactory
from tests.support.budgets import AFTER_VOTING, BudgetWorld
from tests.support.helpers import client_for, text_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SITE = "/gwangju/budgets/donggu-2026/"


@pytest.fixture
def staff(budget: BudgetWorld):
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=budget.site, role=OrganizationRoleName.ADMINISTRATOR)
    return user


def process_form(**changes: str) -> dict[str, str]:
    form = {
        "title": "2027 동구 주민참여예산",
        "slug": "donggu-2027",
        "starts_ideas": "2027-03-01",
        "starts_review": "2027-04-01",
        "starts_voting": "2027-05-01",
        "starts_tally": "2027-05-15",
        "ends_on": "2027-05-20",
    }
    return {**form, **changes}


def test_a_new_process_runs_each_phase_until_the_next_begins(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post("/gwangju/budgets/new/", process_form())
    process = Process.objects.get(slug="donggu-2027")
    assert (response.status_code, response["Location"]) == (302, "/gwangju/budgets/donggu-2027/")
    assert [(p.phase, p.starts_on, p.ends_on) for p in process.phases.order_by("starts_on")] == [
        ("ideas", dt.date(2027, 3, 1), dt.date(2027, 3, 31)),
        ("review", dt.date(2027, 4, 1), dt.date(2027, 4, 30)),
        ("voting", dt.date(2027, 5, 1), dt.date(2027, 5, 14)),
        ("tally", dt.date(2027, 5, 15), dt.date(2027, 5, 20)),
    ]


def test_a_process_without_a_voting_phase_is_refused_with_the_reason(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post("/gwangju/budgets/new/", process_form(starts_voting=""))
    assert (response.status_code, Process.objects.filter(slug="donggu-2027").exists()) == (422, False)
    assert "예산 과정에는 투표 단계가 있어야 합니다." in text_of(response)


def test_a_resident_cannot_open_the_new_process_form(budget: BudgetWorld) -> None:
    response = client_for(budget.resident()).get("/gwangju/budgets/new/")
    assert response.status_code == 403


def test_a_new_budget_takes_its_ballot_and_voters(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(
        f"{SITE}budgets/new/",
        {
            "name": "청년",
            "amount": "50000000",
            "vote_type": "approval",
            "min_picks": "1",
            "max_picks": "3",
            "min_spend_percent": "0",
            "rule": "equalshares/add1",
            "min_vote_percent": "0",
            "area_codes": ["29110"],
            "min_age": "19",
            "max_age": "39",
            "category_limits": "복지=1\n환경=2",
        },
    )
    heading = Heading.objects.get(name="청년")
    assert (response.status_code, response["Location"]) == (302, f"{SITE}{heading.pk}/")
    assert (heading.amount, heading.max_picks, heading.rule, heading.area_codes, heading.min_age, heading.max_age) == (
        50_000_000,
        3,
        "equalshares/add1",
        ["29110"],
        19,
        39,
    )
    assert heading.category_limits == {"복지": 1, "환경": 2}


def test_a_category_limit_without_a_number_names_its_line(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(
        f"{SITE}budgets/new/",
        {
            "name": "청년",
            "amount": "1000",
            "vote_type": "approval",
            "min_picks": "1",
            "min_spend_percent": "0",
            "rule": "greedy",
            "min_vote_percent": "0",
            "category_limits": "복지=1\n환경",
        },
    )
    assert response.status_code == 422
    assert "2번째 줄: 분야, 등호, 숫자를 적으세요(예: 복지=1)." in text_of(response)


def test_a_project_added_in_the_form_waits_for_review(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(
        f"{SITE}{budget.heading.pk}/projects/new/",
        {"title": "마을 도서관 책장", "cost": "1500000", "category": "교육", "responsible": budget.department.pk},
    )
    project = Project.objects.get(title="마을 도서관 책장")
    assert (response.status_code, response["Location"]) == (302, f"{SITE}{budget.heading.pk}/projects/5/")
    assert (project.number, project.cost, project.feasibility, project.responsible) == (
        5,
        1_500_000,
        Feasibility.PENDING,
        budget.department,
    )


def test_a_project_costing_more_than_the_budget_is_refused(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(
        f"{SITE}{budget.heading.pk}/projects/new/", {"title": "체육관", "cost": "20000000"}
    )
    assert (response.status_code, Project.objects.filter(title="체육관").exists()) == (422, False)
    assert "비용(20,000,000원)이 이 예산의 금액(10,000,000원)보다 많습니다." in text_of(response)


def test_a_project_from_an_unknown_proposal_is_refused(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(
        f"{SITE}{budget.heading.pk}/projects/new/", {"title": "벤치", "cost": "100000", "proposal": "999999"}
    )
    assert (response.status_code, Project.objects.filter(title="벤치").exists()) == (422, False)


def test_the_department_finds_a_project_not_feasible_with_its_reason(budget: BudgetWorld, staff) -> None:
    project = budget.projects[0]
    response = client_for(staff).post(
        f"{SITE}{budget.heading.pk}/projects/1/review/",
        {"feasibility": "infeasible", "reason": "사유지라 설치할 수 없습니다."},
    )
    project.refresh_from_db()
    assert (response.status_code, project.feasibility, project.feasibility_reason) == (
        302,
        Feasibility.INFEASIBLE,
        "사유지라 설치할 수 없습니다.",
    )


def test_not_feasible_without_a_reason_is_refused(budget: BudgetWorld, staff) -> None:
    response = client_for(staff).post(f"{SITE}{budget.heading.pk}/projects/1/review/", {"feasibility": "infeasible"})
    budget.projects[0].refresh_from_db()
    assert (response.status_code, budget.projects[0].feasibility) == (422, Feasibility.FEASIBLE)


def add_image(client, budget: BudgetWorld, description: str = "가로등이 꺼진 골목의 밤 사진"):
    upload = SimpleUploadedFile("night.png", PNG, content_type="image/png")
    return client.post(
        f"{SITE}{budget.heading.pk}/projects/1/files/",
        {"title": "현재 골목", "file": upload, "description": description},
    )


def test_an_image_is_shown_on_the_project_page_with_its_description(budget: BudgetWorld, staff) -> None:
    client = client_for(staff)
    add_image(client, budget)
    stored = ProjectFile.objects.get()
    page = client_for(None).get(f"{SITE}{budget.heading.pk}/projects/1/").content.decode()
    address = f"{SITE}{budget.heading.pk}/projects/1/files/{stored.pk}/"
    assert f'<img src="{address}" alt="가로등이 꺼진 골목의 밤 사진"' in page
    image = client_for(None).get(address)
    assert (image.status_code, image["Content-Type"], image["Content-Disposition"].startswith("inline")) == (
        200,
        "image/png",
        True,
    )


def test_an_image_without_a_description_is_refused(budget: BudgetWorld, staff) -> None:
    response = add_image(client_for(staff), budget, description="")
    assert (response.status_code, ProjectFile.objects.count()) == (422, 0)


def test_a_file_that_is_not_what_its_name_says_is_refused(budget: BudgetWorld, staff) -> None:
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for(staff).post(
        f"{SITE}{budget.heading.pk}/projects/1/files/", {"title": "계획서", "file": upload}
    )
    assert (response.status_code, ProjectFile.objects.count()) == (422, 0)


def test_a_removed_file_is_gone_from_the_page_and_the_storage(
    budget: BudgetWorld, staff, django_capture_on_commit_callbacks
) -> None:
    client = client_for(staff)
    add_image(client, budget)
    stored = ProjectFile.objects.get()
    storage, name = stored.file.storage, stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{SITE}{budget.heading.pk}/projects/1/files/{stored.pk}/remove/")
    assert (response.status_code, ProjectFile.objects.count(), storage.exists(name)) == (302, 0, False)


def test_a_resident_cannot_add_a_file(budget: BudgetWorld) -> None:
    response = add_image(client_for(budget.resident()), budget)
    assert (response.status_code, ProjectFile.objects.count()) == (403, 0)


def test_the_review_button_is_gone_once_the_box_is_sealed(budget: BudgetWorld, staff) -> None:
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    page = client_for(staff).get(f"{SITE}{budget.heading.pk}/projects/1/").content.decode()
    assert (f"{SITE}{budget.heading.pk}/projects/1/review/" in page, "파일·이미지 추가" in page) == (False, True)


def test_numbers_beyond_what_is_stored_are_refused_not_an_error(budget: BudgetWorld, staff) -> None:
    client = client_for(staff)
    huge = "9" * 30
    budget_form = {"name": "큰 예산", "amount": huge, "vote_type": "approval", "min_picks": huge, "resident_tax": huge}
    budget_page = client.post(f"{SITE}budgets/new/", {**budget_form, "rule": "greedy"})
    project_page = client.post(f"{SITE}{budget.heading.pk}/projects/new/", {"title": "큰 사업", "cost": huge})
    review_page = client.post(
        f"{SITE}{budget.heading.pk}/projects/1/review/", {"feasibility": "feasible", "cost": huge}
    )
    assert (budget_page.status_code, project_page.status_code, review_page.status_code) == (422, 422, 422)
    assert (Heading.objects.filter(name="큰 예산").exists(), Project.objects.filter(title="큰 사업").exists()) == (
        False,
        False,
    )
    assert "1000000000000000 이하의 값을 입력해 주세요." in text_of(project_page)
