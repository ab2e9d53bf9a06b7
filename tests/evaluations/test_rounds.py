"""A stored round end to end: draw, score, publish, appeal, recalculate, finalise, replay; and
the refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction
from typing import Any

import pytest
from django.utils import translation

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import DomainError, ValidationFailedError
from hyeopchi.core.models import AuditEvent
from hyeopchi.evaluations import engine, selectors, services
from hyeopchi.evaluations.enums import ConflictReason, RatingStatus, Remedy, RoundStatus
from hyeopchi.evaluations.models import Assignment, Rating, ResultVersion
from hyeopchi.organizations.models import Organization
from tests.factories import SYSTEM
from tests.support.evaluations import EXAMPLE, SEED, WORKED, compute_files, rate_everything

pytestmark = pytest.mark.django_db


def summary(version: ResultVersion) -> dict[str, tuple[str, int, str, int]]:
    return {k: (r["total"], r["rank"], r["grade"], r["amount"]) for k, r in version.payload["targets"].items()}


def test_the_draw_assigns_every_target_its_panel_and_publishes_the_seed(example_round: dict[str, Any]) -> None:
    round_ = example_round["round"]
    assert round_.seed == SEED
    counts = {p: Assignment.objects.filter(evaluator__panel__key=p).count() for p in ("expert", "citizen", "online")}
    assert counts == {"expert": 30, "citizen": 6, "online": 6}
    verbs = list(AuditEvent.objects.filter(verb__startswith="evaluations.").values_list("verb", flat=True))
    assert verbs.index("evaluations.seed_committed") < verbs.index("evaluations.assignment_computed")
    assert verbs.index("evaluations.assignment_computed") < verbs.index("evaluations.seed_revealed")


def test_the_stored_round_gives_the_worked_example_and_the_file_command_the_same_hash(
    example_round: dict[str, Any],
) -> None:
    rate_everything(example_round)
    version = services.publish_provisional(actor=example_round["office"], round_=example_round["round"])
    assert summary(version) == WORKED
    # The same files, computed without a round.
    assert compute_files(EXAMPLE).output_hash == version.output_hash
    assert [ok for _, ok in services.replay(example_round["round"])] == [True]


def test_appeal_recalculation_diff_hold_harmless_and_versions(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    office, round_ = example_round["office"], example_round["round"]
    services.publish_provisional(actor=office, round_=round_)
    t4 = example_round["targets"]["T4"]
    appeal = services.file_appeal(
        actor=example_round["staff"]["T4"],
        target=t4,
        ground="data",
        indicator="I2",
        text="이행률 80%가 60%로 잘못 입력되었습니다.",
    )
    with pytest.raises(ValidationFailedError):
        services.finalise(actor=office, round_=round_)
    decided = correct_t4_data(office, appeal, "자료 확인 결과 80%가 맞습니다.")
    assert decided.version is not None
    assert decided.version.diff == [
        {
            "target": "T4",
            "name": "라시",
            "group": "기초",
            "changed": ["total", "rank", "grade"],
            "total_before": "55.35",
            "rank_before": 6,
            "grade_before": "미흡",
            "amount_before": 0,
            "total_after": "58.35",
            "rank_after": 5,
            "grade_after": "보통",
            "amount_after": 0,
        },
        {
            "target": "T6",
            "name": "바시",
            "group": "기초",
            "changed": ["rank", "grade"],
            "total_before": "57.38",
            "rank_before": 5,
            "grade_before": "보통",
            "amount_before": 0,
            "total_after": "57.38",
            "rank_after": 6,
            "grade_after": "미흡",
            "amount_after": 0,
        },
    ]
    final = services.finalise(actor=office, round_=round_)
    assert (final.final_number, final.diff) == (1, [])
    again = services.finalise(actor=office, round_=round_, reason="산식 재확인")
    assert again.final_number == 2
    assert [v.number for v in ResultVersion.objects.filter(round=round_)] == [1, 2, 3, 4]
    assert all(ok for _, ok in services.replay(round_))
    assert verify_chain().is_ok


def correct_t4_data(office: Actor, appeal: Any, decision: str, **options: Any) -> Any:
    """Uphold T4's appeal on its data: the I2 figure was 80%, not what the office entered."""
    return services.decide_appeal(
        actor=office,
        appeal=appeal,
        uphold=True,
        remedy=Remedy.CORRECT_DATA,
        decision=decision,
        figures={"I2": D("80")},
        **options,
    )


def _t4_appeals(example_round: dict[str, Any], ground: str, text: str) -> tuple[Any, Any, Any]:
    """Every rating in and the provisional results published, T4 appeals on ``ground``."""
    rate_everything(example_round)
    office, round_ = example_round["office"], example_round["round"]
    services.publish_provisional(actor=office, round_=round_)
    appeal = services.file_appeal(
        actor=example_round["staff"]["T4"], target=example_round["targets"]["T4"], ground=ground, text=text
    )
    return office, round_, appeal


