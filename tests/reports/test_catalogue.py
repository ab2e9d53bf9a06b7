"""The open-data catalogue: every dataset's files answer as listed, the calendar parses, the budget
files pass pabulib-checker, and the DCAT document says what the page says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import icalendar
from django.test import override_settings

from hyeopchi.budgeting.models import Result
from hyeopchi.meetings.models import Meeting
from hyeopchi.organizations.models import Organization
from hyeopchi.reports import catalogue
from tests.support.helpers import client_for, download

HOST = "http://testserver"


def catalogue_of(slug: str) -> dict[str, Any]:
    response = client_for(None).get(f"/{slug}/data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def test_the_demo_catalogue_lists_meetings_proposals_tasks_budgets_and_dashboards(demo) -> None:
    site = Organization.objects.get(site_slug="gwangmyeong")
    keys = [d["dct:identifier"] for d in catalogue_of("gwangmyeong")["dcat:dataset"]]
    budgets = [f"budget-{r.heading_id}" for r in Result.objects.filter(heading__process__site=site, published=True)]
    assert keys[:4] == ["meetings", "organizations", "proposals", "tasks"]
    assert (sorted(keys[4:-6]), keys[-6:]) == (
        sorted(budgets),
        [
            "dashboard-participation",
            "dashboard-funnel",
            "dashboard-implementation",
            "dashboard-origins",
            "dashboard-meetings",
            "dashboard-evaluations",
        ],
    )
    assert budgets, "the demo publishes its budget results"


def test_every_file_in_the_catalogue_answers_with_its_media_type(demo) -> None:
    client = client_for(None)
    answered = []
    for dataset in catalogue_of("gwangmyeong")["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            response = client.get(distribution["dcat:downloadURL"]["@id"].removeprefix(HOST))
            answered.append(
                (response.status_code, response["Content-Type"].split(";")[0]) == (200, distribution["dcat:mediaType"])
                or (response.status_code, distribution["dct:format"], response["Content-Type"])
            )
    assert set(answered) == {True}


def test_the_meeting_calendar_parses_with_one_event_per_public_meeting(demo) -> None:
    site = Organization.objects.get(site_slug="gwangju")
    (meetings,) = [d for d in catalogue_of("gwangju")["dcat:dataset"] if d["dct:identifier"] == "meetings"]
    url = meetings["dcat:distribution"][0]["dcat:downloadURL"]["@id"].removeprefix(HOST)
    calendar = icalendar.Calendar.from_ical(download(client_for(None).get(url)))
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == Meeting.objects.filter(organizer__site=site, is_public=True).count() > 0


def test_the_budget_files_in_the_catalogue_pass_pabulib_checker(demo, tmp_path: Path) -> None:
    from pabulib.checker import Checker  # test-only

    paths = []
    for dataset in catalogue_of("gwangmyeong")["dcat:dataset"]:
        for distribution in dataset["dcat:distribution"]:
            if distribution["dct:format"] == "PB":
                path = tmp_path / f"{dataset['dct:identifier']}.pb"
                url = distribution["dcat:downloadURL"]["@id"].removeprefix(HOST)
                path.write_bytes(download(client_for(None).get(url)))
                paths.append(str(path))
    report = Checker().process_files(paths)
    errors = {key: value["results"]["errors"] for key, value in report.items() if key not in ("metadata", "summary")}
    assert (len(paths) > 0, report["metadata"]["valid"], set(map(len, errors.values()))) == (True, len(paths), {0})


def test_the_catalogue_names_the_licence_kogl_type_1_by_default(gwangju_city) -> None:
    document = catalogue_of("gwangju")
    assert document["dct:license"] == {
        "@id": "https://www.kogl.or.kr/info/licenseType1.do",
        "dct:title": "공공누리 제1유형: 출처표시",
    }


@override_settings(
    HYEOPCHI_OPEN_DATA_LICENCE=(
        "공공누리 제2유형: 출처표시+상업적 이용금지",
        "https://www.kogl.or.kr/info/licenseType2.do",
    )
)
def test_the_licence_is_a_setting(gwangju_city) -> None:
    assert catalogue.licence()[1] == "https://www.kogl.or.kr/info/licenseType2.do"


def test_the_open_data_page_lists_each_dataset_with_its_files(gwangju_city) -> None:
    page = client_for(None).get("/gwangju/data/").content.decode()
    assert (page.count('<tr id="dataset-'), 'href="http://testserver/gwangju/meetings.ics"' in page) == (10, True)
