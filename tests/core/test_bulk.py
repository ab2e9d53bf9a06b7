"""Batch writes: keys reserved before the transaction, one repeated INSERT, events linked in bulk."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import append_events, event_hash, prepare_events, record_event, verify_chain
from hyeopchi.core.bulk import prepare_insert, reserve_ids
from hyeopchi.core.models import AuditChainHead, AuditEvent
from hyeopchi.organizations.models import Person
from hyeopchi.tasks.models import Task
from tests.factories import SYSTEM

pytestmark = pytest.mark.django_db(transaction=True)


def test_reserved_keys_are_never_given_to_a_row_created_afterwards():
    first = Person.objects.create(name="첫째")
    reserved = reserve_ids(Person, 3)

    later = Person.objects.create(name="나중")

    assert (reserved, later.pk) == ([first.pk + 1, first.pk + 2, first.pk + 3], first.pk + 4)


def test_keys_of_deleted_rows_are_not_reserved_again():
    gone = Person.objects.create(name="지워짐")
    gone_pk = gone.pk
    gone.delete()

    assert reserve_ids(Person, 1) == [gone_pk + 1]


def test_a_prepared_insert_writes_every_field_as_save_would(gwangju_city):
    (pk,) = reserve_ids(Task, 1)
    task = Task(
        pk=pk, site=gwangju_city, owner=gwangju_city, kind="other", title="가져온 과제", progress=Decimal("12.5")
    )
    insert = prepare_insert([task])

    with transaction.atomic():
        insert.run()

    stored = Task.objects.get(pk=pk)
    assert (stored.title, stored.progress, stored.status, stored.created_at is not None) == (
        "가져온 과제",
        Decimal("12.50"),
        "planned",
        True,
    )


def test_a_prepared_insert_outside_a_transaction_is_refused(gwangju_city):
    (pk,) = reserve_ids(Person, 1)
    insert = prepare_insert([Person(pk=pk, name="밖")])

    with pytest.raises(RuntimeError):
        insert.run()


def test_events_appended_in_bulk_hash_as_recorded_ones_and_move_the_head():
    person = Person.objects.create(name="감사대상")
    with transaction.atomic():
        first = record_event(SYSTEM, "tests.one", person, {"n": 0})
    prepared = prepare_events(
        Actor.system("batch"), [("tests.many", person, {"n": n, "이름": "홍길동"}) for n in range(3)]
    )

    with transaction.atomic():
        appended = append_events(prepared)

    events = list(AuditEvent.objects.order_by("seq"))
    last = events[-1]
    expected = event_hash(
        seq=4,
        occurred_at=last.occurred_at,
        actor_label="system:batch",
        actor_pk=None,
        verb="tests.many",
        target_type="organizations.person",
        target_pk=str(person.pk),
        target_label=str(person),
        payload='{"n":2,"이름":"홍길동"}',
        previous_hash=events[-2].hash,
    )
    assert (appended, [e.seq for e in events], events[1].previous_hash) == (3, [1, 2, 3, 4], first.hash)
    assert last.hash == expected
    assert AuditChainHead.objects.values_list("seq", "hash").get() == (4, last.hash)
    assert verify_chain().is_ok