def test_hold_harmless_keeps_the_other_grade_and_logs_the_exceeded_quota(example_round: dict[str, Any]) -> None:
    office, round_, appeal = _t4_appeals(example_round, "data", "자료 오류")
    decided = correct_t4_data(office, appeal, "인용", hold_harmless=True)
    assert decided.version is not None
    rows = decided.version.payload["targets"]
    assert (rows["T4"]["grade"], rows["T6"]["grade"], rows["T6"]["held_harmless"]) == ("보통", "보통", True)
    assert {"type": "QUOTA_EXCEEDED", "group": "기초", "grade": "보통"} in decided.version.payload["events"]
    assert AuditEvent.objects.filter(verb="evaluations.quota_exceeded").count() == 1
    final = services.finalise(actor=office, round_=round_)
    assert final.payload["targets"]["T6"]["grade"] == "보통"
    assert [ok for _, ok in services.replay(round_)] == [True, True, True]


def test_voiding_a_conflicted_rater_recomputes_without_them(example_round: dict[str, Any]) -> None:
    office, round_, appeal = _t4_appeals(example_round, "coi", "E5는 라시 출신입니다.")
    decided = services.decide_appeal(
        actor=office, appeal=appeal, uphold=True, remedy=Remedy.VOID_RATER, void_evaluator="E5", decision="인용"
    )
    assert decided.version is not None
    # I1 for T4 without E5 (2 3 2 3): trimmed mean 2.5 → 7.50 points instead of 8.00
    assert engine.to_decimal(Fraction(D(decided.version.payload["targets"]["T4"]["points"]["I1"]))) == D("7.50")


RATING_REFUSALS = {
    # case: (whose seat rates, indicator, value, the error's code, what it tells)
    "out of scale": ("E1", "I1", 6, "evaluations.invalid", {"value": ["평점 6: 허용 범위(1–5) 밖입니다."]}),
    "not the panel's indicator": (
        "E1",
        "I5",
        3,
        "evaluations.invalid",
        {"indicator": ["소속 평가단이 평가하지 않는 지표입니다."]},
    ),
    "another evaluator's seat": (
        "C",
        "I5",
        3,
        "evaluations.not_allowed",
        "평가위원 본인만 이 평점을 입력할 수 있습니다.",
    ),
    "declared conflict": ("E1", "I1", 4, "evaluations.not_allowed", "이 대상과 이해충돌이 있어 평가할 수 없습니다."),
}


@pytest.mark.parametrize("case", sorted(RATING_REFUSALS))
def test_a_refused_rating_says_why_and_saves_nothing(example_round: dict[str, Any], case) -> None:
    seat, indicator, value, code, told = RATING_REFUSALS[case]
    e1 = example_round["evaluators"]["E1"]
    t1 = example_round["targets"]["T1"]
    actor = Actor.for_user(e1.user)
    if case == "declared conflict":
        services.declare_conflict(actor=actor, evaluator=e1, target=t1, reason=ConflictReason.DECLARED)

    with translation.override("ko"), pytest.raises(DomainError) as refused:
        services.save_rating(
            actor=actor, evaluator=example_round["evaluators"][seat], target=t1, indicator=indicator, value=D(value)
        )

    error = refused.value
    said = error.field_messages() if error.fields else str(error.message)
    assert (error.code, said, Rating.objects.count()) == (code, told, 0)


def test_amending_a_submitted_rating_needs_a_reason(example_round: dict[str, Any]) -> None:
    e1 = example_round["evaluators"]["E1"]
    t1 = example_round["targets"]["T1"]
    actor = Actor.for_user(e1.user)
    services.save_rating(actor=actor, evaluator=e1, target=t1, indicator="I1", value=D(3))
    rating = services.save_rating(actor=actor, evaluator=e1, target=t1, indicator="I1", value=D(4), submit=True)
    with pytest.raises(ValidationFailedError):
        services.save_rating(actor=actor, evaluator=e1, target=t1, indicator="I1", value=D(5), submit=True)
    rating = services.save_rating(
        actor=actor, evaluator=e1, target=t1, indicator="I1", value=D(5), submit=True, reason="자료 재검토"
    )
    assert (rating.value, rating.status, rating.amendments) == (D(5), RatingStatus.SUBMITTED, 1)
    assert AuditEvent.objects.filter(verb="evaluations.rating_amended").count() == 1


