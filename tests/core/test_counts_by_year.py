"""Counting rows per calendar year in the site's time zone (Asia/Seoul), up to a day."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.models import AuditEvent
from hyeopchi.core.queries import counts_by_year, start_of

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def events_at(*moments: dt.datetime) -> None:
    for n, moment in enumerate(moments):
        AuditEvent.objects.create(
            seq=n + 1, occurred_at=moment, verb="test", target_type="t", target_pk=str(n), hash=f"{n:064x}"
        )


def test_a_row_after_midnight_in_seoul_counts_in_the_new_year() -> None:
    events_at(dt.datetime(2023, 12, 31, 14, 59, tzinfo=UTC), dt.datetime(2023, 12, 31, 15, 0, tzinfo=UTC))
    assert counts_by_year(AuditEvent.objects.all(), "occurred_at", until=dt.date(2024, 6, 1)) == {2023: 1, 2024: 1}


def test_rows_after_the_day_are_left_out_and_empty_years_too() -> None:
    events_at(
        dt.datetime(2020, 5, 1, tzinfo=UTC),
        dt.datetime(2022, 5, 1, tzinfo=UTC),
        dt.datetime(2022, 5, 2, 15, tzinfo=UTC),
    )
    assert counts_by_year(AuditEvent.objects.all(), "occurred_at", until=dt.date(2022, 5, 2)) == {2020: 1, 2022: 1}


def test_no_rows_no_years() -> None:
    assert counts_by_year(AuditEvent.objects.all(), "occurred_at", until=dt.date(2022, 5, 2)) == {}


def test_the_start_of_a_day_is_seoul_midnight() -> None:
    assert start_of(dt.date(2024, 1, 1)).astimezone(UTC) == dt.datetime(2023, 12, 31, 15, 0, tzinfo=UTC)
