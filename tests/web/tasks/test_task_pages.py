"""Task pages through the test client: downloads, imports from a page, milestones."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hyeopchi.core.actor import Actor
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.models import SpreadsheetImport, Task
from tests.factories import SYSTEM
from tests.support.helpers import client_for, download, text_of
from tests.support.proposals import Baro, people
from tests.support.spreadsheets import one_far_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(baro: Baro) -> Baro:
    """The rights committee's recommendation, accepted by the city with a task."""
    recommendation = baro.recommend("청년 창업 공간 권고", "공유 사무실")
    task_services.answer_with_task(
        actor=Actor.for_user(baro.city_staff),
        answer=recommendation.answers.get(),
        outcome="accepted",
        text="수용합니다.",
    )
    return baro


def test_the_task_list_downloads_as_csv_in_english(accepted: Baro):
    english = download(client_for(None).get("/en/gwangju/tasks.csv")).decode("utf-8-sig")

    assert english.splitlines()[0].startswith("id,title,owner,kind")


def test_the_task_list_downloads_as_json_keyed_by_the_columns(accepted: Baro):
    response = client_for(None).get("/gwangju/tasks.json")
    (record,) = json.loads(download(response))

    assert response["Content-Type"] == "application/json"
    assert (list(record)[:4], record["title"]) == (["id", "title", "owner", "kind"], "청년 창업 공간 권고")


def test_the_implementation_review_downloads_as_xlsx(accepted: Baro):
    path = f"/gwangju/organizations/{accepted.rights_committee.pk}/review.xlsx"

    sheet = load_workbook(io.BytesIO(download(client_for(None).get(path)))).worksheets[0]

    assert ([c.value for c in sheet[1]][:4], [c.value for c in sheet[2]][:5]) == (
        ["차수", "번호", "권고", "상태"],
        [1, 1, "청년 창업 공간 권고", "수용", "수용"],
    )


def test_the_review_comes_in_no_other_format(accepted: Baro):
    path = f"/gwangju/organizations/{accepted.rights_committee.pk}/review.pdf"

    assert client_for(None).get(path).status_code == 404


def test_a_bad_import_through_the_page_lists_every_problem_on_its_page_and_writes_nothing(baro: Baro):
    client = client_for(baro.city_staff)
    before = Task.objects.count()
    bad = "제목,주관 기관,진행률\n첫 과제,광주광역시,10\n,없는기관,abc\n".encode("cp949")

    response = client.post("/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", bad)}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "3행 ‘제목’: 반드시 채워야 하는 열입니다." in html
    assert "3행 ‘주관 기관’: 이 사이트에 없는 기관입니다: “없는기관”" in html
    assert "3행 ‘진행률’: 0부터 100 사이의 수를 쓰세요." in html
    assert Task.objects.count() == before


def test_a_good_import_through_the_page_goes_to_its_page_and_creates_the_tasks(baro: Baro):
    good = "제목,주관 기관,진행률\n첫 과제,광주광역시,10\n".encode()

    response = client_for(baro.city_staff).post(
        "/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)}
    )

    job = SpreadsheetImport.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/imports/{job.pk}/")
    assert (job.status, job.created_count, job.rows, Task.objects.get().progress) == ("done", 1, 1, Decimal(10))


def test_an_imports_page_tells_how_many_rows_were_imported(baro: Baro):
    good = "제목,주관 기관\n첫 과제,광주광역시\n둘째 과제,광주광역시\n".encode()
    client = client_for(baro.city_staff)

    response = client.post(
        "/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)}, follow=True
    )

    assert "2행을 가져왔습니다." in text_of(response)


