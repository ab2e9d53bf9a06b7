from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import (
    GENESIS_HASH,
    ChainReport,
    event_hash,
    hashed_around_the_link,
    record_event,
    verify_chain,
)
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.models import AppendOnlyError, AuditChainHead, AuditEvent
from hyeopchi.organizations.models import Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_events(count: int) -> list[AuditEvent]:
    person = Person.objects.create(name="감사대상")
    with transaction.atomic():
        return [
            record_event(Actor.system("tests"), "tests.touched", person, {"n": n, "이름": "홍길동"})
            for n in range(count)
        ]


def tampered(sql: str, params: list[Any] | None = None) -> ChainReport:
    """What ``verify_chain`` finds once ``sql`` changed the events behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return verify_chain()


def test_record_event_links_each_event_to_the_previous_hash():
    events = make_events(3)

    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].previous_hash == GENESIS_HASH
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    assert events[0].payload == '{"n":0,"이름":"홍길동"}'
    assert events[0].actor_label == "system:tests"
    assert events[0].target_type == "organizations.person"
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, events[2].hash)


def test_verify_chain_reports_ok_with_the_count():
    make_events(5)

    report = verify_chain()

    assert (report.is_ok, report.count, report.broken_at) == (True, 5, None)


def test_verify_chain_on_an_empty_log_is_ok():
    assert verify_chain().count == 0
    assert verify_chain().is_ok


def test_verify_chain_finds_a_payload_changed_behind_the_application():
    make_events(4)

    report = tampered("UPDATE core_audit_event SET payload = %s WHERE seq = 3", ['{"n":99}'])

    assert (report.is_ok, report.broken_at) == (False, 3)
    assert report.reason == "event #3 was changed after it was recorded"


def test_verify_chain_finds_a_removed_event_in_the_middle():
    make_events(4)

    report = tampered("DELETE FROM core_audit_event WHERE seq = 2")

    assert (report.broken_at, report.reason) == (2, "event #2 is missing")


def test_verify_chain_finds_removed_newest_events_through_the_head():
    make_events(4)

    report = tampered("DELETE FROM core_audit_event WHERE seq = 4")

    assert (report.count, report.broken_at, report.reason) == (3, 4, "events after #3 were removed")


def test_verify_chain_finds_a_rehashed_event_whose_successor_no_longer_follows():
    events = make_events(3)

    report = tampered("UPDATE core_audit_event SET hash = %s WHERE seq = 2", ["f" * 64])

    assert report.broken_at == 2
    assert events[2].previous_hash != "f" * 64


def test_audit_events_refuse_update_and_delete_through_the_orm():
    event = make_events(1)[0]

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "tests.touched"


@pytest.mark.django_db(transaction=True)
def test_record_event_outside_a_transaction_is_refused():
    person = Person.objects.create(name="감사대상")

    with pytest.raises(RuntimeError):
        record_event(Actor.system("tests"), "tests.touched", person)
    assert AuditEvent.objects.count() == 0


@given(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=6))
def test_canonical_json_does_not_depend_on_key_order(mapping):
    reversed_mapping = dict(reversed(list(mapping.items())))

    assert canonical_json(mapping) == canonical_json(reversed_mapping)


def _user_events(count: int) -> Any:
    user = UserFactory(username="hashed-actor")
    person = Person.objects.create(name="감사대상")
    with transaction.atomic():
        for n in range(count):
            record_event(Actor.for_user(user), "tests.touched", person, {"n": n})
    return user


def test_the_acting_account_is_recorded_with_the_event():
    user = _user_events(1)

    event = AuditEvent.objects.get()

    assert (event.actor_pk, event.actor_user_id, event.actor_label) == (user.pk, user.pk, "user:hashed-actor")


def test_verify_chain_finds_the_acting_account_changed_behind_the_application():
    _user_events(3)
    other = UserFactory(username="someone-else")

    report = tampered("UPDATE core_audit_event SET actor_pk = %s WHERE seq = 2", [other.pk])

    assert (report.broken_at, report.reason) == (2, "event #2 was changed after it was recorded")


def test_verify_chain_finds_the_acting_account_erased():
    _user_events(3)

    assert tampered("UPDATE core_audit_event SET actor_pk = NULL WHERE seq = 3").broken_at == 3


@given(
    label=st.text(max_size=20),
    actor_pk=st.none() | st.integers(min_value=1, max_value=2**40),
    payload=st.dictionaries(st.text(max_size=5), st.text(max_size=10), max_size=3),
    seq=st.integers(min_value=1, max_value=2**40),
)
def test_the_text_around_the_link_hashes_as_the_event_does(label, actor_pk, payload, seq):
    content = {
        "occurred_at": dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC),
        "actor_label": label,
        "actor_pk": actor_pk,
        "verb": "tests.touched",
        "target_type": "organizations.person",
        "target_pk": "7",
        "target_label": label[::-1],
        "payload": canonical_json(payload),
    }
    previous = "ab" * 32
    before, after = hashed_around_the_link(content)
    text = f'{before}"previous_hash":"{previous}","seq":{seq}{after}'

    assert hashlib.sha256(text.encode()).hexdigest() == event_hash(seq=seq, previous_hash=previous, **content)
