"""The registrations a person made while signed in, for their download. They are kept for their
program until the retention period ends, whatever happens to the account."""

from __future__ import annotations

from typing import Any

from hyeopchi.core import accounts
from hyeopchi.meetings.models import Registration


def collect(user: Any) -> dict[str, Any]:
    registrations = Registration.objects.filter(registered_by=user).select_related("cohort__program").order_by("pk")
    return {
        "registrations": [
            {
                "program": r.cohort.program.title,
                "cohort": r.cohort.label,
                "name": r.name,
                "contact": r.contact,
                "status": r.status,
                "code": r.code,
            }
            for r in registrations
        ]
    }


accounts.register_personal_data("meetings", collect)
