from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hyeopchi.core.errors import NotFoundError
from hyeopchi.organizations import selectors, services
from hyeopchi.organizations.enums import OrganizationKind
from tests.factories import SYSTEM, MembershipFactory, OrganizationFactory, PersonFactory, PostFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_check_composition_of_the_1_3_2_roster_names_the_missing_worker(world):
    services.add_composition_rule(actor=SYSTEM, body=world.working, kind="total_between", params={"min": 6, "max": 6})

    with translation.override("ko"):
        violations = selectors.check_composition(world.working, on=dt.date(2024, 1, 1))

    assert [(v.code, v.severity, v.message) for v in violations] == [
        ("post_under_min", "warning", "근로자위원: 현재 2명, 최소 3명이 필요합니다."),
        ("total_below", "error", "전체 위원 5명, 최소 6명이 필요합니다."),
    ]


def test_check_composition_messages_follow_the_language(world):
    with translation.override("en"):
        violations = selectors.check_composition(world.working, on=dt.date(2024, 1, 1))

    assert [v.message for v in violations] == ["Worker member: 2 holding, at least 3 required."]


def test_a_historical_roster_is_checked_against_the_members_of_that_date(world):
    before_launch = selectors.check_composition(world.working, on=dt.date(2020, 12, 23))
    MembershipFactory(post=world.worker, start_date=dt.date(2021, 3, 1))

    assert [v.code for v in before_launch] == ["post_under_min", "post_under_min", "post_under_min"]
    assert selectors.check_composition(world.working, on=dt.date(2021, 3, 1)) == []
    assert [v.code for v in selectors.check_composition(world.working, on=dt.date(2021, 2, 28))] == ["post_under_min"]


def test_an_ex_officio_seat_follows_a_personnel_change_on_the_date():
    city = SiteFactory()
    vice_mayor = PostFactory(organization=city, name="행정부시장")
    meeting = OrganizationFactory(parent=city, kind=OrganizationKind.COUNCIL)
    chair = PostFactory(organization=meeting, name="의장", ex_officio_post=vice_mayor, min_holders=1)
    first, second = PersonFactory(name="이행정"), PersonFactory(name="박부시")
    MembershipFactory(post=vice_mayor, person=first, start_date=dt.date(2020, 7, 1), end_date=dt.date(2022, 12, 31))
    MembershipFactory(post=vice_mayor, person=second, start_date=dt.date(2023, 1, 1))

    def chair_on(day):
        roster = selectors.roster_get(meeting, on=day)
        return [(h.person.name, h.is_ex_officio, h.on_behalf_of) for h in roster.seats[0].holders]

    assert chair_on(dt.date(2022, 12, 31)) == [("이행정", True, city)]
    assert chair_on(dt.date(2023, 1, 1)) == [("박부시", True, city)]
    assert selectors.roster_get(meeting, on=dt.date(2019, 1, 1)).violations[0].code == "post_under_min"
    assert chair.ex_officio_post_id == vice_mayor.pk


def test_one_per_org_counts_ex_officio_holders_for_their_district():
    city = SiteFactory()
    district = OrganizationFactory(parent=city, kind=OrganizationKind.BASIC_GOVERNMENT)
    deputy = PostFactory(organization=district, name="부구청장")
    meeting = OrganizationFactory(parent=city, kind=OrganizationKind.COUNCIL)
    seat = PostFactory(organization=meeting, side="district", ex_officio_post=deputy)
    extra = PostFactory(organization=meeting, side="district", max_holders=2)
    MembershipFactory(post=deputy, start_date=dt.date(2024, 1, 1))
    MembershipFactory(post=extra, start_date=dt.date(2024, 1, 1), on_behalf_of=district)
    services.add_composition_rule(actor=SYSTEM, body=meeting, kind="one_per_org", params={"side": "district"})

    violations = selectors.check_composition(meeting, on=dt.date(2024, 2, 1))

    assert [(v.code, v.severity) for v in violations] == [("organization_repeated", "error")]
    assert seat.side == "district"


def test_subset_of_reads_the_parent_body_on_the_same_date(world):
    grievance = OrganizationFactory(parent=world.committee, kind=OrganizationKind.SUBCOMMITTEE)
    council_seat = PostFactory(organization=world.committee, max_holders=5)
    worker_seat = PostFactory(organization=grievance, max_holders=2, side="worker")
    inside, outside = PersonFactory(name="안위원"), PersonFactory(name="밖위원")
    MembershipFactory(post=council_seat, person=inside, start_date=dt.date(2024, 1, 1))
    MembershipFactory(post=worker_seat, person=inside, start_date=dt.date(2024, 1, 1))
    MembershipFactory(post=worker_seat, person=outside, start_date=dt.date(2024, 1, 1))
    services.add_composition_rule(
        actor=SYSTEM, body=grievance, kind="subset_of", params={"parent_body": world.committee.pk}
    )

    with translation.override("ko"):
        violations = selectors.check_composition(grievance, on=dt.date(2024, 6, 1))

    assert [v.message for v in violations] == ["밖위원 위원은 상위 기구의 위원이 아닙니다."]


def test_organization_tree_is_built_in_one_query(django_assert_num_queries):
    site = SiteFactory()
    committee = OrganizationFactory(parent=site, name="나위원회", sort_order=2)
    OrganizationFactory(parent=site, name="가위원회", sort_order=1)
    OrganizationFactory(parent=committee, name="분과")

    with django_assert_num_queries(1):
        tree = selectors.organization_tree(site)

    assert [child.organization.name for child in tree.children] == ["가위원회", "나위원회"]
    assert [c.organization.name for c in tree.children[1].children] == ["분과"]
    assert tree.size == 4


def test_organization_get_does_not_cross_sites():
    gwangju, gwangmyeong = SiteFactory(), SiteFactory()
    committee = OrganizationFactory(parent=gwangju)

    with pytest.raises(NotFoundError):
        selectors.organization_get(site=gwangmyeong, pk=committee.pk)
    assert selectors.organization_get(site=gwangju, pk=committee.pk) == committee


def test_organization_list_sorts_korean_names_in_ganada_order():
    site = SiteFactory(name="광주광역시")
    for name in ["하남", "가락", "다산", "나주", "광산구"]:
        OrganizationFactory(parent=site, name=name)

    names = list(selectors.organization_list(parent=site.pk).order_by("name").values_list("name", flat=True))

    assert names == ["가락", "광산구", "나주", "다산", "하남"]


def test_tree_rows_open_and_close_nested_lists_in_order():
    site = SiteFactory(name="시")
    first = OrganizationFactory(parent=site, name="가", sort_order=1)
    leaf = OrganizationFactory(parent=first, name="가-1")
    deep = OrganizationFactory(parent=leaf, name="가-1-1")
    second = OrganizationFactory(parent=site, name="나", sort_order=2)

    rows = selectors.organization_tree(site).rows()

    assert [(r.organization.name, r.has_children, len(r.closes)) for r in rows] == [
        ("시", True, 0),
        ("가", True, 0),
        ("가-1", True, 0),
        ("가-1-1", False, 2),
        ("나", False, 1),
    ]
    assert [r.kind_label for r in rows[:2]] == ["광역자치단체", "위원회"]
    assert (deep.depth, second.depth) == (3, 1)
