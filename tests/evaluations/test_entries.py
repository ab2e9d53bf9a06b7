"""Who is evaluated and who evaluates: targets enrolled and evaluators added through services."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AuditEvent
from hyeopchi.evaluations import services
from hyeopchi.evaluations.enums import PanelKind
from hyeopchi.evaluations.models import Evaluator, Panel, Target
from hyeopchi.organizations.enums import OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.support.evaluations import evaluation_office, example_round_of
from tests.support.helpers import audit_length

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_round() -> dict[str, Any]:
    office, staff = evaluation_office("평가기관")
    panels = [{"key": "citizen", "kind": PanelKind.CITIZEN, "title": "국민평가단"}]
    round_ = example_round_of(office, "draft", "준비 중인 평가", panels)
    return {"round": round_, "actor": Actor.for_user(staff)}


def spec(name: str, code: str) -> services.TargetSpec:
    organization = OrganizationFactory(name=name, kind=OrganizationKind.BASIC_GOVERNMENT)
    return services.TargetSpec(organization=organization, code=code, name=name, group="시")


def test_targets_are_enrolled_in_order_and_audited(draft_round):
    enrolled = services.enrol_targets(
        actor=draft_round["actor"], round_=draft_round["round"], targets=[spec("수원시", "T1"), spec("용인시", "T2")]
    )

    assert [(t.code, t.name, t.group, t.position) for t in enrolled] == [
        ("T1", "수원시", "시", 1),
        ("T2", "용인시", "시", 2),
    ]
    event = AuditEvent.objects.get(verb="evaluations.targets_enrolled")
    assert json.loads(event.payload) == {"codes": ["T1", "T2"], "count": 2}


def test_a_code_given_twice_enrols_nobody(draft_round):
    targets = [spec("수원시", "T1"), spec("용인시", "T1")]
    before = audit_length()

    with pytest.raises(ValidationFailedError) as caught:
        services.enrol_targets(actor=draft_round["actor"], round_=draft_round["round"], targets=targets)

    assert caught.value.code == "evaluations.invalid"
    assert Target.objects.count() == 0
    assert audit_length() == before


def test_applicants_join_the_pool_unselected(draft_round):
    panel = Panel.objects.get(round=draft_round["round"], key="citizen")

    added = services.add_evaluators(
        actor=draft_round["actor"],
        panel=panel,
        evaluators=[Evaluator(pseudonym=f"C{n}", name=f"신청자 {n}", selected=False) for n in (1, 2, 3)],
    )

    assert [(e.pseudonym, e.panel_id, e.selected) for e in added] == [
        ("C1", panel.pk, False),
        ("C2", panel.pk, False),
        ("C3", panel.pk, False),
    ]
    event = AuditEvent.objects.get(verb="evaluations.evaluators_added")
    assert json.loads(event.payload) == {"count": 3, "in_pool": 3, "panel": "citizen"}


def test_no_target_is_enrolled_after_the_draw(example_round):
    late = [spec("늦은시", "T9")]
    before = audit_length()

    with pytest.raises(InvalidTransitionError) as caught:
        services.enrol_targets(actor=example_round["office"], round_=example_round["round"], targets=late)

    assert caught.value.code == "evaluations.drawn"
    assert Target.objects.filter(code="T9").count() == 0
    assert audit_length() == before


def test_someone_outside_the_office_cannot_add_evaluators(draft_round):
    panel = Panel.objects.get(round=draft_round["round"], key="citizen")
    outsider = Actor.for_user(UserFactory(username="outsider"))

    with pytest.raises(PermissionDeniedError) as caught:
        services.add_evaluators(actor=outsider, panel=panel, evaluators=[Evaluator(pseudonym="X", name="외부인")])

    assert caught.value.code == "evaluations.not_allowed"
    assert Evaluator.objects.count() == 0


def test_a_score_sheet_with_one_rating_out_of_scale_saves_nothing(example_round):
    from hyeopchi.evaluations.models import Assignment, Rating

    evaluator = example_round["evaluators"]["E1"]
    assignment = Assignment.objects.filter(evaluator=evaluator).earliest("pk")
    before = (Rating.objects.count(), audit_length())

    with pytest.raises(ValidationFailedError) as caught:
        services.save_score_sheet(
            actor=Actor.for_user(evaluator.user),
            evaluator=evaluator,
            target=assignment.target,
            values=[("I1", Decimal(4), ""), ("I3", Decimal(6), "")],
            submit=True,
        )

    assert caught.value.code == "evaluations.invalid"
    assert (Rating.objects.count(), audit_length()) == before


def test_a_score_sheet_given_again_unchanged_amends_nothing(example_round):
    from hyeopchi.evaluations.models import Assignment, Rating

    evaluator = example_round["evaluators"]["E1"]
    target = Assignment.objects.filter(evaluator=evaluator).earliest("pk").target
    actor = Actor.for_user(evaluator.user)
    sheet = [("I1", Decimal(4), "좋음"), ("I3", Decimal(3), "")]
    services.save_score_sheet(actor=actor, evaluator=evaluator, target=target, values=sheet, submit=True)
    before = audit_length()

    again = services.save_score_sheet(actor=actor, evaluator=evaluator, target=target, values=sheet, submit=True)

    assert [(r.indicator, r.value, r.status) for r in again] == [
        ("I1", Decimal(4), "submitted"),
        ("I3", Decimal(3), "submitted"),
    ]
    assert audit_length() == before
    assert Rating.objects.filter(assignment__evaluator=evaluator).count() == 2


def test_a_score_sheet_is_submitted_whole(example_round):
    from hyeopchi.evaluations.models import Assignment, Rating

    evaluator = example_round["evaluators"]["E1"]
    target = Assignment.objects.filter(evaluator=evaluator).earliest("pk").target
    actor = Actor.for_user(evaluator.user)

    with pytest.raises(ValidationFailedError) as caught:
        services.save_score_sheet(
            actor=actor, evaluator=evaluator, target=target, values=[("I1", Decimal(4), "")], submit=True
        )
    draft = services.save_score_sheet(
        actor=actor, evaluator=evaluator, target=target, values=[("I1", Decimal(4), "")], submit=False
    )

    assert caught.value.field_messages() == {
        "values": ["평가표는 한꺼번에 제출합니다. I3도 평가하거나 임시 저장하세요."]
    }
    assert [(r.indicator, r.status) for r in draft] == [("I1", "draft")]
    assert Rating.objects.filter(assignment__evaluator=evaluator, status="submitted").count() == 0


def test_a_rubric_is_rated_in_whole_levels(example_round):
    from hyeopchi.evaluations.models import Assignment

    evaluator = example_round["evaluators"]["E1"]
    target = Assignment.objects.filter(evaluator=evaluator).earliest("pk").target

    with pytest.raises(ValidationFailedError) as caught:
        services.save_rating(
            actor=Actor.for_user(evaluator.user),
            evaluator=evaluator,
            target=target,
            indicator="I1",
            value=Decimal("2.5"),
        )

    assert caught.value.field_messages() == {
        "value": ["I1은(는) 정수 단계로 평가합니다. 1~5 가운데 하나를 주세요(2.5 불가)."]
    }
