"""Tasks from accepted recommendations and adopted agenda items; reports, roll-up, review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import verify_chain
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.models import AuditEvent, Notification
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import AgendaItem
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.enums import AnswerOutcome, ProposalKind
from hyeopchi.tasks import selectors, services
from hyeopchi.tasks.enums import Rollup, TaskKind, TaskStatus
from hyeopchi.tasks.models import ProgressReport, Task
from tests.factories import SYSTEM, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 10, 2)


@pytest.fixture
def city(gwangju_city):
    city = gwangju_city
    committee = OrganizationFactory(name="광주혁신추진위원회", parent=city, kind=OrganizationKind.COMMITTEE)
    sub = OrganizationFactory(name="행정·복지분과", parent=committee, kind=OrganizationKind.SUBCOMMITTEE)
    department = OrganizationFactory(name="혁신정책관", parent=city, kind=OrganizationKind.DEPARTMENT)
    staff = UserFactory(username="city-staff")
    assign_role(actor=SYSTEM, user=staff, organization=city, role=OrganizationRoleName.SECRETARY)
    dept_staff = UserFactory(username="dept-staff")
    assign_role(actor=SYSTEM, user=dept_staff, organization=department, role=OrganizationRoleName.SECRETARY)
    return {
        "city": city,
        "committee": committee,
        "sub": sub,
        "department": department,
        "staff": Actor.for_user(staff),
        "dept": Actor.for_user(dept_staff),
    }


def _recommend(city, number, round_number=1, author=None):
    return proposal_services.create_proposal(
        actor=SYSTEM,
        addressee=city["city"],
        kind=ProposalKind.RECOMMENDATION,
        title=f"혁신 권고 제{number}호",
        body="시정 혁신을 위한 권고",
        author_organization=author or city["committee"],
        round_number=round_number,
        number=number,
    )


def report(city: dict[str, Any], task: Task, on: dt.date, narrative: str, **options: Any) -> ProgressReport:
    """A progress report by the city's staff, as of TODAY; in progress unless ``status`` says."""
    options.setdefault("status", TaskStatus.IN_PROGRESS)
    return services.report_progress(
        actor=city["staff"], task=task, reported_on=on, narrative=narrative, today=TODAY, **options
    )


def test_accepting_a_recommendation_creates_its_task_and_it_rolls_up_into_the_review(city):
    rec = _recommend(city, 1)
    answer, task = services.answer_with_task(
        actor=city["staff"],
        answer=rec.answers.get(),
        outcome=AnswerOutcome.ACCEPTED,
        text="수용합니다.",
        department=city["department"],
        end_date=dt.date(2020, 12, 31),
    )
    assert (task.kind, task.owner, task.department, task.origin_proposal, task.status) == (
        TaskKind.RECOMMENDATION,
        city["city"],
        city["department"],
        rec,
        TaskStatus.PLANNED,
    )
    a = services.create_task(actor=city["staff"], owner=city["city"], title="조례 개정", parent=task)
    b = services.create_task(actor=city["staff"], owner=city["city"], title="시범 사업", parent=task)
    services.set_rollup(actor=city["staff"], task=task, mode=Rollup.WEIGHTED, weights={a.pk: D("0.4"), b.pk: D("0.6")})
    report(city, a, dt.date(2019, 9, 30), "입법예고 완료", progress=80)
    report(city, b, dt.date(2019, 10, 1), "2개 구 시범 운영", progress=50)
    task.refresh_from_db()
    assert task.progress == D("62.00")  # 80 × 0.4 + 50 × 0.6

    services.set_rollup(actor=city["staff"], task=task, mode=Rollup.MEAN)
    task.refresh_from_db()
    assert task.progress == D("65.00")
    report(city, task, dt.date(2019, 10, 2), "전체 추진 중")

    not_yet = _recommend(city, 2)
    rows = selectors.implementation_review(city["committee"])
    assert [
        (
            r.proposal.number,
            r.answer.outcome if r.answer else None,
            r.task.title if r.task else None,
            r.progress,
            r.last_report.narrative if r.last_report else None,
        )
        for r in rows
    ] == [(1, "accepted", "혁신 권고 제1호", D("65.00"), "전체 추진 중"), (2, "", None, None, None)]
    assert not_yet.answers.get().answered_at is None
    assert verify_chain().is_ok


