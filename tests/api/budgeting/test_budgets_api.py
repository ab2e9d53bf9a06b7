"""The budget API: a process set up, voted on and counted through JSON, with the error envelope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hyeopchi.budgeting.models import Ballot, Heading, Process
from hyeopchi.budgeting.services import ballots, results
from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, UserFactory
from tests.support.budgets import AFTER_VOTING, DURING_VOTING, BudgetWorld
from tests.support.helpers import api_error, client_for, send_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(gwangju_city):
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=gwangju_city, role=OrganizationRoleName.ADMINISTRATOR)
    return client_for(user)


def phases(today):
    day = timezone.timedelta(days=1)
    return [
        {"phase": "ideas", "starts_on": str(today - 20 * day), "ends_on": str(today - 3 * day)},
        {"phase": "voting", "starts_on": str(today - 2 * day), "ends_on": str(today + 5 * day)},
    ]


def test_staff_set_up_a_process_heading_and_project(admin, gwangju_city) -> None:
    today = timezone.localdate()
    made = send_json(admin, "/api/v1/budgets", {"site": "gwangju", "title": "주민참여예산", "phases": phases(today)})
    heading = send_json(
        admin, f"/api/v1/budgets/{made.json()['id']}/headings", {"name": "전체", "amount": 5_000_000, "max_picks": 2}
    )
    project = send_json(
        admin, f"/api/v1/budgets/headings/{heading.json()['id']}/projects", {"title": "공원 벤치", "cost": 1_000_000}
    )
    reviewed = send_json(
        admin, f"/api/v1/budgets/projects/{project.json()['id']}/review", {"feasibility": "feasible"}, method="put"
    )
    assert (made.status_code, heading.status_code, project.status_code, reviewed.json()["feasibility"]) == (
        201,
        201,
        201,
        "feasible",
    )


def test_phases_with_a_gap_are_refused_in_korean(admin) -> None:
    today = timezone.localdate()
    gap = phases(today)
    gap[1]["starts_on"] = str(today)
    response = send_json(admin, "/api/v1/budgets", {"site": "gwangju", "title": "예산", "phases": gap})
    day = today - timezone.timedelta(days=2)
    assert (response.status_code, response.json()["error"]["fields"]["phases"]) == (
        422,
        [
            f"“주민 투표”은(는) “제안 접수” 종료 다음 날({day:%Y-%m-%d})에 시작해야 합니다. 공백이나 겹침이 없어야 합니다."
        ],
    )
    assert Process.objects.count() == 0


def test_a_resident_votes_and_reads_back_only_their_own_ballot(open_budget: BudgetWorld) -> None:
    client = client_for(open_budget.resident())
    url = f"/api/v1/budgets/headings/{open_budget.heading.pk}/ballot"
    cast = send_json(client, url, {"picks": [2, 4]}, method="put")
    assert (cast.json(), client.get(url).json()) == (
        {"picks": [2, 4], "points": [], "changed": False},
        {"picks": [2, 4], "points": [], "changed": None},
    )


def test_a_ballot_over_the_limit_gets_the_envelope_and_writes_nothing(open_budget: BudgetWorld) -> None:
    client = client_for(open_budget.resident())
    response = send_json(
        client, f"/api/v1/budgets/headings/{open_budget.heading.pk}/ballot", {"picks": [1, 2, 3, 4]}, method="put"
    )
    assert ((response.status_code, response.json()), Ballot.objects.count()) == (
        api_error(
            422, "budgeting.invalid_ballot", "최대 3개 사업을 고르세요.", {"picks": ["최대 3개 사업을 고르세요."]}
        ),
        0,
    )


def test_a_ballot_for_an_unknown_budget_is_not_found_and_writes_nothing(open_budget: BudgetWorld) -> None:
    client = client_for(open_budget.resident())
    response = send_json(client, "/api/v1/budgets/headings/999999/ballot", {"picks": [1]}, method="put")
    assert ((response.status_code, response.json()), Ballot.objects.count()) == (
        api_error(404, "budgeting.not_found", "이 과정에 그런 예산이 없습니다."),
        0,
    )


def test_a_result_is_hidden_until_published_then_served_with_its_file(budget: BudgetWorld) -> None:
    for picks in ([1, 3], [1, 3], [3, 4, 1]):
        ballots.cast(actor=Actor.for_user(budget.resident()), heading=budget.heading, picks=picks, now=DURING_VOTING)
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=budget.heading)
    url = f"/api/v1/budgets/headings/{budget.heading.pk}"
    hidden = client_for(None).get(f"{url}/result").status_code
    results.publish(actor=SYSTEM, process=budget.process)
    shown = client_for(None).get(f"{url}/result").json()
    pabulib = client_for(None).get(f"{url}/pabulib").content
    assert (hidden, shown["outcome"]["selected"], pabulib[:5]) == (404, ["1", "3"], b"META\n")


def test_an_election_file_is_imported_through_the_api(admin, budget: BudgetWorld) -> None:
    text = (
        "META\nkey;value\nnum_projects;2\nnum_votes;2\nbudget;100\nvote_type;approval\nrule;greedy\n"
        "PROJECTS\nproject_id;cost;name\n1;60;가\n2;50;나\nVOTES\nvoter_id;vote\n1;1\n2;1,2\n"
    )
    response = send_json(admin, f"/api/v1/budgets/{budget.process.pk}/pabulib", {"text": text, "name": "과거 투표"})
    heading = Heading.objects.get(pk=response.json()["id"])
    assert (response.status_code, heading.name, heading.ballots.count(), heading.add1_unit) == (201, "과거 투표", 2, 1)


def test_staff_attach_an_image_with_its_description_and_anyone_lists_it(budget: BudgetWorld, admin) -> None:
    project = budget.projects[0]
    upload = SimpleUploadedFile("map.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    added = admin.post(
        f"/api/v1/budgets/projects/{project.pk}/files",
        {"file": upload, "title": "위치도", "description": "사업 위치 지도"},
    )
    listed = client_for(None).get(f"/api/v1/budgets/projects/{project.pk}/files").json()
    assert (added.status_code, [(f["title"], f["media_type"], f["size"], f["description"]) for f in listed]) == (
        201,
        [("위치도", "image/png", 40, "사업 위치 지도")],
    )


def test_an_image_without_a_description_is_refused_in_korean(budget: BudgetWorld, admin) -> None:
    upload = SimpleUploadedFile("map.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    response = admin.post(
        f"/api/v1/budgets/projects/{budget.projects[0].pk}/files", {"file": upload, "title": "위치도"}
    )
    assert (response.status_code, response.json()["error"]["fields"]["description"]) == (
        422,
        ["이미지를 볼 수 없는 분을 위해 무엇을 보여 주는지 설명을 적으세요."],
    )
