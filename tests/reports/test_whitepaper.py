"""The demo's white paper (광명시 2019–2023): every figure it prints against the records it cites."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.budgeting.models import Result
from hyeopchi.meetings.enums import AttendanceStatus, MeetingStatus
from hyeopchi.meetings.models import Attendance, Meeting
from hyeopchi.organizations.enums import BODY_KINDS
from hyeopchi.organizations.models import Membership, Organization
from hyeopchi.reports.document import Figure, Prose, Quote, Ref, Table
from hyeopchi.reports.models import WhitePaper
from hyeopchi.reports.whitepaper import compile_paper
from hyeopchi.tasks.enums import TaskStatus
from hyeopchi.tasks.models import Task

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture
def paper(demo) -> WhitePaper:
    return WhitePaper.objects.get(site__site_slug="gwangmyeong")


@pytest.fixture
def document(paper):
    return compile_paper(paper, as_of=AS_OF)


def held_in_period(city: Organization):
    return Meeting.objects.filter(
        organizer__site=city, status=MeetingStatus.HELD, start__date__gte=dt.date(2019, 1, 1), start__date__lte=AS_OF
    )


def test_the_outline_is_the_five_chapters_of_gwangmyeongs_white_paper(document):
    assert [(c.number, c.title) for c in document.chapters] == [
        (1, "민관협치의 목표와 체계"),
        (2, "주요 협치사업"),
        (3, "협치 성과와 사례"),
        (4, "시민의 목소리"),
        (5, "민관협치 평가"),
    ]


def test_meetings_held_is_the_number_of_meetings_held_in_the_period(document, paper):
    held = held_in_period(paper.site)

    assert held.count() == 19
    assert document.figures["meetings_held"] == "19"


def test_attendance_is_seats_present_per_seat_recorded_at_those_meetings(document, paper):
    records = Attendance.objects.filter(meeting__in=held_in_period(paper.site))
    present = records.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.ACTING]).count()

    assert (present, records.count()) == (95, 95)
    assert document.figures["attendance_percent"] == "100%"


def test_bodies_and_members_are_those_in_office_at_the_end_of_the_period(document, paper):
    bodies = Organization.objects.filter(site=paper.site, kind__in=BODY_KINDS)
    members = Membership.objects.filter(post__organization__in=bodies, start_date__lte=AS_OF).exclude(
        end_date__lt=AS_OF
    )

    assert (bodies.count(), members.count()) == (3, 6)
    assert (document.figures["bodies"], document.figures["members"]) == ("3", "6")


def test_budget_figures_are_the_projects_the_published_results_selected(document, paper):
    selected = [
        d
        for result in Result.objects.filter(heading__process__site=paper.site, published=True)
        for d in result.outcome["decisions"].values()
        if d.get("selected")
    ]

    assert len(selected) == 6
    assert sum(int(d["cost"]) for d in selected) == 135_000_000
    assert (document.figures["budget_projects"], document.figures["budget_won"]) == ("6", "135,000,000원")


def test_tasks_completed_counts_top_level_tasks_first_completed_in_the_period(document, paper):
    completed = Task.objects.filter(
        site=paper.site,
        parent__isnull=True,
        reports__status=TaskStatus.COMPLETED,
        reports__reported_on__range=(dt.date(2019, 1, 1), AS_OF),
    ).distinct()

    assert completed.count() == 8
    assert document.figures["tasks_completed"] == "8"


def test_narrative_prints_the_live_figures_where_the_text_refers_to_them(document):
    (prose,) = document.chapters[0].sections[0].blocks
    assert isinstance(prose, Prose)

    refs = [run for paragraph in prose.paragraphs for run in paragraph if isinstance(run, Ref)]

    assert [(r.key, r.value) for r in refs] == [
        ("bodies", "3"),
        ("members", "6"),
        ("meetings_held", "19"),
        ("attendance_percent", "100%"),
    ]


def test_tables_and_figures_are_numbered_per_chapter_in_reading_order(document):
    numbers = [
        (chapter.number, "figure" if isinstance(block, Figure) else "table", block.number)
        for chapter in document.chapters
        for section in chapter.sections
        for block in section.blocks
        if isinstance(block, Table | Figure)
    ]

    assert numbers == [
        (1, "table", "1-1"),
        (1, "table", "1-2"),
        (1, "table", "1-3"),
        (2, "figure", "2-1"),
        (2, "table", "2-2"),
        (3, "table", "3-1"),
        (3, "figure", "3-1"),
        (3, "table", "3-3"),
        (3, "table", "3-4"),
        (3, "table", "3-5"),
        (3, "table", "3-6"),
        (5, "table", "5-1"),
    ]


def test_the_committee_statistics_table_counts_bodies_members_and_meetings(document):
    summary = document.chapters[0].sections[2].blocks[0]

    assert isinstance(summary, Table)
    assert summary.rows == (("3", "6", "19", "6.3", "100"),)


def test_evaluation_results_list_only_the_sites_own_organizations(document):
    grades = document.chapters[2].sections[-1].blocks[0]

    assert isinstance(grades, Table)
    assert [row[:2] for row in grades.rows] == [
        ("2020년 지방자치단체 정부혁신평가", "경기도 광명시"),
        ("2020년 재난관리평가", "경기도 광명시"),
    ]


def test_the_voices_chapter_prints_each_consented_quote(document):
    quotes = [b for s in document.chapters[3].sections for b in s.blocks if isinstance(b, Quote)]

    assert [q.speaker for q in quotes] == ["주마을", "하청년", "구환경"]
    assert document.figures["voices"] == "3"


def test_a_body_paper_compiles_only_that_bodys_meetings(paper):
    council = Organization.objects.get(site=paper.site, name="시정협치협의회")
    executive = Organization.objects.get(site=paper.site, name="협치실행위원회")
    paper.body = executive
    document = compile_paper(paper, as_of=AS_OF)

    assert held_in_period(paper.site).filter(organizer=council).count() == 19
    assert (document.figures["meetings_held"], document.figures["bodies"]) == ("0", "1")


def test_the_same_records_and_texts_give_the_same_content_hash(paper):
    first = compile_paper(paper, as_of=AS_OF).content_hash

    assert compile_paper(paper, as_of=AS_OF).content_hash == first
    assert compile_paper(paper, as_of=dt.date(2023, 6, 30)).content_hash != first
