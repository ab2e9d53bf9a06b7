"""Types every router shares: ids, short query texts, Seoul-time datetimes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field
from pydantic import PlainSerializer

from hyeopchi.meetings.recurrence import SEOUL

# Ids are 64-bit database keys: larger numbers are refused as input, not passed to the database.
MAX_ID = 2**63 - 1


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# Times go out in Seoul time with their offset (2021-02-23T10:00:00+09:00), as people read them.
LocalDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda value: value.astimezone(SEOUL).isoformat(), return_type=str),
]


# Free text in a query: bounded, and without NUL, which PostgreSQL cannot store or compare.
QueryText = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]

# Free texts: NUL bytes are refused (PostgreSQL cannot store them), lengths bounded before parsing.
Text = Annotated[str, Field(max_length=5000, pattern=r"^[^\x00]*$")]
ShortText = Annotated[str, Field(max_length=300, pattern=r"^[^\x00]*$")]
