"""``hyeopchi demo``: the seed articles loaded as a working site, and loaded again unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from hyeopchi.core.models import AuditEvent
from hyeopchi.core.workdays import is_working_day
from hyeopchi.meetings.models import Meeting
from hyeopchi.organizations import selectors
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Membership, Organization, Post
from tests.support.helpers import run_command

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed_organizations(demo):
    output = demo.output

    assert output.startswith(
        "demo loaded: 296 organizations, 96 posts, 34 people, 43 memberships, 11 composition rules, "
        "13 accounts, 6 roles, 23 proposals, 5 meeting series, 23 agenda items, 1 forwarded items, "
        "13 meetings, 5 programs, 8 registrations, 2 threshold ladders, 39 tasks, "
        "24 progress reports, 3 evaluation rounds, 2 budget processes, 1 white papers"
    )
    gwangju = Organization.objects.get(site_slug="gwangju")
    districts = Organization.objects.filter(parent=gwangju, kind=OrganizationKind.BASIC_GOVERNMENT)
    assert sorted(districts.values_list("name", "admin_code")) == [
        ("광산구", "29200"),
        ("남구", "29155"),
        ("동구", "29110"),
        ("북구", "29170"),
        ("서구", "29140"),
    ]
    assert Organization.objects.filter(kind=OrganizationKind.PUBLIC_INSTITUTION, site=gwangju).count() == 20
    committee = Organization.objects.get(name="광주혁신추진위원회")
    assert sorted(committee.children.values_list("kind", flat=True)) == [
        "special_committee",
        "special_committee",
        "subcommittee",
        "subcommittee",
        "subcommittee",
        "subcommittee",
        "subcommittee",
    ]
    gwangmyeong = Organization.objects.get(site_slug="gwangmyeong")
    assert sorted(gwangmyeong.children.values_list("name", flat=True)) == [
        "공론화위원회",
        "공익활동지원센터",
        "시정협치협의회",
        "자치분권과",
        "철산동 행정복지센터",
        "청년정책과",
        "하안동 행정복지센터",
        "협치실행위원회",
    ]
    assert Organization.objects.get(name="행정안전부").kind == OrganizationKind.NATIONAL_MINISTRY


def test_demo_is_idempotent(demo):
    counts = (
        Organization.objects.count(),
        Post.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )

    output = run_command("demo")

    assert output.startswith("demo already loaded: nothing to do")
    assert (
        Organization.objects.count(),
        Post.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_demo_composition_quotas_of_the_labour_management_council(demo):
    council = Organization.objects.get(name="광주글로벌모터스 노사상생협의회")
    working = council.children.get(name="실무위원회")
    grievance = council.children.get(name="고충처리위원회")
    today = dt.date(2026, 11, 22)

    assert [(p.side, p.min_holders, p.max_holders) for p in working.posts.all()] == [
        ("employer", 1, 1),
        ("worker", 3, 3),
        ("coop_team", 2, 2),
    ]
    assert [(p.side, p.min_holders, p.max_holders) for p in grievance.posts.all()] == [
        ("employer", 1, 1),
        ("worker", 2, 2),
    ]
    assert [v.code for v in selectors.check_composition(working, on=today)] == ["post_under_min", "total_below"]
    assert selectors.check_composition(grievance, on=today) == []
    assert selectors.check_composition(council, on=today) == []


def test_demo_vice_heads_meeting_follows_the_vice_mayor_by_date(demo):
    meeting = Organization.objects.get(name="시·구 부단체장 상생회의")

    chair_2021 = selectors.roster_get(meeting, on=dt.date(2021, 2, 23)).seats[0].holders
    chair_2024 = selectors.roster_get(meeting, on=dt.date(2024, 2, 23)).seats[0].holders

    assert [h.person.name for h in chair_2021] == ["이행정"]
    assert [h.person.name for h in chair_2024] == ["박부시"]
    assert selectors.check_composition(meeting, on=dt.date(2021, 2, 23)) == []


def test_demo_replays_scenario_s1_and_the_reading_classes(demo):
    from hyeopchi.meetings.models import AgendaItem, Meeting, Program

    first = Meeting.objects.get(series__title="시·구 부단체장 상생회의", number=1)
    sixth = Meeting.objects.get(series__title="시·구 상생회의", number=6)
    institutions = Meeting.objects.filter(series__title="공공기관장 회의")
    dialogues = Meeting.objects.filter(title__startswith="공공기관 현장 대화").order_by("start")

    assert (first.start.isoformat(), first.status) == ("2021-02-23T01:00:00+00:00", "held")
    assert [i.title for i in sixth.agenda_items.order_by("position")] == [
        "문화강좌 비정규직 민생안정자금 지원",
        "코로나19 백신접종 의료인력 확보 대책건의",
        "학대피해 아동쉼터 광주시 통합 추가설치 요청",
    ]
    assert AgendaItem.objects.filter(meeting=first, parent=None).count() == 5
    assert institutions.count() == 12
    assert (dialogues.count(), dialogues.first().start.date(), dialogues.last().start.date()) == (
        11,
        dt.date(2024, 2, 22),
        dt.date(2024, 4, 22),
    )
    classes = {
        p.title: [(c.label, c.capacity) for c in p.cohorts.all()] for p in Program.objects.filter(kind="reading_class")
    }
    assert classes == {
        "우리 함께 생각해요! 아동인권": [("1기", 7), ("2기", 7)],
        "오늘은 미세먼지 좋은, 푸른 하늘을 그리다": [("1기", 15)],
        "작가와 함께하는 독서교실": [("1기", 30)],
    }


def test_demo_proposals_reach_every_stage_and_the_review_matches_the_2019_report(demo):
    from hyeopchi.proposals.models import Proposal
    from hyeopchi.tasks.models import Task
    from hyeopchi.tasks.selectors import implementation_review

    gwangju = Organization.objects.get(site_slug="gwangju")
    citizen = Proposal.objects.filter(site=gwangju, kind="citizen").order_by("pk")
    assert [(p.status, p.support_count, p.participant_count) for p in citizen] == [
        ("submitted", 17, 0),
        ("debate", 55, 40),
        ("under_review", 55, 100),
        ("accepted", 55, 100),
        ("partially_accepted", 55, 100),
        ("not_accepted", 55, 100),
        ("withdrawn", 55, 0),
        ("expired", 12, 0),
        ("accepted", 55, 100),
    ]
    committee = Organization.objects.get(name="광주혁신추진위원회")
    rows = implementation_review(committee)
    assert [(r.proposal.round_number, r.proposal.number, str(r.task.progress)) for r in rows] == [
        (1, 1, "70.00"),
        (2, 2, "60.00"),
        (2, 3, "50.00"),
        (3, 4, "30.00"),
        (3, 5, "20.00"),
        (4, 6, "25.00"),
        (5, 7, "41.00"),
        (5, 8, "40.00"),
        (6, 9, "20.00"),
        (6, 10, "15.00"),
    ]
    assert {r.last_report.reported_on.isoformat() for r in rows} == {"2019-10-02"}
    consultations = Proposal.objects.filter(kind="consultation").order_by("pk")
    assert [(p.status, p.tasks.get().kind) for p in consultations] == [("accepted", "meeting_decision")] * 3
    assert Task.objects.filter(kind="representative_policy").count() == 5
    assert Task.objects.filter(kind="innovation_task").count() == 5
    assert Task.objects.filter(kind="joint_project", site=gwangju).count() == 2
    gwangmyeong = Task.objects.filter(site__site_slug="gwangmyeong", kind="joint_project")
    assert sorted(set(gwangmyeong.values_list("status", "progress"))) == [("completed", Decimal(100))]
    assert gwangmyeong.count() == 7


def test_demo_meetings_fall_on_working_days(demo):
    off_days = [
        (timezone.localdate(m.start).isoformat(), m.title)
        for m in Meeting.objects.order_by("start")
        if not is_working_day(timezone.localdate(m.start))
    ]

    assert off_days == []
    # The dialogue six days after 11 March 2024 would have been a Sunday: it is on Monday the 18th.
    dialogue = Meeting.objects.get(title="공공기관 현장 대화: 광주여성가족재단")
    assert timezone.localdate(dialogue.start) == dt.date(2024, 3, 18)
