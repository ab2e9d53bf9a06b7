from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations import services
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.models import CompositionRule, Membership, Organization, Post
from tests.factories import SYSTEM, MembershipFactory, OrganizationFactory, PersonFactory, PostFactory, SiteFactory
from tests.support.helpers import audit_length

pytestmark = pytest.mark.django_db


def test_create_organization_places_it_in_the_tree_and_its_site():
    site = SiteFactory(site_slug="gwangju")
    committee = OrganizationFactory(parent=site)
    sub = OrganizationFactory(parent=committee, kind=OrganizationKind.SUBCOMMITTEE)

    assert site.path == f"/{site.pk}/"
    assert sub.path == f"/{site.pk}/{committee.pk}/{sub.pk}/"
    assert sub.ancestor_ids == [site.pk, committee.pk]
    assert (site.site_id, committee.site_id, sub.site_id) == (site.pk, site.pk, site.pk)
    assert Organization.objects.get(pk=sub.pk).site_id == site.pk


def test_create_organization_records_an_audit_event_with_a_snapshot():
    before = audit_length()

    site = SiteFactory(
        name="광명시", site_slug="gwangmyeong", admin_code="41210", kind=OrganizationKind.BASIC_GOVERNMENT
    )

    assert audit_length() == before + 1
    event = site_events(site)[-1]
    assert event.verb == "organizations.organization_created"
    assert '"admin_code":"41210"' in event.payload


def site_events(organization):
    from hyeopchi.core.models import AuditEvent

    return list(AuditEvent.objects.filter(target_type="organizations.organization", target_pk=str(organization.pk)))


def test_only_a_root_local_government_can_be_a_site():
    parent = SiteFactory()
    with pytest.raises(ValidationFailedError) as nested:
        services.create_organization(
            actor=SYSTEM, name="x", kind=OrganizationKind.BASIC_GOVERNMENT, parent=parent, site_slug="nested"
        )
    with pytest.raises(ValidationFailedError) as committee:
        services.create_organization(actor=SYSTEM, name="y", kind=OrganizationKind.COMMITTEE, site_slug="committee")

    assert list(nested.value.fields) == ["site_slug"]
    assert list(committee.value.fields) == ["site_slug"]
    assert Organization.objects.count() == 1


@pytest.mark.parametrize("slug", ["api", "evaluations"])
def test_reserved_site_addresses_are_refused(slug):
    with pytest.raises(ValidationFailedError) as error:
        services.create_organization(
            actor=SYSTEM, name="x", kind=OrganizationKind.METROPOLITAN_GOVERNMENT, site_slug=slug
        )

    assert error.value.field_messages() == {"site_slug": ["예약된 주소입니다. 다른 주소를 고르세요."]}


def test_invalid_admin_code_is_a_field_error_and_writes_nothing():
    count, events = Organization.objects.count(), audit_length()

    with pytest.raises(ValidationFailedError) as error:
        services.create_organization(
            actor=SYSTEM, name="동구", kind=OrganizationKind.BASIC_GOVERNMENT, admin_code="2911"
        )

    assert error.value.code == "organizations.invalid_organization"
    assert error.value.field_messages() == {"admin_code": ["5자리 시군구 코드를 입력하세요."]}
    assert (Organization.objects.count(), audit_length()) == (count, events)


def test_anonymous_and_citizens_cannot_create_root_organizations(world):
    for actor in (Actor.for_user(world.users["citizen"]), Actor.for_user(world.users["org_admin"])):
        with pytest.raises(PermissionDeniedError) as error:
            services.create_organization(actor=actor, name="x", kind=OrganizationKind.COMMITTEE)
        assert error.value.code == "organizations.not_allowed"


def test_organization_administrator_manages_the_subtree(world):
    actor = Actor.for_user(world.users["org_admin"])

    created = services.create_organization(
        actor=actor, name="신규분과", parent=world.working, kind=OrganizationKind.SUBCOMMITTEE
    )

    assert created.ancestor_ids == [world.site.pk, world.committee.pk, world.working.pk]


def test_post_with_minimum_above_maximum_is_refused():
    body = OrganizationFactory()
    with pytest.raises(ValidationFailedError) as error:
        PostFactory(organization=body, min_holders=3, max_holders=2)

    assert error.value.field_messages() == {"min_holders": ["최솟값은 최댓값보다 클 수 없습니다."]}
    assert Post.objects.count() == 0


def test_appoint_member_refuses_a_full_seat_on_an_overlapping_day():
    post = PostFactory(max_holders=2)
    MembershipFactory(post=post, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 30))
    MembershipFactory(post=post, start_date=dt.date(2024, 3, 1))
    person = PersonFactory()
    events = audit_length()

    with pytest.raises(ConflictError) as error:
        MembershipFactory(post=post, person=person, start_date=dt.date(2024, 6, 30))

    assert error.value.code == "organizations.post_full"
    assert str(error.value.message) == "그 기간에 이 자리의 정원 2명이 모두 찼습니다."
    assert (Membership.objects.filter(post=post).count(), audit_length()) == (2, events)