def test_an_incomplete_expert_panel_blocks_publication(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    Rating.objects.filter(assignment__target__code="T3", indicator="I1").delete()
    with translation.override("ko"), pytest.raises(ValidationFailedError) as caught:
        services.publish_provisional(actor=example_round["office"], round_=example_round["round"])
    assert str(caught.value.message) == "계산할 평점이 부족합니다: T3/I1/expert."
    assert example_round["round"].versions.count() == 0


def test_a_framework_whose_points_do_not_sum_cannot_be_created() -> None:
    from tests.factories import SYSTEM
    from tests.support.evaluations import example_specs

    spec, _rules = example_specs()
    spec["fields"][2]["points"] = 31
    with translation.override("ko"), pytest.raises(ValidationFailedError) as caught:
        services.create_framework(actor=SYSTEM, office=Organization(name="평가기관"), title="잘못된 체계", spec=spec)
    assert caught.value.field_messages() == {"spec": ["fields[3] F3: 지표 배점의 합(30)이 분야 배점(31)과 다릅니다."]}


def test_an_appeal_after_the_window_is_refused(example_round: dict[str, Any]) -> None:
    rate_everything(example_round)
    round_ = example_round["round"]
    services.publish_provisional(actor=example_round["office"], round_=round_)
    round_.refresh_from_db()
    round_.appeal_until = dt.date(2020, 12, 31)
    round_.save()
    target = example_round["targets"]["T4"]
    target.round = round_
    with pytest.raises(Exception, match="2020-12-31"):
        services.file_appeal(
            actor=example_round["staff"]["T4"],
            target=target,
            ground="data",
            text="늦은 신청",
            today=dt.date(2021, 1, 1),
        )
    assert round_.appeals.count() == 0
    assert round_.status == RoundStatus.PROVISIONAL
    assert selectors.latest_published(round_) is not None


def test_a_consensus_score_within_the_ratings_replaces_the_trimmed_mean(example_round: dict[str, Any]) -> None:
    round_, office = example_round["round"], example_round["office"]
    spec = dict(round_.framework.spec)
    spec["fields"][0]["indicators"][0]["panels"]["expert"]["aggregation"] = "consensus"
    framework = services.publish_framework(
        actor=SYSTEM,
        framework=services.create_framework(actor=SYSTEM, office=round_.office, title="집단평가 예시", spec=spec),
    )
    round_.framework = framework
    round_.save(update_fields=["framework"])
    rate_everything(example_round)
    t4 = example_round["targets"]["T4"]  # I1 ratings 2 3 2 3 5
    with translation.override("ko"), pytest.raises(ValidationFailedError) as caught:
        services.enter_consensus(actor=office, target=t4, indicator="I1", panel="expert", value=D(1), reason="합의")
    assert caught.value.field_messages() == {
        "value": ["합의 점수 1이(가) 개별 평점의 범위 밖입니다. 예외로 하려면 사유를 쓰세요."]
    }
    services.enter_consensus(actor=office, target=t4, indicator="I1", panel="expert", value=D(3), reason="토의 후 합의")
    with translation.override("ko"), pytest.raises(ValidationFailedError) as incomplete:
        services.publish_provisional(actor=office, round_=round_)
    assert str(incomplete.value.message).startswith("계산할 평점이 부족합니다: T1/I1/expert")
    for code in ("T1", "T2", "T3", "T5", "T6"):
        services.enter_consensus(
            actor=office,
            target=example_round["targets"][code],
            indicator="I1",
            panel="expert",
            value=D(4),
            reason="합의",
        )
    version = services.publish_provisional(actor=office, round_=round_)
    assert version.payload["targets"]["T4"]["points"]["I1"] == "9"  # 15 × 3/5
    assert AuditEvent.objects.filter(verb="evaluations.consensus_entered").count() == 6
    assert [ok for _, ok in services.replay(round_)] == [True]


def test_a_pool_changed_after_the_commitment_stops_the_draw() -> None:
    from hyeopchi.evaluations.assignment import commitment
    from hyeopchi.evaluations.models import Panel, Round, Target
    from tests.factories import OrganizationFactory
    from tests.support.evaluations import evaluation_office, example_round_of

    office, _staff = evaluation_office("평가기관")
    round_ = example_round_of(
        office, "pool", "pool", [{"key": "expert", "kind": "expert", "title": "전문가", "per_target": 1}]
    )
    org = OrganizationFactory(name="가시", kind="basic_government")
    Target.objects.create(round=round_, organization=org, code="T1", name="가시", group="g")
    panel = Panel.objects.get(round=round_)
    for name in ("E1", "E2"):
        panel.evaluators.create(pseudonym=name, name=name)
    services.move_round(actor=SYSTEM, round_=round_, to=RoundStatus.PREPARING)
    services.commit_seed(actor=SYSTEM, round_=round_, commitment=commitment(SEED))
    Panel.objects.filter(pk=panel.pk).update(per_target=2)
    with translation.override("ko"), pytest.raises(ValidationFailedError) as caught:
        services.run_draw(actor=SYSTEM, round_=Round.objects.get(pk=round_.pk), seed=SEED)
    assert caught.value.field_messages() == {"seed": ["공약 뒤에 인력풀이 바뀌었습니다. 새 시드를 공약하세요."]}
    assert Assignment.objects.count() == 0
