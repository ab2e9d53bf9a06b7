"""An evaluation office sets a round up in the browser's pages: from framework and rules files,
targets by group or from a spreadsheet, evaluators from a spreadsheet, and the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.models import Conflict, Evaluator, Round
from hyeopchi.organizations.enums import OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.support.evaluations import EXAMPLE, evaluation_office
from tests.support.helpers import client_for, text_of

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (EXAMPLE / name).read_bytes())


def create_round(client, office, **fields):
    form = {
        "office": office.pk,
        "title": "2027 혁신평가",
        "slug": "innovation-2027",
        "framework": upload("framework.yaml"),
        "rules": upload("rules.yaml"),
        "draw_on": "2027-03-02",
        **fields,
    }
    return client.post("/evaluations/new/", form)


def test_an_office_creates_a_round_from_the_example_files():
    office, staff = evaluation_office()

    response = create_round(client_for(staff), office)

    round_ = Round.objects.get(slug="innovation-2027")
    assert response.status_code == 302
    assert response["Location"] == "/evaluations/innovation-2027/office/"
    assert (round_.office, round_.framework.status, round_.draw_on) == (office, "published", dt.date(2027, 3, 2))
    assert sorted(round_.panels.values_list("key", flat=True)) == ["citizen", "data", "expert", "online"]


def test_a_framework_file_that_does_not_add_up_is_refused_on_its_field():
    office, staff = evaluation_office()
    broken = (EXAMPLE / "framework.yaml").read_text(encoding="utf-8").replace("points: 30", "points: 31", 1)

    response = create_round(client_for(staff), office, framework=upload("framework.yaml", broken.encode()))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["framework"]
    assert not Round.objects.exists()


def test_a_yaml_file_with_aliases_is_refused():
    office, staff = evaluation_office()

    response = create_round(client_for(staff), office, rules=upload("rules.yaml", b"a: &x [1]\nb: *x\n"))

    assert response.context["form"].errors == {"rules": ["rules.yaml: 올바른 YAML이 아닙니다 (2번째 줄)."]}


def test_only_who_runs_an_office_sees_the_new_round_page():
    citizen = UserFactory(username="someone")

    assert client_for(citizen).get("/evaluations/new/").status_code == 403


def districts():
    city = OrganizationFactory(name="광주광역시", kind=OrganizationKind.METROPOLITAN_GOVERNMENT)
    return [
        OrganizationFactory(name=name, parent=city, kind=OrganizationKind.BASIC_GOVERNMENT)
        for name in ("동구", "서구", "남구")
    ]


def test_targets_are_enrolled_by_group_from_the_tree():
    office, staff = evaluation_office()
    client = client_for(staff)
    create_round(client, office)
    districts()

    response = client.post(
        "/evaluations/innovation-2027/office/targets/",
        {"via": "group", "parent": "광주광역시", "kind": "basic_government", "group": "구", "code_prefix": "G"},
    )

    targets = Round.objects.get(slug="innovation-2027").targets.order_by("position")
    assert response.status_code == 302
    assert list(targets.values_list("code", "name", "group")) == [
        ("G001", "동구", "구"),
        ("G002", "서구", "구"),
        ("G003", "남구", "구"),
    ]


def test_a_target_spreadsheet_with_a_bad_cell_enrols_no_one():
    office, staff = evaluation_office()
    client = client_for(staff)
    create_round(client, office)
    districts()
    sheet = "대상,기관,비교군\nT1,동구,구\nT2,북구,구\n".encode()

    response = client.post(
        "/evaluations/innovation-2027/office/targets/", {"via": "file", "file": upload("targets.csv", sheet)}
    )

    assert response.status_code == 422
    assert response.context["file_form"].errors == {
        "file": [
            "파일을 가져오지 않았습니다. 아무것도 저장하지 않았습니다.",
            "3행 ‘기관’: “북구”(이)라는 기관이 없습니다.",
        ]
    }
    assert Round.objects.get(slug="innovation-2027").targets.count() == 0


def test_evaluators_are_imported_with_their_declared_conflicts():
    office, staff = evaluation_office()
    client = client_for(staff)
    create_round(client, office)
    districts()
    client.post(
        "/evaluations/innovation-2027/office/targets/",
        {"via": "group", "parent": "광주광역시", "group": "구", "code_prefix": "T"},
    )
    sheet = "평가단,가명,이름,이해충돌\nexpert,E01,김평가,T001\nexpert,E02,박평가,\ncitizen,C01,시민,\n".encode()

    response = client.post("/evaluations/innovation-2027/office/evaluators/", {"file": upload("e.csv", sheet)})
    page = text_of(client.get("/evaluations/innovation-2027/office/evaluators/"))

    assert response.status_code == 302
    assert sorted(Evaluator.objects.values_list("panel__key", "pseudonym")) == [
        ("citizen", "C01"),
        ("expert", "E01"),
        ("expert", "E02"),
    ]
    assert list(Conflict.objects.values_list("evaluator__pseudonym", "target__code", "reason")) == [
        ("E01", "T001", "declared")
    ]
    assert "전문가 평가단 expert 2 0" in page


def test_the_calendar_page_saves_the_dates_in_order():
    office, staff = evaluation_office()
    client = client_for(staff)
    create_round(client, office)

    saved = client.post(
        "/evaluations/innovation-2027/office/calendar/",
        {"draw_on": "2027-03-02", "scoring_from": "2027-03-08", "scoring_until": "2027-04-09"},
    )
    refused = client.post(
        "/evaluations/innovation-2027/office/calendar/", {"scoring_from": "2027-03-08", "scoring_until": "2027-03-01"}
    )

    round_ = Round.objects.get(slug="innovation-2027")
    assert saved.status_code == 302
    assert (round_.draw_on, round_.scoring_from, round_.scoring_until) == (
        dt.date(2027, 3, 2),
        dt.date(2027, 3, 8),
        dt.date(2027, 4, 9),
    )
    assert refused.context["form"].errors == {"scoring_until": ["달력의 날짜는 앞 날짜와 같거나 그 뒤여야 합니다."]}


def test_the_draw_needs_its_confirmation_ticked():
    office, staff = evaluation_office()
    client = client_for(staff)
    create_round(client, office)
    round_ = Round.objects.get(slug="innovation-2027")
    client.post("/evaluations/innovation-2027/office/move/", {"to": "preparing"})
    client.post("/evaluations/innovation-2027/office/commit/", {"commitment": commitment("seed")})

    response = client.post("/evaluations/innovation-2027/office/draw/", {"seed": "seed"}, follow=True)

    round_.refresh_from_db()
    assert [str(m) for m in response.context["messages"]][-1] == "먼저 확인란에 표시하세요. 추첨은 되돌릴 수 없습니다."
    assert (round_.status, round_.seed) == ("preparing", "")
