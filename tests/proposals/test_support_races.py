"""Many clients supporting at once: no lost and no double supports; each step reached once.

SQLite serialises writers itself and cannot show the race, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import ConflictError
from hyeopchi.proposals import services
from hyeopchi.proposals.models import Proposal, StepReached, Support
from tests.support.proposals import SUBMITTED, people

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_parallel_supports_count_exactly_and_cross_the_threshold_once(baro):
    proposal = baro.propose("심야 버스 노선 신설", "심야 노선이 필요합니다.", now=SUBMITTED)
    citizens = people(60)
    # Each of the first 20 tries twice: the second attempt must be refused, never counted.
    attempts = citizens + citizens[:20]
    barrier = threading.Barrier(16)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(chunk):
        try:
            barrier.wait(timeout=20)
            for citizen in chunk:
                try:
                    services.support(actor=citizen, proposal=proposal, now=SUBMITTED)
                    result = "ok"
                except ConflictError as error:
                    result = error.code
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(attempts[i::16],)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    proposal.refresh_from_db()
    assert sorted(set(outcomes)) == ["ok", "proposals.already_supported"]
    assert (outcomes.count("ok"), outcomes.count("proposals.already_supported")) == (60, 20)
    assert (proposal.support_count, Support.objects.filter(proposal=proposal).count()) == (60, 60)
    assert StepReached.objects.filter(proposal=proposal).count() == 1
    assert Proposal.objects.get(pk=proposal.pk).status == "debate"
    assert verify_chain().is_ok
