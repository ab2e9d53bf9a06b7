"""Dashboard figures: the task implementation rule on hand-built tasks, and the demo's panels
against counts taken straight from its records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from hyeopchi.budgeting.models import Participation
from hyeopchi.meetings.enums import AttendanceStatus, MeetingStatus, RegistrationStatus
from hyeopchi.meetings.models import Attendance, Meeting, Registration
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.enums import ProposalKind
from hyeopchi.proposals.models import Proposal, StepReached, Support
from hyeopchi.reports import dashboards
from hyeopchi.tasks import services
from hyeopchi.tasks.enums import TaskStatus
from tests.factories import SYSTEM, OrganizationFactory

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def task(owner: Organization, end: dt.date | None, *, done: dt.date | None = None, **options):
    created = services.create_task(actor=SYSTEM, owner=owner, title="과제", end_date=end, **options)
    if done is not None:
        services.report_progress(
            actor=SYSTEM, task=created, reported_on=done, narrative="완료", status=TaskStatus.COMPLETED, progress=100
        )
    return created


@pytest.fixture
def owners(gwangju_city: Organization) -> tuple[Organization, Organization]:
    gwangsan = OrganizationFactory(name="광산구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT)
    buk = OrganizationFactory(name="북구", parent=gwangju_city, kind=OrganizationKind.BASIC_GOVERNMENT)
    on_time = task(gwangsan, TODAY - 10 * DAY, done=TODAY - 12 * DAY)
    task(gwangsan, TODAY - 10 * DAY, done=TODAY - 5 * DAY)  # late
    task(gwangsan, TODAY - 3 * DAY)  # overdue
    task(gwangsan, TODAY - 3 * DAY, status=TaskStatus.CANCELLED)  # not counted
    task(gwangsan, TODAY - 3 * DAY, parent=on_time)  # a sub-task: not counted
    task(buk, TODAY + 30 * DAY)  # open
    task(buk, None, done=TODAY - DAY)  # no end date: done is on time
    return gwangsan, buk


def test_tasks_are_counted_done_on_time_late_overdue_and_open(gwangju_city, owners) -> None:
    panel = dashboards.implementation(gwangju_city, as_of=TODAY)
    assert panel.rows == [["광산구", 1, 1, 1, 0, 3], ["북구", 1, 0, 0, 1, 2]]


def test_tasks_created_after_the_day_are_not_counted(gwangju_city, owners) -> None:
    assert dashboards.implementation(gwangju_city, as_of=TODAY - DAY).rows == []


def test_the_implementation_chart_stacks_the_four_counts(gwangju_city, owners) -> None:
    chart = dashboards.implementation(gwangju_city, as_of=TODAY).chart
    assert (chart.categories, [s.values for s in chart.series], chart.stacked) == (
        ("광산구", "북구"),
        [(1, 1), (1, 0), (1, 0), (0, 1)],
        True,
    )


def _year(field: str, year: int) -> Q:
    return Q(**{f"{field}__year": year})


def test_the_demo_participation_per_year_matches_its_records(demo) -> None:
    site = Organization.objects.get(site_slug="gwangmyeong")
    panel = dashboards.participation(site, as_of=TODAY)
    expected = []
    for year in [row[0] for row in panel.rows]:
        expected.append(
            [
                year,
                Proposal.objects.filter(_year("submitted_at", year), site=site).count(),
                Support.objects.filter(_year("created_at", year), proposal__site=site).count(),
                Registration.objects.filter(
                    _year("created_at", year),
                    cohort__program__organizer__site=site,
                    status=RegistrationStatus.CONFIRMED,
                ).count(),
                Participation.objects.filter(_year("voted_at", year), process__site=site).count(),
            ]
        )
    assert panel.rows == expected
    assert sum(row[4] for row in panel.rows) == Participation.objects.filter(process__site=site).count() > 0


def test_the_demo_meetings_per_body_match_its_records(demo) -> None:
    site = Organization.objects.get(site_slug="gwangju")
    first = dt.date(2018, 1, 1)
    panel = dashboards.meetings_held(site, first=first, as_of=TODAY)
    assert panel.rows, "the demo holds meetings in Gwangju"
    for name, held, recorded, present, percent in panel.rows:
        meetings = Meeting.objects.filter(
            organizer__site=site, organizer__name=name, status=MeetingStatus.HELD, start__date__gte=first
        )
        records = Attendance.objects.filter(meeting__in=meetings)
        filled = records.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.ACTING]).count()
        assert (held, recorded, present) == (meetings.count(), records.count(), filled)
        assert percent == (None if not recorded else round(100 * filled / recorded + 1e-9))
    held_total = Meeting.objects.filter(organizer__site=site, status=MeetingStatus.HELD, start__date__gte=first)
    assert sum(row[1] for row in panel.rows) == held_total.count()


def test_the_demo_dashboard_has_six_panels_as_of_the_day(demo) -> None:
    site = Organization.objects.get(site_slug="gwangju")
    panels = dashboards.site_dashboard(site, as_of=TODAY)
    assert [(p.key, p.as_of) for p in panels] == [
        ("participation", TODAY),
        ("funnel", TODAY),
        ("implementation", TODAY),
        ("origins", TODAY),
        ("meetings", TODAY),
        ("evaluations", TODAY),
    ]


def test_origins_count_each_kind_of_task_by_the_implementation_rule(gwangju_city, owners) -> None:
    task(owners[1], TODAY + 3 * DAY, kind="recommendation")

    panel = dashboards.origins(gwangju_city, as_of=TODAY)

    assert panel.rows == [["권고 이행과제", 0, 0, 0, 1, 1], ["기타 과제", 2, 1, 1, 1, 5]]


def test_the_demo_evaluation_panel_counts_the_sites_grades_per_round(demo) -> None:
    site = Organization.objects.get(site_slug="gwangmyeong")

    panel = dashboards.evaluation_grades(site, first=None, as_of=TODAY)

    assert [row[:2] + row[4:5] for row in panel.rows] == [
        ["2020년 지방자치단체 정부혁신평가", "경기도 광명시", "보통"],
        ["2020년 재난관리평가", "경기도 광명시", "보통"],
    ]
    assert [(s.name, s.values) for s in panel.chart.series] == [("보통", (1, 1))]


def test_the_demo_funnel_matches_its_records(demo) -> None:
    site = Organization.objects.get(site_slug="gwangju")
    citizen = Proposal.objects.filter(site=site, kind=ProposalKind.CITIZEN, submitted_at__isnull=False)
    reached = StepReached.objects.filter(proposal__in=citizen)
    steps = [
        [name, reached.filter(step__name=name).count()]
        for name in reached.order_by("step__order").values_list("step__name", flat=True).distinct()
    ]
    answered = citizen.filter(answered_at__isnull=False).count()
    rows = dashboards.funnel(site, as_of=TODAY).rows
    assert rows == [["제출", citizen.count()], *steps, ["답변", answered]]
    assert len(rows) > 2


def test_a_site_without_proposals_has_an_empty_funnel(gwangju_city) -> None:
    assert dashboards.funnel(gwangju_city, as_of=TODAY).rows == []