def test_review_runs_a_constant_number_of_queries(city, django_assert_num_queries):
    for number in range(1, 4):
        rec = _recommend(city, number, author=city["sub"])
        _, task = services.answer_with_task(
            actor=city["staff"], answer=rec.answers.get(), outcome=AnswerOutcome.ACCEPTED, text="수용"
        )
        report(city, task, TODAY, "착수", progress=10)
    with django_assert_num_queries(4):
        rows = selectors.implementation_review(city["committee"])
    assert len(rows) == 3


def test_weighted_rollup_refuses_weights_that_do_not_make_a_whole(city):
    parent = services.create_task(actor=city["staff"], owner=city["city"], title="상위 과제")
    a = services.create_task(actor=city["staff"], owner=city["city"], title="하위 1", parent=parent)
    b = services.create_task(actor=city["staff"], owner=city["city"], title="하위 2", parent=parent)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailedError) as raised:
        services.set_rollup(
            actor=city["staff"], task=parent, mode=Rollup.WEIGHTED, weights={a.pk: D("0.5"), b.pk: D("0.4")}
        )
    assert raised.value.code == "tasks.invalid_rollup"
    assert (Task.objects.get(pk=parent.pk).rollup, AuditEvent.objects.count()) == (Rollup.OWN, before)


def test_reports_keep_history_in_date_order_and_check_status_moves(city):
    task = services.create_task(
        actor=city["staff"], owner=city["city"], title="혁신 과제", department=city["department"]
    )
    services.report_progress(
        actor=city["dept"],
        task=task,
        reported_on=dt.date(2019, 9, 1),
        progress=30,
        status=TaskStatus.IN_PROGRESS,
        narrative="착수",
        today=TODAY,
    )
    with pytest.raises(ValidationFailedError) as raised:
        services.report_progress(
            actor=city["dept"], task=task, reported_on=dt.date(2019, 8, 1), progress=40, narrative="이전", today=TODAY
        )
    assert raised.value.field_messages() == {"reported_on": ["더 나중 보고(2019-09-01 기준)가 이미 있습니다."]}
    with pytest.raises(ValidationFailedError):
        services.report_progress(
            actor=city["dept"], task=task, reported_on=TODAY, progress=101, narrative="초과", today=TODAY
        )
    with pytest.raises(ValidationFailedError):
        services.report_progress(
            actor=city["dept"], task=task, reported_on=dt.date(2019, 10, 3), progress=50, narrative="미래", today=TODAY
        )
    services.report_progress(
        actor=city["dept"],
        task=task,
        reported_on=TODAY,
        status=TaskStatus.COMPLETED,
        narrative="완료",
        today=TODAY,
        files=[SimpleUploadedFile("결과.pdf", b"%PDF-1.7 result")],
    )
    task.refresh_from_db()
    assert (task.status, task.progress, task.last_reported_on) == (TaskStatus.COMPLETED, D(100), TODAY)
    reports = selectors.reports_of(task)
    assert [(r.reported_on, r.progress, r.status) for r in reports] == [
        (TODAY, D(100), "completed"),
        (dt.date(2019, 9, 1), D(30), "in_progress"),
    ]
    assert [e.media_type for e in reports[0].evidence.all()] == ["application/pdf"]
    cancelled = services.create_task(
        actor=city["staff"], owner=city["city"], title="취소 과제", status=TaskStatus.CANCELLED
    )
    with pytest.raises(InvalidTransitionError):
        report(city, cancelled, TODAY, "재개")
    outsider = Actor.for_user(UserFactory(username="outsider"))
    with pytest.raises(PermissionDeniedError):
        services.report_progress(actor=outsider, task=task, reported_on=TODAY, narrative="x", today=TODAY)


