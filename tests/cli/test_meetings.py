"""``hyeopchi meetings generate``: every series extended to a date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError

from hyeopchi.organizations.models import Organization
from tests.support.helpers import run_command

pytestmark = pytest.mark.django_db


def test_meetings_generate_extends_every_series_to_a_date(demo):
    from hyeopchi.core.actor import Actor
    from hyeopchi.meetings import services
    from hyeopchi.meetings.models import Meeting
    from hyeopchi.meetings.recurrence import SEOUL

    council = Organization.objects.get(name="시정협치협의회")
    series = services.create_series(
        actor=Actor.system("tests"),
        organizer=council,
        title="월례회의",
        rrule="FREQ=MONTHLY",
        dtstart=dt.datetime(2027, 1, 5, 14, tzinfo=SEOUL),
        generate_through=dt.date(2027, 1, 31),
    )
    before = Meeting.objects.count()

    output = run_command("meetings", "generate", "--through", "2027-06-30")
    again = run_command("meetings", "generate", "--through", "2027-06-30")

    assert output == "5 meetings created for 6 series\n"
    assert again == "0 meetings created for 6 series\n"
    assert Meeting.objects.count() == before + 5
    assert [m.number for m in series.meetings.order_by("start")] == [1, 2, 3, 4, 5, 6]
    with pytest.raises(CommandError) as error:
        run_command("meetings", "generate", "--through", "next week")
    assert str(error.value) == "not a date (YYYY-MM-DD): next week"
