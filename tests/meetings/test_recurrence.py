"""The expansions of reference/meetings.md §4, verified date by date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyeopchi.meetings.recurrence import (
    SEOUL,
    Pattern,
    RecurrenceError,
    RuleShape,
    months_match,
    normalize_rule,
    occurrences,
    shape_of,
)


def at(year, month, day, hour=14):
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def dates(rule, dtstart, end, **kwargs):
    return [m.date().isoformat()[5:] for m in occurrences(rule, dtstart, start=dtstart, end=end, **kwargs)]


def test_every_two_months_on_the_second_thursday():
    found = occurrences(
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH", at(2026, 3, 12), start=at(2026, 3, 12), end=at(2027, 1, 31)
    )

    assert [m.date() for m in found] == [
        dt.date(2026, 3, 12),
        dt.date(2026, 5, 14),
        dt.date(2026, 7, 9),
        dt.date(2026, 9, 10),
        dt.date(2026, 11, 12),
        dt.date(2027, 1, 14),
    ]
    assert {m.hour for m in found} == {14}
    assert found[0].utcoffset() == dt.timedelta(hours=9)


def test_heads_in_even_months_and_deputies_in_odd_months():
    heads = dates("FREQ=YEARLY;BYMONTH=2,4,6,8,10,12;BYDAY=3WE", at(2026, 2, 18), at(2026, 12, 31))
    deputies = dates("FREQ=YEARLY;BYMONTH=1,3,5,7,9,11;BYDAY=3WE", at(2026, 1, 21), at(2026, 12, 31))

    assert heads == ["02-18", "04-15", "06-17", "08-19", "10-21", "12-16"]
    assert deputies == ["01-21", "03-18", "05-20", "07-15", "09-16", "11-18"]


def test_the_interval_form_gives_the_same_heads_dates():
    assert dates("FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE", at(2026, 2, 18), at(2026, 12, 31)) == [
        "02-18",
        "04-15",
        "06-17",
        "08-19",
        "10-21",
        "12-16",
    ]


def test_a_moved_occurrence_through_exdate_and_rdate():
    found = dates(
        "FREQ=YEARLY;BYMONTH=2,4,6,8,10,12;BYDAY=3WE",
        at(2026, 2, 18),
        at(2026, 12, 31),
        exdates=[at(2026, 10, 21)],
        rdates=[at(2026, 10, 28)],
    )

    assert found == ["02-18", "04-15", "06-17", "08-19", "10-28", "12-16"]


def test_monthly_alternation_of_invited_seats():
    assert [months_match([2, 4, 6, 8, 10, 12], at(2024, m, 1)) for m in (1, 2, 3, 4)] == [False, True, False, True]
    assert months_match([], at(2024, 7, 1))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "rule_required"),
        ("FREQ=MONTHLY\nDTSTART:20200101T000000", "rule_syntax"),
        ("EXDATE:20261021T140000", "rule_syntax"),
        ("FREQ=FORTNIGHTLY", "rule_invalid"),
        ("FREQ=HOURLY", "rule_too_frequent"),
        ("FREQ=MONTHLY;BYDAY=9ZZ", "rule_invalid"),
        ("FREQ=MONTHLY;UNTIL=20261231", "rule_invalid"),
    ],
)
def test_unusable_rules_are_refused_with_a_code(text, code):
    with pytest.raises(RecurrenceError) as error:
        normalize_rule(text)

    assert error.value.code == code


def test_rules_are_normalized():
    assert normalize_rule(" rrule:freq=monthly;interval=2;byday=2th ") == ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH")


@given(
    freq=st.sampled_from(["WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.integers(1, 4),
    start_day=st.integers(0, 700),
    extra=st.lists(st.integers(0, 700), max_size=5),
)
def test_recurrence_never_repeats_a_date_and_stays_sorted(freq, interval, start_day, extra):
    dtstart = at(2024, 1, 1) + dt.timedelta(days=start_day)
    rdates = [at(2024, 1, 1) + dt.timedelta(days=d) for d in extra] + [dtstart]

    found = occurrences(
        f"FREQ={freq};INTERVAL={interval}", dtstart, start=dtstart, end=dtstart + dt.timedelta(days=800), rdates=rdates
    )

    assert found == sorted(set(found))
    assert found[0] == dtstart


@pytest.mark.parametrize(
    ("kind", "interval", "rule"),
    [
        ("weekly", 1, "FREQ=WEEKLY;BYDAY=TU"),
        ("weekly", 2, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("monthly_on_weekday", 2, "FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU"),
        ("monthly_on_date", 1, "FREQ=MONTHLY;BYMONTHDAY=23"),
        ("monthly_on_last_weekday", 3, "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TU"),
    ],
)
def test_the_picker_builds_the_rule_from_the_first_meeting(kind, interval, rule):
    # 2021-02-23 is the fourth and last Tuesday of February.
    assert Pattern(kind, interval).rule(at(2021, 2, 23, 10)) == rule


def test_every_other_month_on_the_fourth_tuesday_gives_the_vice_heads_dates():
    start = at(2021, 2, 23, 10)

    rule = Pattern("monthly_on_weekday", 2).rule(start)

    assert dates(rule, start, at(2021, 12, 31)) == ["02-23", "04-27", "06-22", "08-24", "10-26", "12-28"]


@pytest.mark.parametrize(
    ("kind", "interval", "start", "code"),
    [
        ("monthly_on_weekday", 1, at(2021, 3, 30), "no_fifth_weekday"),
        ("monthly_on_last_weekday", 1, at(2021, 3, 23), "not_last_weekday"),
        ("monthly_on_weekday", 13, at(2021, 3, 23), "interval_out_of_range"),
        ("daily", 1, at(2021, 3, 23), "pattern_unknown"),
    ],
)
def test_the_picker_refuses_what_does_not_recur_every_month(kind, interval, start, code):
    with pytest.raises(RecurrenceError) as raised:
        Pattern(kind, interval).rule(start)

    assert raised.value.code == code


@pytest.mark.parametrize(
    ("rule", "shape"),
    [
        ("FREQ=WEEKLY;BYDAY=MO", RuleShape("weekly", 1, weekday=0)),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU", RuleShape("monthly", 2, weekday=1, week=4)),
        ("FREQ=MONTHLY;BYDAY=-1FR", RuleShape("monthly", 1, weekday=4, week=-1)),
        (
            "FREQ=MONTHLY;BYMONTHDAY=23;UNTIL=20221231T150000Z",
            RuleShape("monthly", 1, monthday=23, until=dt.date(2022, 12, 31)),
        ),
        ("FREQ=YEARLY;BYMONTH=2,4;BYDAY=3WE", None),
        ("FREQ=MONTHLY;INTERVAL=2", None),
        ("not a rule", None),
    ],
)
def test_a_rule_the_picker_could_make_has_a_shape(rule, shape):
    assert shape_of(rule) == shape
