"""Registration for the libraries' winter reading classes (seed 001): cohorts, places,
eligibility, waiting list, phone applications, and no overbooking under concurrency."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.models import AuditEvent
from hyeopchi.meetings import selectors as meeting_selectors
from hyeopchi.meetings import services
from hyeopchi.meetings.models import Registration
from hyeopchi.organizations.eligibility import AttributeEntry, set_attribute
from tests.factories import SYSTEM, SiteFactory, UserFactory
from tests.support.helpers import audit_length, seoul
from tests.support.programs import CLASS_YEAR, CONSENTED, reading_class


def library_program(**overrides):
    overrides.setdefault("cohorts", 2)
    return reading_class(SiteFactory(name="광주광역시"), 7, **overrides)


def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return Actor.for_user(AnonymousUser())


def sign_up(cohort, n, **extra):
    return services.register(
        actor=extra.pop("actor", None) or anonymous(),
        cohort=cohort,
        name=f"어린이{n}",
        contact=extra.pop("contact", f"010-1234-{n:04d}"),
        grade=extra.pop("grade", 5),
        **{**CONSENTED, **extra},
    )


@pytest.mark.django_db
def test_seven_places_then_the_waiting_list():
    cohort = library_program().cohorts.get(label="1기")

    results = [sign_up(cohort, n) for n in range(9)]

    assert [r.status for r in results] == ["confirmed"] * 7 + ["waitlisted"] * 2
    assert len({r.code for r in results}) == 9
    assert all(len(r.code) == 8 for r in results)


@pytest.mark.django_db
def test_cancelling_a_place_promotes_the_first_in_line():
    cohort = library_program().cohorts.get(label="1기")
    registrations = [sign_up(cohort, n) for n in range(9)]

    promoted = services.cancel_registration(actor=anonymous(), registration=registrations[2])
    waiting_cancelled = services.cancel_registration(actor=anonymous(), registration=registrations[8])

    assert promoted.pk == registrations[7].pk
    assert waiting_cancelled is None
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in registrations] == [
        "confirmed",
        "confirmed",
        "cancelled",
        "confirmed",
        "confirmed",
        "confirmed",
        "confirmed",
        "confirmed",
        "cancelled",
    ]
    assert cohort.registrations.filter(status="confirmed").count() == 7


REFUSALS: dict[str, tuple[dict[str, Any], str, Any]] = {
    # case: (what differs from a good application, the error's code, what it tells)
    "grade": (
        {"grade": 3},
        "meetings.not_eligible",
        {"grade": ["첫날(2099-01-18) 기준 4학년부터 6학년까지 신청할 수 있습니다."]},
    ),
    "residence": (
        {"residence_code": "41210"},
        "meetings.not_eligible",
        {"residence_code": ["이 지역에 사는 사람만 신청할 수 있습니다."]},
    ),
    "same person again": (
        {"name": "어린이1", "contact": "01012340001"},
        "meetings.already_registered",
        "이 연락처로 이미 신청한 사람입니다.",
    ),
    "no consent": (
        {"consent": False},
        "meetings.not_eligible",
        {"consent": ["안내에 동의하지 않으면 신청을 받을 수 없습니다."]},
    ),
    "a child without a guardian": (
        {"guardian": None},
        "meetings.not_eligible",
        {"guardian_consent": ["14세 미만 아동은 법정대리인의 동의가 필요합니다."]},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_registration_says_why_and_writes_nothing(case):
    differs, code, told = REFUSALS[case]
    cohort = library_program(residence_codes=["29110", "29140"]).cohorts.get(label="1기")
    sign_up(cohort, 1, residence_code="29110")
    before = (Registration.objects.count(), audit_length())
    application = {"name": "새 어린이", "contact": "010-9999-0000", "grade": 5, "residence_code": "29110"}

    with pytest.raises((ValidationFailedError, ConflictError)) as refused:
        services.register(actor=anonymous(), cohort=cohort, **{**CONSENTED, **application, **differs})

    error = refused.value
    said = error.field_messages() if error.fields else str(error.message)
    after = (Registration.objects.count(), audit_length())
    assert (error.code, said, after) == (code, told, before)


@pytest.mark.django_db
def test_full_cohort_without_waiting_list_is_refused():
    program = library_program(
        cohorts=[services.CohortSpec("단일", seoul(CLASS_YEAR, 1, 27), seoul(CLASS_YEAR, 1, 28), 2, has_waitlist=False)]
    )
    cohort = program.cohorts.get()
    sign_up(cohort, 1)
    sign_up(cohort, 2)

    with pytest.raises(ConflictError) as error:
        sign_up(cohort, 3)

    assert str(error.value.message) == "이 기수의 자리가 모두 찼습니다."


@pytest.mark.django_db
def test_reserved_places_are_left_for_phone_applications_entered_by_staff():
    program = library_program(
        cohorts=[services.CohortSpec("1기", seoul(CLASS_YEAR, 1, 18), seoul(CLASS_YEAR, 1, 20), 3, reserved=1)]
    )
    cohort = program.cohorts.get()

    online = [sign_up(cohort, n) for n in range(3)]
    phone = services.register(
        actor=SYSTEM, cohort=cohort, name="전화신청", contact="062-613-7700", grade=5, channel="phone", **CONSENTED
    )
    with pytest.raises(PermissionDeniedError):
        services.register(actor=anonymous(), cohort=cohort, name="x", contact="010-0000-0000", grade=5, channel="phone")

    assert [r.status for r in online] == ["confirmed", "confirmed", "waitlisted"]
    assert (phone.status, phone.channel, phone.contact) == ("confirmed", "phone", "0626137700")


@pytest.mark.django_db
def test_registration_window_is_enforced():
    program = library_program(registration_closes=seoul(2020, 1, 1))

    with pytest.raises(InvalidTransitionError) as error:
        sign_up(program.cohorts.first(), 1)

    assert str(error.value.message) == "신청은 2020-01-01 14:00에 마감했습니다."


@pytest.mark.django_db
def test_a_program_that_requires_sign_in_refuses_an_anonymous_registrant():
    program = library_program(requires_sign_in=True)

    with pytest.raises(PermissionDeniedError) as error:
        sign_up(program.cohorts.first(), 1)

    assert (error.value.code, Registration.objects.count()) == ("meetings.sign_in_required", 0)


@pytest.mark.django_db
def test_a_registration_for_a_sign_in_program_belongs_to_the_account():
    program = library_program(requires_sign_in=True)
    parent = UserFactory(username="parent")

    registration = sign_up(program.cohorts.first(), 1, actor=Actor.for_user(parent))

    assert (registration.status, registration.registered_by_id) == ("confirmed", parent.pk)


@pytest.mark.django_db
def test_a_registration_is_found_by_code_and_contact_only():
    cohort = library_program().cohorts.first()
    registration = sign_up(cohort, 5)

    found = meeting_selectors.registration_by_code(registration.code.lower(), "010 1234 0005")

    assert found.pk == registration.pk
    with pytest.raises(NotFoundError):
        meeting_selectors.registration_by_code(registration.code, "010-9999-9999")


@pytest.mark.django_db
def test_impossible_programs_are_refused():
    with pytest.raises(ValidationFailedError) as error:
        library_program(
            min_grade=6,
            max_grade=4,
            cohorts=[services.CohortSpec("1기", seoul(CLASS_YEAR, 1, 18), seoul(CLASS_YEAR, 1, 17), 7, reserved=8)],
        )

    assert error.value.field_messages() == {
        "min_grade": ["가장 낮은 학년이 가장 높은 학년보다 클 수 없습니다."],
        "cohorts": ["기수는 시작하기 전에 끝날 수 없습니다."],
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_concurrent_registrations_never_overbook():
    cohort = library_program().cohorts.get(label="1기")
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait(timeout=20)
            sign_up(cohort, n)
        except BaseException as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = list(cohort.registrations.values_list("status", flat=True))
    assert errors == []
    assert sorted(statuses) == ["confirmed"] * 7 + ["waitlisted"] * 5
    assert verify_chain().is_ok


@pytest.mark.django_db
def test_siblings_may_share_a_parents_contact():
    cohort = library_program().cohorts.get(label="1기")

    first = sign_up(cohort, 1)
    second = sign_up(cohort, 2, contact="010-1234-0001")

    assert (first.contact, second.contact, second.status) == ("01012340001", "01012340001", "confirmed")


@pytest.mark.django_db
def test_a_childs_registration_records_the_consent_and_awaits_the_guardian():
    cohort = library_program().cohorts.get(label="1기")

    registration = sign_up(cohort, 1)

    assert (
        registration.consent_version,
        registration.guardian_name,
        registration.guardian_contact,
        registration.guardian_consented_at,
    ) == (1, "김보호", "01099990000", None)


@pytest.mark.django_db
def test_a_participant_of_14_needs_no_guardian():
    cohort = library_program(min_grade=None, max_grade=None, min_age=14, max_age=19).cohorts.get(label="1기")

    registration = sign_up(cohort, 1, grade=None, age=14, guardian=None)

    assert (registration.status, registration.guardian_name) == ("confirmed", "")


@pytest.mark.django_db
def test_registrations_lose_their_personal_data_when_the_retention_period_ends():
    cohort = library_program(cohorts=1).cohorts.get()  # the class ends on 21 January
    sign_up(cohort, 1)
    sign_up(cohort, 2)

    purged = services.purge_expired_registrations(actor=SYSTEM, now=seoul(CLASS_YEAR, 4, 22))  # 91 days on

    rows = list(Registration.objects.values_list("name", "contact", "guardian_name", "status"))
    assert (purged, rows) == (2, [("", "", "", "confirmed"), ("", "", "", "confirmed")])
    assert AuditEvent.objects.filter(verb="meetings.registrations_purged").count() == 1


@pytest.mark.django_db
def test_registrations_are_kept_until_the_retention_period_ends():
    cohort = library_program(cohorts=1).cohorts.get()
    sign_up(cohort, 1)

    purged = services.purge_expired_registrations(actor=SYSTEM, now=seoul(CLASS_YEAR, 4, 20))  # 89 days on

    assert (purged, Registration.objects.get().name) == (0, "어린이1")


@pytest.mark.django_db
def test_a_class_that_has_begun_takes_no_online_registration():
    program = library_program(cohorts=1)
    cohort = program.cohorts.get()

    with pytest.raises(InvalidTransitionError) as error:
        services.register(
            actor=SYSTEM, cohort=cohort, name="늦은이", contact="010-1", grade=5, now=cohort.start, **CONSENTED
        )

    assert str(error.value.message) == "이 기수는 이미 시작해 신청이 마감되었습니다."
    assert meeting_selectors.open_cohorts(program, channel="online", now=cohort.start).count() == 0


@pytest.mark.django_db
def test_staff_may_add_a_phone_application_until_the_class_ends():
    cohort = library_program(cohorts=1).cohorts.get()
    staff = Actor.system("library staff")

    during = services.register(
        actor=staff,
        cohort=cohort,
        name="늦은이",
        contact="010-1",
        grade=5,
        channel="phone",
        now=cohort.start,
        **CONSENTED,
    )
    with pytest.raises(InvalidTransitionError) as after:
        services.register(
            actor=staff,
            cohort=cohort,
            name="더늦은이",
            contact="010-2",
            grade=5,
            channel="phone",
            now=cohort.end,
            **CONSENTED,
        )

    assert during.status == "confirmed"
    assert str(after.value.message) == "이 기수는 끝났습니다."


@pytest.mark.django_db
def test_a_verified_date_of_birth_gives_the_age_on_the_first_day(django_user_model):
    youth = [services.CohortSpec("1기", seoul(2021, 1, 18, 10), seoul(2021, 1, 21, 12), 7)]
    program = library_program(cohorts=youth, min_grade=None, max_grade=None, min_age=19, max_age=39)
    user = django_user_model.objects.create_user("youth", password="pw-2026-youth")
    # 19 on the class's first day (18 January 2021), though 18 when applying the week before.
    set_attribute(actor=SYSTEM, entry=AttributeEntry(user, "birth_date", "2002-01-15"))

    registration = services.register(
        actor=Actor.for_user(user),
        cohort=program.cohorts.get(),
        name="청년",
        contact="010-3",
        age=18,
        consent=True,
        now=seoul(2021, 1, 11),
    )

    assert (registration.status, registration.age) == ("confirmed", 19)
