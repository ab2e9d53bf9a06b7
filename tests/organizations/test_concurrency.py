"""Two secretaries appointing to the last free place at once: exactly one succeeds.

SQLite serialises writers itself and cannot show the race, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import ConflictError
from hyeopchi.organizations import services
from hyeopchi.organizations.models import Membership
from tests.factories import SYSTEM, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_concurrent_appointments_to_the_last_place_let_one_through():
    post = PostFactory(max_holders=1)
    people = [PersonFactory(), PersonFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def appoint(person):
        try:
            barrier.wait(timeout=10)
            services.appoint_member(actor=SYSTEM, post=post, person=person, start_date=dt.date(2024, 1, 1))
            outcomes.append("appointed")
        except ConflictError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=appoint, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["appointed", "organizations.post_full"]
    assert Membership.objects.filter(post=post).count() == 1
    assert verify_chain().is_ok