def test_overdue_and_stale_tasks_are_listed(city):
    overdue = services.create_task(
        actor=city["staff"], owner=city["city"], title="기한 지난 과제", end_date=dt.date(2019, 6, 30)
    )
    fresh = services.create_task(actor=city["staff"], owner=city["city"], title="최근 보고 과제")
    report(city, fresh, dt.date(2019, 9, 20), "진행", progress=20)
    old = services.create_task(actor=city["staff"], owner=city["city"], title="오래된 보고 과제")
    report(city, old, dt.date(2019, 5, 1), "진행", progress=20)
    assert [t.title for t in selectors.overdue_tasks(city["city"], today=TODAY)] == ["기한 지난 과제"]
    assert [t.title for t in selectors.stale_tasks(city["city"], today=TODAY, days=90)] == ["오래된 보고 과제"]
    assert overdue.status == TaskStatus.PLANNED


def test_adopting_an_agenda_item_creates_one_task(gwangju):
    meeting = gwangju.vice_heads.meetings.order_by("start").first()
    secretary = Actor.for_user(gwangju.secretary)
    item = meeting_services.add_agenda_item(
        actor=secretary, meeting=meeting, title="광산구 대표정책: 공유 주차장", kind="report"
    )
    task = meeting_services.adopt_as_task(
        actor=secretary, item=item, owner=gwangju.city, kind=TaskKind.REPRESENTATIVE_POLICY
    )
    assert (task.origin, task.kind, task.start_date) == (item, "representative_policy", dt.date(2021, 2, 23))
    assert AgendaItem.objects.get(pk=item.pk).decision == "adopted"
    with pytest.raises(ConflictError) as raised:
        meeting_services.adopt_as_task(actor=secretary, item=item, owner=gwangju.city)
    assert raised.value.code == "tasks.already_has_task"


def test_a_rolled_up_parents_status_follows_its_sub_tasks(city):
    parent = services.create_task(actor=city["staff"], owner=city["city"], title="민원 서비스 개선")
    a = services.create_task(actor=city["staff"], owner=city["city"], title="창구 통합", parent=parent)
    b = services.create_task(actor=city["staff"], owner=city["city"], title="온라인 접수", parent=parent)
    services.set_rollup(actor=city["staff"], task=parent, mode=Rollup.MEAN)
    report(city, a, dt.date(2019, 9, 1), "창구 2곳 통합", progress=100, status=TaskStatus.COMPLETED)
    parent.refresh_from_db()
    assert (parent.status, parent.progress) == (TaskStatus.IN_PROGRESS, D("50.00"))
    report(city, b, dt.date(2019, 9, 2), "시스템 발주 지연", progress=20, status=TaskStatus.DELAYED)
    parent.refresh_from_db()
    assert (parent.status, parent.progress) == (TaskStatus.DELAYED, D("60.00"))


def test_a_rolled_up_parent_refuses_a_report_that_sets_another_status(city):
    parent = services.create_task(actor=city["staff"], owner=city["city"], title="민원 서비스 개선")
    services.create_task(actor=city["staff"], owner=city["city"], title="창구 통합", parent=parent)
    services.set_rollup(actor=city["staff"], task=parent, mode=Rollup.MEAN)
    with pytest.raises(ValidationFailedError) as raised:
        report(city, parent, TODAY, "완료 처리", status=TaskStatus.COMPLETED)
    assert raised.value.fields == {"status": ["이 과제의 상태는 하위 과제를 따릅니다. 하위 과제에 보고하세요."]}
    assert ProgressReport.objects.filter(task=parent).count() == 0


def _dated(city, title, end, **options):
    return services.create_task(
        actor=city["staff"], owner=city["city"], title=title, end_date=end, department=city["department"], **options
    )


def test_the_list_flags_and_filters_overdue_and_stale_tasks(city):
    overdue = _dated(city, "기한 지난 과제", dt.date(2019, 9, 30))
    _dated(city, "기한 남은 과제", dt.date(2019, 12, 31))
    done = _dated(city, "끝난 과제", dt.date(2019, 9, 30))
    report(city, done, dt.date(2019, 9, 30), "완료", status=TaskStatus.COMPLETED)
    Task.objects.filter(pk=overdue.pk).update(created_at=dt.datetime(2019, 1, 2, tzinfo=dt.UTC))

    everything = selectors.tasks_list(city["city"], today=TODAY)
    late = selectors.tasks_list(city["city"], attention="overdue", today=TODAY)
    quiet = selectors.tasks_list(city["city"], attention="stale", today=TODAY)

    assert sorted((t.title, t.is_overdue, t.is_stale) for t in everything) == [
        ("기한 남은 과제", False, False),
        ("기한 지난 과제", True, True),
        ("끝난 과제", False, False),
    ]
    assert ([t.title for t in late], [t.title for t in quiet]) == (["기한 지난 과제"], ["기한 지난 과제"])


