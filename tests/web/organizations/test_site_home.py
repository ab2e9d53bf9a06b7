"""A site's home shows what is happening on it, with one call to action; an evaluation round
reached from it keeps its navigation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from hyeopchi.budgeting.enums import Phase
from hyeopchi.budgeting.services import processes
from hyeopchi.budgeting.services.processes import PhaseDates
from hyeopchi.core.actor import Actor
from hyeopchi.evaluations.services import TargetSpec, enrol_targets
from hyeopchi.meetings import services as meeting_services
from hyeopchi.proposals import services as proposal_services
from hyeopchi.proposals.enums import AnswerOutcome
from hyeopchi.tasks import services as task_services
from tests.factories import SYSTEM, OrganizationFactory
from tests.support.budgets import budget_world, phases_around
from tests.support.evaluations import evaluation_office, example_round_of
from tests.support.helpers import text_of
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def _section(response: HttpResponse, heading_id: str) -> str:
    """The HTML of the home's section labelled by ``heading_id``."""
    html: str = response.content.decode()
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_home_lists_proposals_collecting_supports_most_supported_first(baro: Baro):
    quiet = baro.propose("버스 정류장 그늘막", "여름마다 덥습니다.")
    popular = baro.propose("도서관 야간 개관", "밤에도 공부할 곳이 필요합니다.")
    for supporter in people(2):
        proposal_services.support(actor=supporter, proposal=popular)

    section = _section(Client().get("/gwangju/"), "collecting-heading")

    assert section.index("도서관 야간 개관") < section.index("버스 정류장 그늘막")
    assert "공감 2" in section
    assert f'href="/gwangju/proposals/{quiet.pk}/"' in section


