"""``hyeopchi transfer``: a site's tasks and proposals as spreadsheets, in and out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError

from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.tasks.models import Task
from tests.factories import OrganizationFactory
from tests.support.helpers import audit_length, run_command

pytestmark = pytest.mark.django_db

HEADER = "제목,주관 기관,종류,담당 부서,상위 과제,상태,진행률,시작일,종료일"


@pytest.fixture
def city(gwangju_city):
    OrganizationFactory(name="동구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT)
    return gwangju_city


def test_import_of_a_csv_creates_its_tasks(city, tmp_path):
    path = tmp_path / "과제.csv"
    path.write_text(f"{HEADER}\n마을 공동 퇴비장,동구,대표정책,,,추진 중,30,2021-01-01,2021-12-31\n")

    output = run_command("transfer", "import", "tasks", str(path), "--site", "gwangju")

    assert (output, list(Task.objects.values_list("title", "progress"))) == (
        "1행을 가져왔습니다.\n",
        [("마을 공동 퇴비장", Decimal("30.00"))],
    )


def test_a_refused_import_names_the_row_and_writes_nothing(city, tmp_path, capsys):
    path = tmp_path / "과제.csv"
    path.write_text(f"{HEADER}\n마을 공동 퇴비장,없는 기관,대표정책,,,,,,\n")
    events = audit_length()

    with pytest.raises(CommandError):
        run_command("transfer", "import", "tasks", str(path), "--site", "gwangju")

    assert (Task.objects.count(), audit_length(), capsys.readouterr().err) == (
        0,
        events,
        "2행 ‘주관 기관’: 이 사이트에 없는 기관입니다: “없는 기관”\n",
    )


def test_export_writes_the_task_list_as_csv(city, tmp_path):
    path = tmp_path / "과제.csv"
    path.write_text(f"{HEADER}\n마을 공동 퇴비장,동구,대표정책,,,추진 중,30,2021-01-01,2021-12-31\n")
    run_command("transfer", "import", "tasks", str(path), "--site", "gwangju")
    out = tmp_path / "out.csv"

    run_command("transfer", "export", "tasks", "--site", "gwangju", "--format", "csv", "--output", str(out))

    row = out.read_text(encoding="utf-8-sig").splitlines()[1].split(",")
    assert row[:10] == [
        str(Task.objects.get().pk),
        "마을 공동 퇴비장",
        "동구",
        "대표정책",
        "",
        "",
        "추진 중",
        "30.00",
        "2021-01-01",
        "2021-12-31",
    ]


def test_an_unknown_site_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError) as raised:
        run_command("transfer", "export", "tasks", "--site", "nowhere", "--format", "csv")

    assert str(raised.value) == "이 주소의 사이트가 없습니다."
