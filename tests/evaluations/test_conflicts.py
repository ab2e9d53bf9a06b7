"""Conflicts as the standard clause has them, and who decided an objection (기피)."""

from __future__ import annotations

import pytest

from hyeopchi.core.errors import PermissionDeniedError
from hyeopchi.evaluations import services
from hyeopchi.evaluations.enums import ConflictReason

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["spouse", "relative", "testimony", "agent"])
def test_the_standard_clause_grounds_exist(reason):
    assert reason in ConflictReason.values


def test_an_objection_decided_by_the_committee_records_who_and_how(example_round):
    e1, target = example_round["evaluators"]["E1"], example_round["targets"]["T1"]
    objection = services.declare_conflict(
        actor=example_round["staff"]["T1"], evaluator=e1, target=target, reason=ConflictReason.TESTIMONY
    )

    waiting = objection.status
    decided = services.decide_conflict(
        actor=example_round["office"], conflict=objection, uphold=True, decided_how="committee"
    )

    assert (waiting, decided.status, decided.decided_how) == ("pending", "upheld", "committee")
    assert decided.decided_by_id == example_round["office"].user_pk
    assert decided.decided_at is not None


def test_the_challenged_evaluator_does_not_decide_their_own_objection(example_round):
    e1, target = example_round["evaluators"]["E1"], example_round["targets"]["T1"]
    objection = services.declare_conflict(
        actor=example_round["staff"]["T1"], evaluator=e1, target=target, reason=ConflictReason.AGENT
    )
    e1.user = example_round["office"].user  # a member of the office who is also the challenged rater
    e1.save(update_fields=["user"])
    objection.refresh_from_db()

    with pytest.raises(PermissionDeniedError) as error:
        services.decide_conflict(actor=example_round["office"], conflict=objection, uphold=False)

    assert str(error.value.message) == "기피 신청을 받은 평가위원은 그 결정에 참여하지 않습니다."
    objection.refresh_from_db()
    assert (objection.status, objection.decided_how) == ("pending", "")
