"""Tasks and proposals to and from CSV/XLSX: all or nothing, every bad cell named in Korean."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import PermissionDeniedError
from hyeopchi.core.models import AuditEvent
from hyeopchi.core.tabular import TableError, read_table, write_csv, write_xlsx
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.proposals import transfer as proposal_transfer
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks import services, transfer
from hyeopchi.tasks.enums import Rollup
from hyeopchi.tasks.models import Task
from tests.factories import SYSTEM, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["제목", "주관 기관", "종류", "담당 부서", "상위 과제", "상태", "진행률", "시작일", "종료일"]


@pytest.fixture
def city(gwangju_city):
    city = gwangju_city
    OrganizationFactory(name="동구", parent=city, kind=OrganizationKind.BASIC_GOVERNMENT)
    OrganizationFactory(name="기획조정실", parent=city, kind=OrganizationKind.DEPARTMENT)
    return city


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def test_a_cp949_csv_imports_every_row_with_parents_and_progress(city):
    data = csv_bytes(
        [
            HEADER,
            ["꼬(꽃)두메 자원순환 마을", "동구", "대표정책", "", "", "추진 중", "30", "2021-01-01", "2021-12-31"],
            ["마을 공동 퇴비장", "동구", "대표정책", "기획조정실", "꼬(꽃)두메 자원순환 마을", "", "", "", ""],
        ],
        encoding="cp949",
    )
    created = transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))
    assert [(t.title, t.owner.name, t.kind, t.status, t.progress, t.parent_id) for t in created] == [
        ("꼬(꽃)두메 자원순환 마을", "동구", "representative_policy", "in_progress", Decimal(30), None),
        ("마을 공동 퇴비장", "동구", "representative_policy", "planned", Decimal(0), created[0].pk),
    ]


def test_a_file_with_bad_rows_writes_nothing_and_names_every_bad_cell(city):
    data = csv_bytes(
        [
            HEADER,
            ["좋은 과제", "동구", "", "", "", "", "", "", ""],
            ["", "없는구", "혁신", "", "없는 상위", "", "120", "2021-13-01", ""],
            ["다른 과제", "동구", "", "", "", "끝남", "", "", "2021/12/31"],
        ]
    )
    before = (Task.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportRefusedError) as raised:
        transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))
    assert [str(problem) for problem in raised.value.problems] == [
        "3행 ‘제목’: 반드시 채워야 하는 열입니다.",
        "3행 ‘주관 기관’: 이 사이트에 없는 기관입니다: “없는구”",
        "3행 ‘상위 과제’: 앞 행이나 기존 과제에 없는 제목입니다: “없는 상위”",
        "3행 ‘종류’: 허용되지 않는 값입니다: “혁신”",
        "3행 ‘진행률’: 0부터 100 사이의 수를 쓰세요.",
        "3행 ‘시작일’: 날짜는 YYYY-MM-DD 형식으로 쓰세요.",
        "4행 ‘상태’: 허용되지 않는 값입니다: “끝남”",
        "4행 ‘종료일’: 날짜는 YYYY-MM-DD 형식으로 쓰세요.",
    ]
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_a_row_the_tasks_own_checks_refuse_is_named_by_its_cell_and_nothing_is_written(city):
    data = csv_bytes(
        [
            HEADER,
            ["첫째 과제", "동구", "", "", "", "", "", "", ""],
            ["둘째 과제", "동구", "", "", "", "", "", "2021-12-01", "2021-01-01"],
        ]
    )
    before = (Task.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportRefusedError) as raised:
        transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))
    assert [str(p) for p in raised.value.problems] == ["3행 ‘종료일’: 종료일이 시작일보다 앞섭니다."]
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_unknown_and_missing_columns_refuse_the_file(city):
    data = csv_bytes([["제목", "예산"], ["과제", "100"]])
    with pytest.raises(ImportRefusedError) as raised:
        transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))
    assert [str(p) for p in raised.value.problems] == ["예산: 알 수 없는 열입니다.", "주관 기관: 빠진 열입니다."]
    with pytest.raises(TableError):
        read_table(b"not a spreadsheet", "tasks.xlsx")
    with pytest.raises(TableError):
        read_table(b"\xff\xfe\x00\x01\x80", "tasks.csv")


def test_export_round_trips_through_csv_with_a_bom_and_through_xlsx(city):
    transfer.import_tasks(
        actor=SYSTEM,
        site=city,
        table=read_table(
            csv_bytes(
                [HEADER, ["자원순환 마을", "동구", "innovation_task", "", "", "in_progress", "45.5", "2021-01-01", ""]]
            ),
            "t.csv",
        ),
    )
    header, lazy_rows = transfer.export_rows(Task.objects.filter(site=city))
    rows = list(lazy_rows)  # written twice below
    data = write_csv(header, rows)
    assert data.startswith(b"\xef\xbb\xbf\xeb\xb2\x88\xed\x98\xb8,")  # BOM, then 번호
    table = read_table(data, "t.csv")
    assert table.rows[0][1]["진행률"] == "45.50"
    assert table.rows[0][1]["종류"] == "혁신과제"
    sheet = load_workbook(io.BytesIO(write_xlsx(header, rows, title="과제"))).worksheets[0]
    assert [cell.value for cell in sheet[2]][1:4] == ["자원순환 마을", "동구", "혁신과제"]
    assert sheet[2][7].value == 45.5
    assert sheet[2][8].value == dt.datetime(2021, 1, 1)  # noqa: DTZ001 (spreadsheet dates are naive)


def test_recommendations_import_from_xlsx_and_refuse_a_doubled_number(city):
    committee = OrganizationFactory(name="광주혁신추진위원회", parent=city, kind=OrganizationKind.COMMITTEE)
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(["종류", "제목", "내용", "받는 기관", "제안 기관", "차수", "권고 번호"])
    sheet.append(["위원회 권고", "시 공공기관 혁신 권고", "통합채용 도입", "광주광역시", "광주혁신추진위원회", 1, 1])
    sheet.append(["recommendation", "시정 청렴문화 확산 권고", "사전컨설팅제", "광주광역시", committee.pk, 2, 2])
    buffer = io.BytesIO()
    book.save(buffer)
    made = proposal_transfer.import_proposals(actor=SYSTEM, site=city, table=read_table(buffer.getvalue(), "r.xlsx"))
    assert [(p.reference, p.status) for p in made] == [
        ("제1차 권고 제1호", "under_review"),
        ("제2차 권고 제2호", "under_review"),
    ]
    again = csv_bytes(
        [
            ["종류", "제목", "내용", "받는 기관", "제안 기관", "차수", "권고 번호"],
            ["위원회 권고", "새 권고 제목", "내용", "광주광역시", "광주혁신추진위원회", "3", "3"],
            ["위원회 권고", "중복 권고 제목", "내용", "광주광역시", "광주혁신추진위원회", "1", "1"],
        ]
    )
    with pytest.raises(ImportRefusedError) as raised:
        proposal_transfer.import_proposals(actor=SYSTEM, site=city, table=read_table(again, "r.csv"))
    assert [str(p) for p in raised.value.problems] == ["3행 ‘행’: 이 차수의 권고 제1호가 이미 있습니다."]
    assert Proposal.objects.count() == 2


def test_an_imported_sub_task_moves_an_existing_parent_that_takes_the_mean(city):
    dong = city.children.get(name="동구")
    parent = services.create_task(actor=SYSTEM, owner=dong, title="자원순환 마을")
    services.create_task(actor=SYSTEM, owner=dong, title="기존 하위 과제", parent=parent)
    services.set_rollup(actor=SYSTEM, task=parent, mode=Rollup.MEAN)
    data = csv_bytes([HEADER, ["새 하위 과제", "동구", "", "", "자원순환 마을", "추진 중", "60", "", ""]])

    transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))

    parent.refresh_from_db()
    assert parent.progress == Decimal(30)


def test_each_imported_task_and_its_first_report_leave_an_audit_event(city):
    data = csv_bytes(
        [
            HEADER,
            ["보고 없는 과제", "동구", "", "", "", "", "", "", ""],
            ["보고 있는 과제", "동구", "", "", "", "완료", "", "", ""],
        ]
    )
    before = AuditEvent.objects.count()

    created = transfer.import_tasks(actor=SYSTEM, site=city, table=read_table(data, "tasks.csv"))

    events = AuditEvent.objects.order_by("seq")[before:]
    assert [(e.verb, e.target_pk) for e in events] == [
        ("tasks.task_created", str(created[0].pk)),
        ("tasks.task_created", str(created[1].pk)),
        ("tasks.progress_reported", str(created[1].pk)),
    ]
    assert (created[1].status, created[1].progress, created[1].reports.get().narrative) == (
        "completed",
        Decimal(100),
        "파일에서 가져왔습니다.",
    )


def test_an_import_by_someone_who_cannot_create_the_owners_tasks_writes_nothing(city):
    data = csv_bytes([HEADER, ["과제", "동구", "", "", "", "", "", "", ""]])
    before = (Task.objects.count(), AuditEvent.objects.count())

    with pytest.raises(PermissionDeniedError):
        transfer.import_tasks(actor=Actor.for_user(UserFactory()), site=city, table=read_table(data, "tasks.csv"))

    assert (Task.objects.count(), AuditEvent.objects.count()) == before