def test_home_lists_an_answered_proposal_with_its_outcome(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 공부할 곳이 필요합니다.")
    answer = proposal_services.request_answer(
        actor=Actor.for_user(baro.city_staff),
        proposal=proposal,
        organization=baro.department,
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    proposal_services.give_answer(actor=SYSTEM, answer=answer, outcome=AnswerOutcome.ACCEPTED, text="시행합니다.")

    response = Client().get("/gwangju/")

    assert "도서관 야간 개관" in _section(response, "answered-heading")
    assert "수용" in _section(response, "answered-heading")
    assert "도서관 야간 개관" not in _section(response, "collecting-heading")


def _process(site, slug: str, title: str, ideas_from: dt.date, voting_from: dt.date, voting_to: dt.date) -> None:
    """A process taking ideas from ``ideas_from``, then ballots from ``voting_from`` to ``voting_to``."""
    phases = [
        PhaseDates(Phase.IDEAS, ideas_from, voting_from - dt.timedelta(days=1)),
        PhaseDates(Phase.VOTING, voting_from, voting_to),
    ]
    processes.create_process(actor=SYSTEM, site=site, title=title, slug=slug, phases=phases)


def test_home_puts_a_budget_taking_ballots_first_with_a_vote_button(gwangju_city):
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    _process(gwangju_city, "ideas", "2027 시민제안 공모", today - day, today + 2 * day, today + 9 * day)
    budget_world(gwangju_city, phases=phases_around(today))

    section = _section(Client().get("/gwangju/"), "budgets-heading")
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())

    assert section.index("2026 동구 주민참여예산") < section.index("2027 시민제안 공모")
    assert f"투표 {today - 2 * day:%Y-%m-%d} ~ {today + 10 * day:%Y-%m-%d}" in text
    assert (
        f'<a class="button" href="/gwangju/budgets/donggu-2026/">{today + 10 * day:%Y-%m-%d}까지 투표하기</a>'
        in section
    )
    assert f"제안 접수 {today - day:%Y-%m-%d} ~ {today + day:%Y-%m-%d}" in text
    assert section.count('class="button"') == 1


def test_home_offers_no_vote_once_the_ballots_are_sealed(gwangju_city):
    world = budget_world(gwangju_city, phases=phases_around(timezone.localdate()))
    world.process.sealed_at = timezone.now()
    world.process.save(update_fields=["sealed_at"])

    section = _section(Client().get("/gwangju/"), "budgets-heading")

    assert "2026 동구 주민참여예산" in section
    assert "투표하기" not in section


def test_home_has_no_budget_section_when_none_is_running(gwangju_city):
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    _process(gwangju_city, "done", "지난 참여예산", today - 30 * day, today - 10 * day, today - day)
    _process(gwangju_city, "later", "내년 참여예산", today + day, today + 30 * day, today + 40 * day)

    html = Client().get("/gwangju/").content.decode()

    assert "budgets-heading" not in html
    assert "지난 참여예산" not in html
    assert "내년 참여예산" not in html


def test_home_counts_top_level_tasks_by_status_with_the_overdue(gwangju_city):
    today = timezone.localdate()
    late = task_services.create_task(
        actor=SYSTEM, owner=gwangju_city, title="조례 개정", end_date=today - dt.timedelta(days=1)
    )
    task_services.create_task(actor=SYSTEM, owner=gwangju_city, title="시범 사업", parent=late)
    done = task_services.create_task(actor=SYSTEM, owner=gwangju_city, title="도서관 야간 개관")
    task_services.report_progress(
        actor=SYSTEM, task=done, reported_on=today, narrative="개관했습니다.", progress=100, status="completed"
    )

    section = _section(Client().get("/gwangju/"), "tasks-heading")
    text = " ".join(section.split())

    assert "과제 2건, 평균 진척률 50%" in text
    assert '<th scope="row">계획</th><td class="num">1</td>' in section
    assert '<th scope="row">완료</th><td class="num">1</td>' in section
    assert (
        '<th scope="row"><a href="/gwangju/tasks/?attention=overdue">기한 지남</a></th><td class="num">1</td>'
        in section
    )


def test_home_lists_programs_taking_registrations_only(gwangju_city):
    library = OrganizationFactory(name="무등도서관", parent=gwangju_city, kind="department")
    now = timezone.now()

    def program(title: str, starts_in: int, **options) -> None:
        start = now + dt.timedelta(days=starts_in)
        cohort = meeting_services.CohortSpec("1기", start, start + dt.timedelta(hours=2), 10)
        meeting_services.create_program(
            actor=SYSTEM, organizer=library, title=title, kind="forum", cohorts=[cohort], **options
        )

    program("협치 토론회", 10, registration_closes=now + dt.timedelta(days=5))
    program("지난 토론회", -10)
    program("마감된 교육", 10, registration_closes=now - dt.timedelta(days=1))
    program("아직 안 연 교육", 20, registration_opens=now + dt.timedelta(days=3))

    section = _section(Client().get("/gwangju/"), "programs-heading")

    assert "협치 토론회" in section
    assert "지난 토론회" not in section
    assert "마감된 교육" not in section
    assert "아직 안 연 교육" not in section


def test_home_lists_the_evaluations_of_the_sites_organizations(gwangju_city):
    office, _ = evaluation_office()
    concerning = example_round_of(office, "innovation", "혁신평가", panels=[])
    example_round_of(office, "elsewhere", "다른 평가", panels=[])
    district = OrganizationFactory(name="동구", parent=gwangju_city)
    enrol_targets(actor=SYSTEM, round_=concerning, targets=[TargetSpec(district, "T001", "동구", "구")])

    section = _section(Client().get("/gwangju/"), "evaluations-heading")

    assert 'href="/evaluations/innovation/"' in section
    assert "다른 평가" not in section


def test_a_round_reached_from_the_site_keeps_its_navigation(gwangju_city):
    office, _ = evaluation_office()
    round_ = example_round_of(office, "innovation", "혁신평가", panels=[])
    district = OrganizationFactory(name="동구", parent=gwangju_city)
    enrol_targets(actor=SYSTEM, round_=round_, targets=[TargetSpec(district, "T001", "동구", "구")])
    reader = Client()

    before = reader.get("/evaluations/innovation/")
    reader.get("/gwangju/")
    after = reader.get("/evaluations/innovation/")

    assert 'aria-label="주 메뉴"' not in before.content.decode()
    assert 'aria-label="주 메뉴"' in after.content.decode()
    assert 'href="/gwangju/proposals/"' in after.content.decode()


def test_a_round_unrelated_to_the_remembered_site_has_no_site_navigation(gwangju_city):
    office, _ = evaluation_office()
    example_round_of(office, "elsewhere", "다른 평가", panels=[])
    reader = Client()
    reader.get("/gwangju/")

    response = reader.get("/evaluations/elsewhere/")

    assert 'href="/gwangju/proposals/"' not in response.content.decode()


def test_anonymous_visitors_are_asked_to_sign_up_and_propose(gwangju_city):
    response = Client().get("/gwangju/")
    section = _section(response, "cta-heading")

    assert 'href="/accounts/signup/?next=/gwangju/proposals/new/"' in section
    assert "가입하고 제안하기" in text_of(response)