def test_a_seat_freed_on_a_day_can_be_taken_the_next_day():
    post = PostFactory(max_holders=1)
    MembershipFactory(post=post, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 6, 30))

    membership = MembershipFactory(post=post, start_date=dt.date(2024, 7, 1))

    assert membership.start_date == dt.date(2024, 7, 1)


def test_appoint_member_refuses_the_same_person_twice_in_one_period():
    post = PostFactory(max_holders=5)
    person = PersonFactory()
    MembershipFactory(post=post, person=person, start_date=dt.date(2024, 1, 1))

    with pytest.raises(ConflictError) as error:
        MembershipFactory(post=post, person=person, start_date=dt.date(2025, 1, 1))

    assert error.value.code == "organizations.already_holds_post"


def test_appoint_member_refuses_ex_officio_seats_and_reversed_dates():
    source = PostFactory()
    derived = PostFactory(ex_officio_post=source)

    with pytest.raises(ValidationFailedError) as ex_officio:
        MembershipFactory(post=derived)
    with pytest.raises(ValidationFailedError) as reversed_dates:
        MembershipFactory(post=source, start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 4, 1))

    assert list(ex_officio.value.fields) == ["post"]
    assert list(reversed_dates.value.fields) == ["end_date"]
    assert Membership.objects.count() == 0


def test_secretary_appoints_in_own_body_only(world):
    actor = Actor.for_user(world.users["secretary"])
    other = PostFactory(organization=world.committee)

    membership = services.appoint_member(
        actor=actor, post=world.worker, person=PersonFactory(), start_date=dt.date(2025, 1, 1)
    )
    with pytest.raises(PermissionDeniedError):
        services.appoint_member(actor=actor, post=other, person=PersonFactory(), start_date=dt.date(2025, 1, 1))

    assert membership.post_id == world.worker.pk
    assert Membership.objects.filter(post=other).count() == 0


def test_end_membership_sets_the_last_day_and_refuses_to_extend_an_ended_term():
    membership = MembershipFactory(start_date=dt.date(2024, 1, 1))

    services.end_membership(actor=SYSTEM, membership=membership, end_date=dt.date(2024, 12, 31))
    with pytest.raises(ConflictError) as error:
        services.end_membership(actor=SYSTEM, membership=membership, end_date=dt.date(2025, 3, 1))
    with pytest.raises(ValidationFailedError):
        services.end_membership(actor=SYSTEM, membership=membership, end_date=dt.date(2023, 1, 1))

    assert error.value.code == "organizations.membership_ended"
    assert Membership.objects.get(pk=membership.pk).end_date == dt.date(2024, 12, 31)


def test_composition_rule_with_minimum_above_maximum_is_refused_and_nothing_is_written():
    body = OrganizationFactory()
    events = audit_length()

    with pytest.raises(ValidationFailedError) as error:
        services.add_composition_rule(actor=SYSTEM, body=body, kind="total_between", params={"min": 7, "max": 6})

    assert error.value.code == "organizations.invalid_rule"
    assert error.value.field_messages() == {"min": ["최솟값은 최댓값보다 클 수 없습니다."]}
    assert (CompositionRule.objects.count(), audit_length()) == (0, events)


def test_requires_post_filled_must_name_a_seat_of_the_same_body():
    body = OrganizationFactory()
    elsewhere = PostFactory()

    with pytest.raises(ValidationFailedError) as error:
        services.add_composition_rule(
            actor=SYSTEM, body=body, kind="requires_post_filled", params={"post": elsewhere.pk}
        )

    assert error.value.field_messages() == {"params": ["post: 이 기구의 자리를 고르세요."]}


def test_assign_role_twice_is_a_conflict(world):
    with pytest.raises(ConflictError) as error:
        services.assign_role(
            actor=SYSTEM, user=world.users["member"], organization=world.working, role=OrganizationRoleName.MEMBER
        )

    assert error.value.code == "organizations.role_exists"


def test_update_organization_records_only_the_changed_fields(world):
    actor = Actor.for_user(world.users["org_admin"])

    services.update_organization(
        actor=actor, organization=world.working, changes={"name_en": "Working Body", "name": "실무위원회"}
    )

    event = site_events(world.working)[-1]
    assert event.verb == "organizations.organization_changed"
    assert event.payload == '{"name_en":["Working Committee","Working Body"]}'


def test_update_organization_refuses_tree_fields(world):
    with pytest.raises(ValidationFailedError) as error:
        services.update_organization(actor=SYSTEM, organization=world.working, changes={"parent": None})

    assert list(error.value.fields) == ["parent"]


def test_post_roles_are_the_listed_choices():
    body = OrganizationFactory()
    with pytest.raises(ValidationFailedError) as error:
        services.create_post(actor=SYSTEM, organization=body, name="x", role="emperor")

    assert list(error.value.fields) == ["role"]
    assert Post.objects.filter(organization=body).count() == 0
