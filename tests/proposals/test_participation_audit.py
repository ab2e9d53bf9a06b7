"""Taking part leaves an audit event: supports and their withdrawal, debate positions, comments
and reports, each with the acting account."""

from __future__ import annotations

import json

import pytest

from hyeopchi.core.audit import verify_chain
from hyeopchi.core.models import AuditEvent
from hyeopchi.proposals import services
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def _last(verb: str) -> tuple[str, int | None, str, dict]:
    event = AuditEvent.objects.filter(verb=verb).order_by("-seq").first()
    assert event is not None, verb
    return event.target_type, event.actor_pk, event.target_pk, json.loads(event.payload)


def test_a_support_and_its_withdrawal_are_each_recorded(baro: Baro):
    proposal = baro.propose("버스 정류장 그늘막", "여름 그늘막을 설치해 주세요.")
    [citizen] = people(1)

    services.support(actor=citizen, proposal=proposal)
    services.withdraw_support(actor=citizen, proposal=proposal)

    assert _last("proposals.supported") == ("proposals.proposal", citizen.user_pk, str(proposal.pk), {"supports": 1})
    assert _last("proposals.support_withdrawn")[1:] == (citizen.user_pk, str(proposal.pk), {"supports": 0})
    assert verify_chain().is_ok


def test_a_comment_is_recorded_without_its_text(baro: Baro):
    proposal = baro.propose("도서관 야간 개방", "시험 기간에 밤 10시까지 열어 주세요.")
    [citizen] = people(1)

    comment = services.add_comment(actor=citizen, proposal=proposal, body="좋은 생각입니다.")

    assert _last("proposals.commented") == (
        "proposals.comment",
        citizen.user_pk,
        str(comment.pk),
        {"proposal": proposal.pk, "parent": None},
    )


def test_a_report_is_recorded_with_its_reason(baro: Baro):
    proposal = baro.propose("공원 반려견 놀이터", "반려견 놀이터를 만들어 주세요.")
    [citizen] = people(1)

    services.report_content(actor=citizen, reason="spam", proposal=proposal)

    assert _last("proposals.reported") == ("proposals.proposal", citizen.user_pk, str(proposal.pk), {"reason": "spam"})
