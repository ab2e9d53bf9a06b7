"""The round's pages: who sees what, and refusals in the caller's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client

from hyeopchi.core.actor import Actor
from hyeopchi.evaluations import services
from hyeopchi.evaluations.enums import ConflictReason
from hyeopchi.evaluations.models import Conflict, DataFigure, Evaluator, Rating
from hyeopchi.tasks.enums import TaskStatus
from hyeopchi.tasks.models import ProgressReport, Task
from tests.factories import SiteFactory, UserFactory
from tests.support.evaluations import rate_everything
from tests.support.helpers import client_for, download, text_of

pytestmark = pytest.mark.django_db


def test_public_results_and_exports_after_publication(example_round: dict[str, Any]) -> None:
    assert Client().get("/evaluations/example/").status_code == 200
    rate_everything(example_round)
    services.publish_provisional(actor=example_round["office"], round_=example_round["round"])
    page = Client().get("/evaluations/example/").content.decode()
    assert "88.18" in page
    assert "54,550,000" in page
    assert "E5" not in page  # individual raters are never public
    csv_text = download(Client().get("/evaluations/example/results.csv")).decode("utf-8-sig").splitlines()
    assert csv_text[0].startswith("비교군,순위,대상,총점,등급,금액(원),I1,I2,I3,I4,I5")
    assert csv_text[1] == "기초,1,나시,88.18,우수,54550000,15.00,13.20,16.93,18.00,24.05"


def test_the_target_report_is_for_its_staff_and_the_office(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    services.publish_provisional(actor=example_round["office"], round_=example_round["round"])
    assert Client().get("/evaluations/example/targets/T1/").status_code == 302  # sign in first
    stranger = UserFactory(username="stranger")
    assert client_for(stranger).get("/evaluations/example/targets/T1/").status_code == 403
    staff = example_round["staff"]["T1"].user
    page = client_for(staff).get("/evaluations/example/targets/T1/").content.decode()
    assert "79.95" in page
    assert "86.67" in page  # I1 score in %, the trimmed mean 4.333 of 5
    assert client_for(staff).get("/evaluations/example/targets/T2/").status_code == 403


def test_an_evaluator_sees_and_rates_only_their_assignments(example_round: dict[str, Any]) -> None:
    citizen = example_round["evaluators"]["C"]
    client = client_for(citizen.user)
    page = client.get("/evaluations/example/my-assignments/").content.decode()
    assert page.count("/evaluations/example/my-assignments/T") == 6 * 2  # rate and recuse, 6 targets
    response = client.post(
        "/evaluations/example/my-assignments/T1/", {"value_I3": "5.2", "value_I5": "8", "submit": "1"}
    )
    assert response.status_code == 422
    assert Rating.objects.count() == 0
    response = client.post(
        "/evaluations/example/my-assignments/T1/", {"value_I3": "5.2", "value_I5": "5.5", "submit": "1"}
    )
    assert response.status_code == 302
    assert sorted(Rating.objects.values_list("indicator", "value", "status")) == [
        ("I3", D("5.2000"), "submitted"),
        ("I5", D("5.5000"), "submitted"),
    ]
    e1 = example_round["evaluators"]["E1"]
    services.declare_conflict(
        actor=Actor.for_user(e1.user),
        evaluator=e1,
        target=example_round["targets"]["T2"],
        reason=ConflictReason.DECLARED,
    )
    assert client_for(e1.user).get("/evaluations/example/my-assignments/T2/").status_code == 403
    online = client_for(Evaluator.objects.get(pseudonym="O").user)
    assert online.get("/evaluations/example/my-assignments/").content.decode().count("/my-assignments/T") == 6 * 2


def test_the_office_alone_runs_the_round(example_round: dict[str, Any]) -> None:
    stranger = UserFactory(username="stranger")
    assert client_for(stranger).get("/evaluations/example/office/").status_code == 403
    assert client_for(stranger).post("/evaluations/example/office/publish/").status_code == 403
    office = client_for(example_round["office"].user)
    assert office.get("/evaluations/example/office/").status_code == 200
    rate_everything(example_round)
    response = office.post("/evaluations/example/office/publish/")
    assert response.status_code == 302
    assert example_round["round"].versions.count() == 1
    diagnostics = office.get("/evaluations/example/office/?diagnostics=1").content.decode()
    assert "0.439" in diagnostics  # α of I1 in the worked example
    assert "LOW_RELIABILITY" in diagnostics


def test_a_final_version_reason_over_500_characters_is_refused(example_round: dict[str, Any]) -> None:
    office = client_for(example_round["office"].user)
    rate_everything(example_round)
    office.post("/evaluations/example/office/publish/")

    response = office.post("/evaluations/example/office/finalise/", {"reason": "가" * 501}, follow=True)

    assert "500자 이내로 적어 주세요." in text_of(response)
    assert example_round["round"].versions.filter(final_number__isnull=False).count() == 0


def test_conflict_rules_find_employment_and_residence(example_round: dict[str, Any]) -> None:
    round_ = example_round["round"]
    round_.draw_on = dt.date(2020, 9, 1)  # employment until 2019 is within 3 years of it
    round_.save()
    t1, t2 = example_round["targets"]["T1"], example_round["targets"]["T2"]
    e2 = example_round["evaluators"]["E2"]
    e2.employment = [
        {"organization": t1.organization_id, "until": 2019},
        {"organization": t2.organization_id, "until": 2001},
    ]
    e2.save()
    citizen = example_round["evaluators"]["C"]
    citizen.residence = t2.organization
    citizen.save()
    citizen.panel.residence_conflicts = True
    citizen.panel.save()
    assert services.detect_conflicts(actor=example_round["office"], round_=round_) == 2
    found = sorted(Conflict.objects.values_list("evaluator__pseudonym", "target__code", "reason"))
    assert found == [("C", "T2", "residence"), ("E2", "T1", "employment")]
    assert services.detect_conflicts(actor=example_round["office"], round_=round_) == 0


def test_a_data_indicator_from_tasks_completed_on_time(example_round: dict[str, Any]) -> None:
    t1 = example_round["targets"]["T1"]
    site = SiteFactory(name="시험시", site_slug="test-city")
    rows = [
        (dt.date(2020, 6, 30), dt.date(2020, 6, 1), TaskStatus.COMPLETED),  # on time
        (dt.date(2020, 6, 30), dt.date(2020, 7, 15), TaskStatus.COMPLETED),  # late
        (dt.date(2020, 9, 30), None, TaskStatus.DELAYED),  # due, not done
        (dt.date(2020, 9, 30), None, TaskStatus.CANCELLED),  # cancelled: not counted
        (dt.date(2021, 3, 1), None, TaskStatus.IN_PROGRESS),  # not yet due
    ]
    for n, (end, done, status) in enumerate(rows):
        task = Task.objects.create(
            site=site,
            owner=t1.organization,
            kind="innovation_task",
            title=f"과제 {n}",
            start_date=dt.date(2020, 1, 1),
            end_date=end,
            status=status,
        )
        if done is not None:
            ProgressReport.objects.create(
                task=task, reported_on=done, progress=100, status=TaskStatus.COMPLETED, narrative="완료"
            )
    services.figures_from_tasks(
        actor=example_round["office"], round_=example_round["round"], indicator="I2", until=dt.date(2020, 12, 31)
    )
    assert DataFigure.objects.get(target=t1, indicator="I2").value == D("33.3300")
    assert DataFigure.objects.get(target=example_round["targets"]["T2"], indicator="I2").value == D("88.0000")


def test_an_evaluator_recuses_and_the_assignment_is_voided(example_round: dict[str, Any]) -> None:
    e3 = example_round["evaluators"]["E3"]
    client = client_for(e3.user)
    assert client.post("/evaluations/example/my-assignments/T4/recuse/", {"note": "전 직장"}).status_code == 302
    conflict = Conflict.objects.get()
    assert (conflict.evaluator, conflict.target.code, conflict.reason, conflict.status) == (
        e3,
        "T4",
        "declared",
        "upheld",
    )
    page = client.get("/evaluations/example/my-assignments/").content.decode()
    assert page.count("/my-assignments/T") == 5 * 2  # the rating link and the recusal link of 5 targets
    assert client.post("/evaluations/example/my-assignments/T4/recuse/").status_code == 403


def test_a_recusal_is_confirmed_on_its_own_page_before_anything_changes(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["E3"].user)

    page = client.get("/evaluations/example/my-assignments/T4/recuse/")

    assert page.status_code == 200
    assert "이 대상의 배정은 바로 취소되고 되돌릴 수 없으며" in text_of(page)
    assert Conflict.objects.count() == 0


def test_the_back_office_lists_rounds_and_keeps_results_read_only(example_round: dict[str, Any]) -> None:
    admin = client_for(UserFactory(username="root", is_staff=True, is_superuser=True))
    for path in ("round", "framework", "panel", "resultversion", "appeal"):
        assert admin.get(f"/admin/evaluations/{path}/").status_code == 200
    framework = example_round["round"].framework
    page = admin.get(f"/admin/evaluations/framework/{framework.pk}/change/")
    assert page.status_code == 200
    assert admin.post(f"/admin/evaluations/framework/{framework.pk}/change/", {"title": "x"}).status_code == 403


def test_an_evaluator_finds_their_assignments_in_the_header(example_round: dict[str, Any]) -> None:
    evaluator_page = client_for(example_round["evaluators"]["E3"].user).get("/evaluations/").content.decode()
    other_page = client_for(UserFactory(username="passer-by")).get("/evaluations/").content.decode()

    link = '<a href="/evaluations/example/my-assignments/">내 배정</a>'
    assert (link in evaluator_page, link in other_page) == (True, False)


def results_groups() -> list[dict[str, Any]]:
    sizes = {"광역": 17, "시": 75, "군": 82, "구": 69}
    return [
        {"number": n, "name": name, "size": size, "rows": [{"name": f"{name}{i:02d}"} for i in range(1, size + 1)]}
        for n, (name, size) in enumerate(sizes.items(), start=1)
    ]


def listing_for(query: str) -> dict[str, Any]:
    from django.test import RequestFactory

    from hyeopchi.web.evaluations.views import _results_listing

    request = RequestFactory().get(f"/evaluations/x/?{query}")
    return _results_listing(
        request, results_groups(), search=request.GET.get("q", ""), chosen=request.GET.get("group", "")
    )


def test_a_long_results_page_shows_each_groups_first_ten_rows():
    listing = listing_for("")

    assert [(g["name"], len(g["shown"]), g["more"]) for g in listing["groups"]] == [
        ("광역", 10, 7),
        ("시", 10, 65),
        ("군", 10, 72),
        ("구", 10, 59),
    ]


def test_one_group_of_a_long_results_page_comes_fifty_rows_a_page():
    second_page = listing_for("group=3&page=2")

    assert [(g["name"], len(g["shown"])) for g in second_page["groups"]] == [("군", 32)]
    assert (second_page["page"].number, second_page["query"]) == (2, "group=3")


def test_a_search_finds_targets_across_groups():
    found = listing_for("q=07")

    assert [[r["name"] for r in g["shown"]] for g in found["groups"]] == [["광역07"], ["시07"], ["군07"], ["구07"]]
    assert found["matches"] == 4


def test_the_framework_table_names_panels_and_modes_in_the_readers_language(example_round: dict[str, Any]) -> None:
    korean = text_of(Client().get("/evaluations/example/"))
    english = text_of(Client().get("/en/evaluations/example/"))

    assert "I3 주민참여 운영성과 20 전문가 평가단 0.7 (수준 평가), 국민평가단 0.3 (설문)" in korean
    assert "I3 Resident participation 20 전문가 평가단 0.7 (rubric levels), 국민평가단 0.3 (survey)" in english


def test_a_change_on_the_sheet_is_saved_as_a_draft_in_place(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["C"].user)

    response = client.post("/evaluations/example/my-assignments/T1/", {"value_I3": "5.2"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content.decode().startswith('<p id="autosave-status" class="meta" role="status">임시 저장했습니다')
    assert list(Rating.objects.values_list("indicator", "value", "status")) == [("I3", D("5.2000"), "draft")]


def test_a_draft_that_cannot_be_saved_says_why_in_place(example_round: dict[str, Any]) -> None:
    client = client_for(example_round["evaluators"]["C"].user)

    response = client.post("/evaluations/example/my-assignments/T1/", {"value_I5": "8"}, HTTP_HX_REQUEST="true")

    assert "저장하지 못했습니다" in text_of(response)
    assert Rating.objects.count() == 0


def test_the_sheet_asks_for_a_reason_only_once_there_is_something_to_amend(example_round):
    evaluator = example_round["evaluators"]["E1"]
    client = client_for(evaluator.user)
    code = evaluator.assignments.earliest("pk").target.code

    before = client.get(f"/evaluations/example/my-assignments/{code}/")
    client.post(f"/evaluations/example/my-assignments/{code}/", {"value_I1": "4", "value_I3": "3", "submit": "1"})
    after = client.get(f"/evaluations/example/my-assignments/{code}/")

    assert "reason" not in before.context["form"].fields
    assert "reason" in after.context["form"].fields
    assert before.context["form"].fields["value_I1"].label == "I1 기관장 혁신리더십 (15점)"


def test_the_offices_conflicts_are_paged_and_filtered(example_round: dict[str, Any]) -> None:
    office = client_for(example_round["office"].user)
    evaluators = list(Evaluator.objects.filter(panel__round=example_round["round"]))
    targets = list(example_round["targets"].values())
    rows = [
        Conflict(evaluator=e, target=t, reason=reason, status="upheld")
        for reason in (ConflictReason.RESIDENCE, ConflictReason.CONTRACT)
        for e in evaluators
        for t in targets
    ]
    Conflict.objects.bulk_create(rows[:60])
    pending = Conflict.objects.order_by("pk").first()
    assert pending is not None
    Conflict.objects.filter(pk=pending.pk).update(status="pending", reason=ConflictReason.TESTIMONY)

    first = office.get("/evaluations/example/office/")
    second = office.get("/evaluations/example/office/?page=2")
    only = office.get("/evaluations/example/office/?conflict_status=pending")

    assert (len(first.context["page"]), len(second.context["page"])) == (50, 10)
    assert first.context["page"][0].pk == pending.pk  # pending first
    assert [c.reason for c in only.context["page"]] == ["testimony"]
    assert "이해충돌 1건" in text_of(only)
