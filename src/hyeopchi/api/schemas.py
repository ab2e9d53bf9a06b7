"""Types every router shares: ids, short query texts, Seoul-time datetimes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeVar

from django.utils.translation import gettext
from ninja import Field
from pydantic import AfterValidator, PlainSerializer

from hyeopchi.meetings.recurrence import SEOUL

# Ids are 64-bit database keys: larger numbers are refused as input, not passed to the database.
MAX_ID = 2**63 - 1


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# Times go out in Seoul time with their offset (2021-02-23T10:00:00+09:00), as people read them.
LocalDateTime = Annotated[
    dt.datetime, PlainSerializer(lambda value: value.astimezone(SEOUL).isoformat(), return_type=str)
]


# PostgreSQL can neither store nor compare a NUL byte: every text the API takes refuses it.
NO_NUL = r"^[^\x00]*$"

# Free text in a query: bounded, and without NUL.
QueryText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]

# A choice's code (a status, a kind, an outcome): short, and without NUL either; which codes exist
# is the service's to say, in the caller's language.
Choice = Annotated[str, Field(max_length=30, pattern=NO_NUL)]

# One line: titles and places, shown in lists and calendar feeds, hold no NUL and no line break.
LINE = r"^[^\x00\r\n]*$"

# Free texts: NUL bytes are refused (PostgreSQL cannot store them), lengths bounded before parsing.
Text = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
ShortText = Annotated[str, Field(max_length=300, pattern=NO_NUL)]


# Dates people plan with fall in these years; year 1 or 9999 would overflow once moved to UTC or
# stepped by a day, so such input is refused at the edge with its field named.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
Day = TypeVar("Day", bound=dt.date)


def _plausible(value: Day) -> Day:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(
            gettext("Give a year from %(first)s to %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    return value


Date = Annotated[dt.date, AfterValidator(_plausible)]
DateTime = Annotated[dt.datetime, AfterValidator(_plausible)]
