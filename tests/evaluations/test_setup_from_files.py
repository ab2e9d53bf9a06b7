"""A round set up by its office from files: the framework and rules `hyeopchi evaluation compute`
reads, the targets and the evaluators (with their conflicts) from spreadsheets, and the calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hyeopchi.core.accounts import account_named
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.core.tabular import read_table
from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.evaluations import enrolment, services
from hyeopchi.evaluations.models import Conflict, Evaluator, Framework, Round
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.enums import OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.support.evaluations import evaluation_office, example_specs

pytestmark = pytest.mark.django_db


def new_round(office, staff, slug="from-files", **fields):
    framework, rules = example_specs()
    return services.create_round_from_files(
        actor=Actor.for_user(staff),
        office=office,
        slug=slug,
        title="파일로 만든 평가",
        framework_spec=framework,
        rules=rules,
        **fields,
    )


def finder(value):
    return organization_selectors.organization_named(value)


def test_a_round_from_the_example_files_opens_a_panel_for_each_panel_of_the_framework():
    office, staff = evaluation_office()

    round_ = new_round(office, staff)

    panels = sorted(round_.panels.values_list("key", "kind", "title", "title_en", "per_target"))
    assert (round_.framework.status, round_.framework.title) == ("published", "혁신평가 예시 (worked example)")
    assert panels == [
        ("citizen", "citizen", "국민평가단", "citizen panel", 5),
        ("data", "data", "정량 자료", "data", 0),
        ("expert", "expert", "전문가 평가단", "expert panel", 5),
        ("online", "public_online", "온라인 국민참여", "online public", 5),
    ]


def test_a_second_round_from_the_same_framework_reuses_it():
    office, staff = evaluation_office()

    first = new_round(office, staff, slug="first")
    second = new_round(office, staff, slug="second")

    assert second.framework == first.framework
    assert Framework.objects.count() == 1


def test_a_wrong_rules_file_creates_nothing():
    office, staff = evaluation_office()
    framework, rules = example_specs()
    rules["panels"]["expert"]["per_target"] = "many"

    with pytest.raises(ValidationFailedError) as raised:
        services.create_round_from_files(
            actor=Actor.for_user(staff), office=office, slug="x", title="x", framework_spec=framework, rules=rules
        )

    assert raised.value.field_messages() == {"rules": ["panels expert per_target: 0부터 100까지의 정수를 쓰세요."]}
    assert (Round.objects.count(), Framework.objects.count()) == (0, 0)


def lgs(*names):
    parent = OrganizationFactory(name="경기도", kind=OrganizationKind.METROPOLITAN_GOVERNMENT)
    return [OrganizationFactory(name=n, parent=parent, kind=OrganizationKind.BASIC_GOVERNMENT) for n in names]


def test_targets_come_from_a_spreadsheet_with_their_groups():
    office, staff = evaluation_office()
    round_ = new_round(office, staff)
    suwon, yongin = lgs("경기도 수원시", "경기도 용인시")
    table = read_table("대상,기관,비교군,규모계수\nT1,경기도 수원시,시,1.2\nT2,경기도 용인시,시,\n".encode(), "t.csv")

    specs = enrolment.target_specs(table, round_, finder)
    services.enrol_targets(actor=Actor.for_user(staff), round_=round_, targets=specs)

    rows = list(round_.targets.order_by("position").values_list("code", "organization", "name", "group", "size_factor"))
    assert rows == [
        ("T1", suwon.pk, "경기도 수원시", "시", Decimal("1.2000")),
        ("T2", yongin.pk, "경기도 용인시", "시", Decimal("1.0000")),
    ]


def test_a_target_file_with_bad_rows_is_refused_whole():
    office, staff = evaluation_office()
    round_ = new_round(office, staff)
    lgs("경기도 수원시")
    table = read_table("대상,기관,비교군\nT1,경기도 수원시,시\nT1,없는시,시\nT3,경기도 수원시,\n".encode(), "t.csv")

    with pytest.raises(ImportRefusedError) as raised:
        enrolment.target_specs(table, round_, finder)

    assert [str(p) for p in raised.value.problems] == [
        "3행 ‘기관’: “없는시”(이)라는 기관이 없습니다.",
        "3행 ‘대상’: “T1”은(는) 이미 2행에 있습니다.",
        "4행 ‘비교군’: 반드시 채워야 하는 열입니다.",
        "4행 ‘기관’: 이 기관은 이미 2행에 있습니다.",
    ]


def test_evaluators_come_from_a_spreadsheet_with_pools_employment_and_declared_conflicts():
    office, staff = evaluation_office()
    round_ = new_round(office, staff)
    suwon, yongin = lgs("경기도 수원시", "경기도 용인시")
    services.enrol_targets(
        actor=Actor.for_user(staff),
        round_=round_,
        targets=[
            services.TargetSpec(organization=suwon, code="T1", name="수원", group="시"),
            services.TargetSpec(organization=yongin, code="T2", name="용인", group="시"),
        ],
    )
    UserFactory(username="rater-kim")
    table = read_table(
        (
            "평가단,가명,이름,계정,근무 이력,후보군,이해충돌\n"
            "expert,E01,김평가,rater-kim,경기도 수원시:2019,,T2:contract\n"
            "citizen,C001,시민 1,,,예,\n"
        ).encode(),
        "e.csv",
    )

    entries = enrolment.evaluator_rows(table, round_, finder, account_named)
    added = services.import_evaluators(actor=Actor.for_user(staff), round_=round_, entries=entries)

    kim = Evaluator.objects.get(pseudonym="E01")
    assert added == 2
    assert (kim.user.username, kim.employment, kim.selected) == (
        "rater-kim",
        [{"organization": suwon.pk, "until": 2019}],
        True,
    )
    assert Evaluator.objects.get(pseudonym="C001").selected is False
    assert list(Conflict.objects.values_list("evaluator__pseudonym", "target__code", "reason", "status")) == [
        ("E01", "T2", "contract", "upheld")
    ]


def test_an_evaluator_file_with_bad_rows_adds_no_one():
    office, staff = evaluation_office()
    round_ = new_round(office, staff)
    table = read_table(
        "평가단,가명,이름,이해충돌\nexpert,E01,김평가,T9\npanel9,E 02,박평가,\nexpert,E01,이평가,\n".encode(), "e.csv"
    )

    with pytest.raises(ImportRefusedError) as raised:
        enrolment.evaluator_rows(table, round_, finder, account_named)

    assert [str(p) for p in raised.value.problems] == [
        "2행 ‘이해충돌’: 이 평가에는 “T9” 대상이 없습니다.",
        "3행 ‘평가단’: 이 평가에는 “panel9” 평가단이 없습니다.",
        "3행 ‘가명’: 글자, 숫자, -, _만 20자까지 쓰세요.",
        "4행 ‘가명’: 이 가명은 이미 2행에 있습니다.",
    ]
    assert Evaluator.objects.count() == 0


def test_the_calendar_keeps_its_order():
    office, staff = evaluation_office()
    round_ = new_round(office, staff)
    actor = Actor.for_user(staff)

    services.set_calendar(
        actor=actor, round_=round_, calendar={"draw_on": dt.date(2027, 3, 2), "scoring_from": dt.date(2027, 3, 8)}
    )
    with pytest.raises(ValidationFailedError) as raised:
        services.set_calendar(
            actor=actor,
            round_=round_,
            calendar={"scoring_from": dt.date(2027, 3, 8), "scoring_until": dt.date(2027, 3, 1)},
        )

    round_.refresh_from_db()
    assert (round_.draw_on, round_.scoring_from, round_.scoring_until) == (
        dt.date(2027, 3, 2),
        dt.date(2027, 3, 8),
        None,
    )
    assert raised.value.field_messages() == {"scoring_until": ["달력의 날짜는 앞 날짜와 같거나 그 뒤여야 합니다."]}


@pytest.mark.parametrize(
    ("framework_change", "rules_change", "field"),
    [
        ({}, {"panels": [1, 2]}, "rules"),
        ({}, {"panels": {"expert": "x"}}, "rules"),
        ({}, {"grading": "x"}, "rules"),
        ({}, {"incentives": [1]}, "rules"),
        ({}, {"tie_chain": 5}, "rules"),
        ({"fields": [1]}, {}, "spec"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_with_its_place(framework_change, rules_change, field):
    office, staff = evaluation_office()
    framework, rules = example_specs()

    with pytest.raises(ValidationFailedError) as raised:
        services.create_round_from_files(
            actor=Actor.for_user(staff),
            office=office,
            slug="x",
            title="x",
            framework_spec={**framework, **framework_change},
            rules={**rules, **rules_change},
        )

    place = "rules" if field == "rules" else "framework"
    assert raised.value.field_messages() == {
        field: [f"{place}: 문서에 정한 형식과 다른 종류의 값(목록, 항목 묶음, 숫자)이 있습니다."]
    }
    assert Round.objects.count() == 0