def test_the_stored_file_is_removed_once_its_import_has_run(baro: Baro):
    good = "제목,주관 기관\n첫 과제,광주광역시\n".encode()

    client_for(baro.city_staff).post("/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)})

    assert SpreadsheetImport.objects.get().file.name == ""


def test_an_imports_page_is_for_the_sites_staff(baro: Baro):
    good = "제목,주관 기관\n첫 과제,광주광역시\n".encode()
    client_for(baro.city_staff).post("/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)})
    job = SpreadsheetImport.objects.get()

    responses = [
        client_for(people(1, "c")[0].user).get(f"/gwangju/imports/{job.pk}/").status_code,
        client_for(baro.city_staff).get(f"/gwangju/imports/{job.pk}.json").json(),
    ]

    assert responses == [
        403,
        {"status": "done", "status_label": "가져옴", "rows": 1, "rows_checked": 1, "finished": True},
    ]


def test_staff_add_a_milestone_and_mark_it_done(baro: Baro):
    task = task_services.create_task(actor=SYSTEM, owner=baro.city, title="도서관 야간 개관")
    client = client_for(baro.city_staff)
    response = client.post(f"/gwangju/tasks/{task.pk}/milestones/new/", {"title": "시범 운영", "due_on": "2030-03-01"})
    assert response.status_code == 302
    milestone = task.milestones.get()
    assert (
        client_for(people(1, "c")[0].user).post(f"/gwangju/tasks/{task.pk}/milestones/{milestone.pk}/done/").status_code
        == 403
    )
    client.post(f"/gwangju/tasks/{task.pk}/milestones/{milestone.pk}/done/")
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert "시범 운영" in client.get(f"/gwangju/tasks/{task.pk}/").content.decode()


def test_staff_record_a_progress_report_through_the_page(baro: Baro):
    task = task_services.create_task(actor=SYSTEM, owner=baro.city, title="도서관 야간 개관")
    client = client_for(baro.city_staff)

    response = client.post(
        f"/gwangju/tasks/{task.pk}/report/",
        {"reported_on": "2024-03-01", "status": "in_progress", "progress": "40", "narrative": "시범 운영 2곳"},
    )

    assert response.status_code == 302, text_of(response)[-600:]
    report = task.reports.get()
    assert (report.reported_on.isoformat(), report.progress, report.narrative) == (
        "2024-03-01",
        Decimal(40),
        "시범 운영 2곳",
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", Decimal(40))


def test_importing_is_for_the_sites_staff_and_refused_before_the_file_is_read(baro: Baro):
    client = client_for(people(1, "c")[0].user)
    upload = SimpleUploadedFile("t.csv", "제목,주관 기관\n과제,광주광역시\n".encode())

    response = client.post("/gwangju/import/", {"what": "tasks", "file": upload})

    assert (response.status_code, Task.objects.count()) == (403, 0)


def test_a_workbook_declaring_a_far_cell_is_refused_with_a_message(baro: Baro):
    upload = SimpleUploadedFile("t.xlsx", one_far_cell())

    response = client_for(baro.city_staff).post("/gwangju/import/", {"what": "tasks", "file": upload}, follow=True)

    job = SpreadsheetImport.objects.get()
    assert (job.status, "파일이 64열을 넘습니다." in text_of(response)) == ("refused", True)


def _overdue_and_open(baro: Baro) -> tuple[Task, Task]:
    late = task_services.create_task(actor=SYSTEM, owner=baro.city, title="기한 지난 과제", end_date=date(2020, 12, 31))
    task_services.create_task(actor=SYSTEM, owner=baro.city, title="기한 남은 과제", end_date=date(2099, 12, 31))
    return late, Task.objects.get(title="기한 남은 과제")


def test_the_task_list_badges_and_filters_overdue_tasks(baro: Baro):
    _overdue_and_open(baro)

    every = text_of(client_for(None).get("/gwangju/tasks/"))
    overdue = text_of(client_for(None).get("/gwangju/tasks/?attention=overdue"))

    assert "기한 지난 과제 광주광역시 기타 과제 계획 기한 지남 0% 2020-12-31" in every
    assert "기한 남은 과제 광주광역시 기타 과제 계획 0% 2099-12-31" in every
    assert ("과제 1건" in overdue, "기한 남은 과제" in overdue) == (True, False)


def test_the_organization_page_counts_its_overdue_tasks_with_a_link(baro: Baro):
    _overdue_and_open(baro)

    html = client_for(None).get(f"/gwangju/organizations/{baro.city.pk}/").content.decode()

    assert (
        f'<a href="/gwangju/tasks/?owner={baro.city.pk}&amp;attention=overdue">종료일 지남 1건</a> '
        '<span class="badge badge-error">기한 지남</span>'
    ) in html
    assert f'<a href="/gwangju/tasks/?owner={baro.city.pk}">추진 중인 과제 2건</a>' in html


def test_the_review_keeps_the_recommendations_whose_task_is_overdue(accepted: Baro):
    Task.objects.update(end_date=date(2020, 12, 31))
    path = f"/gwangju/organizations/{accepted.rights_committee.pk}/review/"

    overdue = text_of(client_for(None).get(path + "?attention=overdue"))
    stale = text_of(client_for(None).get(path + "?attention=stale"))

    assert "청년 창업 공간 권고 보고 기관: 광주광역시 계획 기한 지남 0%" in overdue
    assert "확인이 필요한 권고 과제가 없습니다." in stale


def test_a_review_round_that_is_not_ascii_digits_is_ignored(accepted: Baro):
    path = f"/gwangju/organizations/{accepted.rights_committee.pk}/review/"

    assert client_for(None).get(path + "?round=²").status_code == 200


def test_the_task_page_says_who_reports_and_the_committee_asks_for_a_report(accepted: Baro):
    task = Task.objects.get()
    client = client_for(accepted.committee_staff)

    page = text_of(client.get(f"/gwangju/tasks/{task.pk}/"))
    response = client.post(f"/gwangju/tasks/{task.pk}/request-report/")

    assert (
        "보고 주체 과제를 맡은 기관(광주광역시)의 관리자와 간사가 보고합니다. "
        "권고를 낸 위원회(시민권익위원회)는 이행을 지켜보며 보고를 요청할 수 있습니다."
    ) in page
    assert "이행상황 보고 요청" in page
    assert response.status_code == 302
    assert "이 과제를 보고하는 1명에게 요청을 보냈습니다." in text_of(client.get(response["Location"]))


def test_nobody_else_may_ask_for_a_report(accepted: Baro):
    task = Task.objects.get()

    response = client_for(people(1, "c")[0].user).post(f"/gwangju/tasks/{task.pk}/request-report/")

    assert response.status_code == 403


def test_an_owner_past_a_database_id_filters_nothing_instead_of_failing(baro: Baro):
    _overdue_and_open(baro)

    response = client_for(None).get("/gwangju/tasks/?owner=99999999999999999999")

    assert (response.status_code, "과제 2건" in text_of(response)) == (200, True)
