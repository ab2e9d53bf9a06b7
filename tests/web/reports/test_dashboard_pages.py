"""The dashboard page: charts with their tables, the tables as files, and the period chosen."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.tasks import services
from hyeopchi.tasks.enums import TaskStatus
from tests.factories import SYSTEM, OrganizationFactory
from tests.support.helpers import client_for, download, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def tasks(gwangju_city: Organization) -> Organization:
    owner = OrganizationFactory(name="광산구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT)
    services.create_task(actor=SYSTEM, owner=owner, title="과제 1", end_date=TODAY - dt.timedelta(days=3))
    done = services.create_task(actor=SYSTEM, owner=owner, title="과제 2", end_date=TODAY + dt.timedelta(days=3))
    services.report_progress(
        actor=SYSTEM, task=done, reported_on=TODAY, narrative="완료", status=TaskStatus.COMPLETED, progress=100
    )
    return gwangju_city


def test_the_dashboard_shows_each_chart_with_its_table(tasks) -> None:
    page = client_for(None).get("/gwangju/dashboard/").content.decode()
    assert (page.count('role="img"'), page.count('<table class="table"'), page.count('id="table-')) == (2, 2, 2)
    assert '<th scope="row">광산구</th><td class="num">1</td><td class="num">0</td><td class="num">1</td>' in page


def test_an_empty_panel_says_so(tasks) -> None:
    text = text_of(client_for(None).get("/gwangju/dashboard/"))
    assert text.count("아직 기록이 없습니다.") == 4


def test_a_panel_downloads_as_csv_with_a_bom(tasks) -> None:
    body = download(client_for(None).get("/gwangju/dashboard/implementation.csv"))
    assert body.decode("utf-8").splitlines() == [
        "\ufeff기관,기한 내 완료,기한 후 완료,기한 지남,진행 중,합계",
        "광산구,1,0,1,0,2",
    ]


def test_a_panel_downloads_as_json_keyed_by_its_header(tasks) -> None:
    body = download(client_for(None).get("/gwangju/dashboard/implementation.json"))
    assert json.loads(body) == [
        {"기관": "광산구", "기한 내 완료": 1, "기한 후 완료": 0, "기한 지남": 1, "진행 중": 0, "합계": 2}
    ]


def test_a_panel_downloads_as_xlsx(tasks) -> None:
    sheet = load_workbook(io.BytesIO(download(client_for(None).get("/gwangju/dashboard/implementation.xlsx"))))
    assert [c.value for c in sheet.worksheets[0][2]] == ["광산구", 1, 0, 1, 0, 2]


def test_the_figures_can_be_asked_as_of_an_earlier_day(tasks) -> None:
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    body = download(client_for(None).get(f"/gwangju/dashboard/implementation.csv?as_of={yesterday}"))
    assert body.decode("utf-8-sig").splitlines()[1:] == []


def test_a_day_in_the_future_is_explained_and_today_is_shown(tasks) -> None:
    response = client_for(None).get("/gwangju/dashboard/?as_of=2999-01-01")
    assert (response.status_code, "2000-01-01부터 오늘까지의 날짜를 고르세요." in text_of(response)) == (200, True)


def test_an_unknown_panel_or_format_is_not_found(tasks) -> None:
    client = client_for(None)
    assert (
        client.get("/gwangju/dashboard/nothing.csv").status_code,
        client.get("/gwangju/dashboard/meetings.pdf").status_code,
    ) == (404, 404)