def test_an_organization_counts_its_active_overdue_and_stale_tasks_in_one_query(city, django_assert_num_queries):
    _dated(city, "기한 지난 과제", dt.date(2019, 9, 30))
    _dated(city, "기한 남은 과제", dt.date(2019, 12, 31))
    with django_assert_num_queries(1):
        counts = selectors.attention_of(city["city"], today=TODAY)
    assert counts == selectors.Attentions(active=2, overdue=1, stale=0)


def test_the_review_keeps_only_recommendations_whose_task_is_overdue(city):
    for number, end in [(1, dt.date(2019, 9, 30)), (2, dt.date(2020, 6, 30))]:
        services.answer_with_task(
            actor=city["staff"],
            answer=_recommend(city, number).answers.get(),
            outcome=AnswerOutcome.ACCEPTED,
            text="수용",
            end_date=end,
        )
    rows = selectors.implementation_review(city["committee"], attention="overdue", today=TODAY)
    assert [(r.proposal.number, r.overdue, r.stale) for r in rows] == [(1, True, False)]


def _notified(verb):
    return sorted(Notification.objects.filter(verb=verb).values_list("user__username", "title"))


def test_reporters_hear_a_week_before_the_end_and_the_day_after_it_passed(city):
    _dated(city, "다음 주 마감 과제", TODAY + dt.timedelta(days=7))
    _dated(city, "어제 마감 과제", TODAY - dt.timedelta(days=1))
    _dated(city, "31일 지난 과제", TODAY - dt.timedelta(days=31))
    _dated(city, "10일 지난 과제", TODAY - dt.timedelta(days=10))

    assert services.remind_due_and_overdue(actor=SYSTEM, today=TODAY) == 3
    assert _notified("tasks.due_soon") == [
        ("city-staff", "“다음 주 마감 과제”의 종료일은 2019-10-09입니다. 진척 상황을 보고하세요."),
        ("dept-staff", "“다음 주 마감 과제”의 종료일은 2019-10-09입니다. 진척 상황을 보고하세요."),
    ]
    assert (len(_notified("tasks.overdue")), sorted({title for _, title in _notified("tasks.overdue")})) == (
        4,
        [
            "“31일 지난 과제”의 종료일(2019-09-01)이 지났지만 아직 끝나지 않았습니다. 진척 상황을 보고하거나, 완료 처리하거나, 일정을 다시 잡으세요.",
            "“어제 마감 과제”의 종료일(2019-10-01)이 지났지만 아직 끝나지 않았습니다. 진척 상황을 보고하거나, 완료 처리하거나, 일정을 다시 잡으세요.",
        ],
    )


def test_the_issuing_committees_secretary_asks_the_reporters_for_a_report(city):
    secretary = UserFactory(username="committee-secretary")
    assign_role(actor=SYSTEM, user=secretary, organization=city["committee"], role=OrganizationRoleName.SECRETARY)
    _, task = services.answer_with_task(
        actor=city["staff"],
        answer=_recommend(city, 1).answers.get(),
        outcome=AnswerOutcome.ACCEPTED,
        text="수용",
        department=city["department"],
    )

    assert services.request_report(actor=Actor.for_user(secretary), task=task) == 2
    assert _notified("tasks.report_requested") == [
        ("city-staff", "광주혁신추진위원회에서 “혁신 권고 제1호”의 이행상황 보고를 요청했습니다."),
        ("dept-staff", "광주혁신추진위원회에서 “혁신 권고 제1호”의 이행상황 보고를 요청했습니다."),
    ]


def test_only_the_issuing_committees_staff_may_ask_for_a_report(city):
    _, task = services.answer_with_task(
        actor=city["staff"], answer=_recommend(city, 1).answers.get(), outcome=AnswerOutcome.ACCEPTED, text="수용"
    )
    with pytest.raises(PermissionDeniedError):
        services.request_report(actor=city["dept"], task=task)
