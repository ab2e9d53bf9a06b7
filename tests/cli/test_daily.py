"""``hyeopchi daily``: the once-a-day jobs, run as cron runs them."""

from __future__ import annotations

import pytest
from django.db import connection

from hyeopchi.core.models import AuditEvent
from hyeopchi.proposals.enums import ProposalStatus
from tests.support.helpers import run_command
from tests.support.proposals import SUBMITTED, Baro

pytestmark = pytest.mark.django_db


def test_daily_closes_a_proposal_whose_support_window_ran_out(baro: Baro):
    proposal = baro.propose(
        "수완지구 버스 배차 간격 단축", "출근 시간에 배차 간격이 20분이 넘어 불편합니다.", now=SUBMITTED
    )

    output = run_command("daily")

    proposal.refresh_from_db()
    assert (output, proposal.status) == (
        "0 meetings created, 1 proposals expired, 0 digests sent, 0 registrations' personal data destroyed, "
        "0 children's registrations cancelled without a guardian's answer, 0 panel applicants not drawn forgotten, 0 meetings' records asked for, "
        "0 tasks due or overdue reminded of, 0 search entries refreshed, 0 finished jobs cleared, "
        f"audit anchored at event #{AuditEvent.objects.count()}, "
        + {"sqlite": "statistics refreshed", "postgresql": "statistics left to the database"}[connection.vendor]
        + "\n",
        ProposalStatus.EXPIRED,
    )
