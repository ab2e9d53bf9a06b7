"""The libraries' winter reading classes (seed 001), the program every registration test uses."""

from __future__ import annotations

from typing import Any

from hyeopchi.meetings import services
from hyeopchi.meetings.models import Program
from hyeopchi.organizations.models import Organization
from tests.factories import SYSTEM, OrganizationFactory
from tests.support.helpers import seoul

CLASS_YEAR = 2099


def reading_class(
    site: Organization,
    places: int = 7,
    *,
    library: str = "무등도서관",
    title: str = "우리 함께 생각해요! 아동인권",
    cohorts: int | list[services.CohortSpec] = 1,
    **options: Any,
) -> Program:
    """A library's reading class for grades 4–6 with ``cohorts`` cohorts of ``places`` each, the
    first from 18 January of CLASS_YEAR and each four days after the one before (or the cohorts
    given). The class lies ahead, so it takes registrations: online until a cohort starts."""
    organizer = OrganizationFactory(name=library, parent=site, kind="department")
    options.setdefault("min_grade", 4)
    options.setdefault("max_grade", 6)
    specs = (
        cohorts
        if isinstance(cohorts, list)
        else [
            services.CohortSpec(
                f"{n + 1}기", seoul(CLASS_YEAR, 1, 18 + 4 * n, 10), seoul(CLASS_YEAR, 1, 21 + 4 * n, 12), places
            )
            for n in range(cohorts)
        ]
    )
    return services.create_program(
        actor=SYSTEM, organizer=organizer, title=title, kind="reading_class", cohorts=specs, **options
    )


# A legal guardian's consent for a child under 14 (개인정보 보호법 §22-2), as each channel gives it.
GUARDIAN = services.Guardian("김보호", "010-9999-0000")
CONSENTED = {"consent": True, "guardian": GUARDIAN}
CONSENTED_API = {
    "consent": True,
    "guardian_consent": True,
    "guardian_name": "김보호",
    "guardian_contact": "010-9999-0000",
}
CONSENTED_FORM = {
    "consent": "on",
    "guardian_consent": "on",
    "guardian_name": "김보호",
    "guardian_contact": "010-9999-0000",
}
