"""Proposals and tasks of the demo, from the seed articles (000, 001, 002, 003, 004).

- 바로소통광주 (seed 001, participation.md §3): both ladders (2019-03-20 and 2020-03-30) and
  citizen proposals at every stage. Their dates are recent, relative to the day the demo loads,
  so the open stages stay open; the people supporting them are placeholder accounts.
- 광주혁신추진위원회 (seed 002): 10 recommendations in 6 rounds, accepted, with tasks and the
  progress reported on 2019-10-02. The rounds' dates and the percentages are examples; the
  narratives follow the article.
- Seed 000: each district's 2021 representative policy and innovation task, and the three
  consultation items carried to the 6th 시·구 상생회의, where they became city tasks.
- Seed 003: the 2024 city–institution joint projects; seed 004: Gwangmyeong's outcomes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hyeopchi.core.actor import Actor
from hyeopchi.demo.data.meetings import CONSULTATION_ITEMS, INNOVATION_TASKS, POLICIES
from hyeopchi.demo.data.proposals import (
    CITIZEN_PROPOSALS,
    CITIZENS,
    GWANGMYEONG_OUTCOMES,
    RECOMMENDATIONS,
    REVIEWED_ON,
    SPLIT_RECOMMENDATIONS,
    Split,
)
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import AgendaItem, Meeting
from hyeopchi.meetings.recurrence import SEOUL
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import services
from hyeopchi.proposals.enums import Answerer, AnswerOutcome, Metric, Position, ProposalKind, StepEffect
from hyeopchi.proposals.models import Ladder, Proposal
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.enums import TaskKind, TaskStatus
from hyeopchi.tasks.models import Task

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader


D = dt.date


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=SEOUL)


def ladder_steps(supports: int, participants: int, committee: Organization) -> list[dict[str, Any]]:
    return [
        {
            "name": "토론방 개설",
            "name_en": "Debate room opens",
            "metric": Metric.SUPPORTS,
            "threshold": supports,
            "window_days": 30,
            "effect": StepEffect.DEBATE,
        },
        {
            "name": "공식 검토·답변",
            "name_en": "Official review and answer",
            "metric": Metric.PARTICIPANTS,
            "threshold": participants,
            "window_days": 30,
            "effect": StepEffect.REVIEW,
            "answerer": Answerer.COMMITTEE,
            "answer_organization": committee,
            "answer_days": 10,
        },
    ]


class ProposalsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def count(self, what: str) -> None:
        self.loader.stats.count(what)

    # -- helpers --------------------------------------------------------------------------------

    def citizens(self) -> list[Actor]:
        """Placeholder accounts that support and debate; they cannot sign in."""
        user_model = get_user_model()
        existing = set(user_model.objects.filter(username__startswith="citizen-").values_list("username", flat=True))
        missing = [f"citizen-{n:03d}" for n in range(1, CITIZENS + 1) if f"citizen-{n:03d}" not in existing]
        if missing:
            new = [user_model(username=name) for name in missing]
            for user in new:
                user.set_unusable_password()
            user_model.objects.bulk_create(new)
            self.count("accounts")
        everyone = user_model.objects.filter(username__startswith="citizen-").order_by("username")
        return [Actor.for_user(user) for user in everyone]

    def task(self, owner: Organization, title: str, **options: Any) -> Task:
        existing = Task.objects.filter(owner=owner, title=title).first()
        if existing is not None:
            return existing
        self.count("tasks")
        return task_services.create_task(actor=self.actor, owner=owner, title=title, **options)

    def report(self, task: Task, on: dt.date, narrative: str, **options: Any) -> None:
        if task.reports.filter(reported_on=on).exists():
            return
        self.count("progress reports")
        task_services.report_progress(actor=self.actor, task=task, reported_on=on, narrative=narrative, **options)

    # -- scenarios ------------------------------------------------------------------------------

    def consultations(self) -> None:
        """Seed 000's consultation items, before the meetings demo puts them on the agenda."""
        gwangju = Organization.objects.get(site_slug="gwangju")
        for district_name, title in CONSULTATION_ITEMS:
            district = Organization.objects.get(parent=gwangju, name=district_name, kind=K.BASIC_GOVERNMENT)
            if Proposal.objects.filter(author_organization=district, title=title).exists():
                continue
            self.count("proposals")
            services.create_proposal(
                actor=self.actor,
                addressee=gwangju,
                kind=ProposalKind.CONSULTATION,
                title=title,
                body=f"{district_name}가 제6차 시·구 상생회의에 올린 협의안건.",
                author_organization=district,
                now=at(2021, 2, 23, 11),
            )

    def load(self) -> None:
        gwangju = Organization.objects.get(site_slug="gwangju")
        rights = self.loader.org(
            "시민권익위원회",
            K.COMMITTEE,
            gwangju,
            name_en="Citizens' Rights Committee",
            sort_order=51,
            description="바로소통광주 제안을 검토·심의하고 시에 권고하는 위원회.",
        )
        self.loader.role(self.loader.user("rights-secretary"), rights, OrganizationRoleName.SECRETARY)
        self.ladders(gwangju, rights)
        self.baro(gwangju, rights)
        self.innovation_recommendations(gwangju)
        self.district_tasks(gwangju)
        self.joint_projects(gwangju)
        self.gwangmyeong(Organization.objects.get(site_slug="gwangmyeong"))

    def ladders(self, gwangju: Organization, rights: Organization) -> None:
        for valid_from, supports, participants, basis in [
            (D(2019, 3, 20), 100, 1000, "바로소통광주 개통 (2019-03-20)"),
            (D(2020, 3, 30), 50, 100, "바로소통광주 기준 완화: 공감 100→50명, 토론 1000→100명 (2020-03-30)"),
        ]:
            if Ladder.objects.filter(site=gwangju, valid_from=valid_from).exists():
                continue
            self.count("threshold ladders")
            services.create_ladder(
                actor=self.actor,
                site=gwangju,
                name=f"바로소통광주 {valid_from.year}",
                name_en=f"Baro Sotong Gwangju {valid_from.year}",
                valid_from=valid_from,
                steps=ladder_steps(supports, participants, rights),
                basis=basis,
            )

    def baro(self, gwangju: Organization, rights: Organization) -> None:
        citizens = self.citizens()
        authors = citizens[-len(CITIZEN_PROPOSALS) :]
        today = timezone.localdate()
        transport = self.loader.org(
            "교통정책과", K.DEPARTMENT, gwangju, name_en="Transport Policy Division", sort_order=14
        )
        committee_actor = Actor.for_user(self.loader.user("rights-secretary"))
        for index, (title, body, stage) in enumerate(CITIZEN_PROPOSALS):
            if Proposal.objects.filter(site=gwangju, title=title).exists():
                continue
            self.count("proposals")
            days_ago = {"collecting": 6, "expired": 45}.get(stage, 20)
            start = timezone.now() - dt.timedelta(days=days_ago)
            proposal = services.create_proposal(
                actor=authors[index], addressee=gwangju, title=title, body=body, now=start
            )
            supporters = {"collecting": 17, "expired": 12}.get(stage, 55)
            for citizen in citizens[:supporters]:
                services.support(actor=citizen, proposal=proposal, now=start + dt.timedelta(days=2))
            if stage in {"collecting", "expired", "withdrawn"}:
                if stage == "withdrawn":
                    services.withdraw_proposal(actor=authors[index], proposal=proposal)
                continue
            participants = 40 if stage == "debate" else 100
            for number, citizen in enumerate(citizens[:participants]):
                position = Position.FOR if number % 4 else Position.AGAINST
                services.join_debate(
                    actor=citizen, proposal=proposal, position=position, now=start + dt.timedelta(days=4)
                )
            services.add_comment(
                actor=citizens[0], proposal=proposal, body="취지에 공감합니다. 구체적인 장소도 함께 검토해 주세요."
            )
            if stage in {"debate", "review"}:
                continue
            answer = proposal.answers.get()
            outcome = {
                "accepted": AnswerOutcome.ACCEPTED,
                "partial": AnswerOutcome.PARTIALLY_ACCEPTED,
                "rejected": AnswerOutcome.NOT_ACCEPTED,
                "recommended": AnswerOutcome.ACCEPTED,
            }[stage]
            texts = {
                "accepted": "시민권익위원회 분과위 검토 결과 수용합니다. 시립도서관 2곳부터 평일 22시까지 시범 운영합니다.",
                "partial": "근린공원 1곳에 시범 조성하고, 이용 결과를 보고 확대를 검토합니다.",
                "rejected": "간선도로 교통 영향이 커서 수용하기 어렵습니다. 대신 광장 행사 때 부분 통제를 검토합니다.",
                "recommended": "위원회 전원회의에서 실행을 결정하고 시에 권고하기로 했습니다.",
            }
            if stage == "recommended":
                services.give_answer(actor=committee_actor, answer=answer, outcome=outcome, text=texts[stage])
                recommendation = services.make_recommendation(
                    actor=committee_actor,
                    source=proposal,
                    committee=rights,
                    round_number=1,
                    number=1,
                    title="청년 창업 공유 사무실 지원 권고",
                    addressee=gwangju,
                )
                self.count("proposals")
                task_services.answer_with_task(
                    actor=self.actor,
                    answer=recommendation.answers.get(),
                    outcome=AnswerOutcome.ACCEPTED,
                    text="권고를 수용해 2027년 예산에 반영합니다.",
                    start_date=today,
                )
                self.count("tasks")
                continue
            _given, task = task_services.answer_with_task(
                actor=committee_actor,
                answer=answer,
                outcome=outcome,
                text=texts[stage],
                department=transport if stage == "accepted" else None,
                start_date=today,
                end_date=today + dt.timedelta(days=180),
            )
            if task is not None:
                self.count("tasks")
            if task is not None and stage == "accepted":
                self.report(
                    task,
                    today,
                    "시립도서관 2곳 야간 개관 준비: 인력 배치 계획 수립.",
                    progress=Decimal(20),
                    status=TaskStatus.IN_PROGRESS,
                )
        services.expire_overdue(actor=self.actor)

    def innovation_recommendations(self, gwangju: Organization) -> None:
        committee = Organization.objects.get(parent=gwangju, name="광주혁신추진위원회")
        for number, rec in enumerate(RECOMMENDATIONS, start=1):
            if Proposal.objects.filter(
                kind=ProposalKind.RECOMMENDATION, number=number, author_organization__parent=committee
            ).exists():
                continue
            self.count("proposals")
            body = Organization.objects.get(parent=committee, name=rec.body)
            department = Organization.objects.get(parent=gwangju, name=rec.department)
            issued = at(rec.issued.year, rec.issued.month, rec.issued.day, 16)
            proposal = services.create_proposal(
                actor=self.actor,
                addressee=gwangju,
                kind=ProposalKind.RECOMMENDATION,
                title=f"{rec.title} 권고",
                body=f"광주혁신추진위원회 {rec.body}가 마련한 시정혁신 권고: {rec.title}.",
                author_organization=body,
                round_number=rec.round_number,
                number=number,
                now=issued,
                answer_days=30,
            )
            _answer, task = task_services.answer_with_task(
                actor=self.actor,
                answer=proposal.answers.get(),
                outcome=AnswerOutcome.ACCEPTED,
                text=f"권고를 수용해 {rec.department} 주관으로 추진합니다.",
                task_title=rec.title,
                department=department,
                start_date=rec.issued + dt.timedelta(days=7),
                end_date=D(2020, 12, 31),
                now=issued + dt.timedelta(days=7),
            )
            assert task is not None
            self.count("tasks")
            split = SPLIT_RECOMMENDATIONS.get(number)
            if split is not None:
                self.split(gwangju, task, split)
            self.report(
                task,
                REVIEWED_ON,
                rec.narrative,
                progress=None if split else rec.progress,
                status=TaskStatus.IN_PROGRESS,
                today=REVIEWED_ON,
            )

    def split(self, owner: Organization, task: Task, split: Split) -> None:
        """A recommendation carried out as sub-tasks, its progress rolled up from theirs."""
        children = [self.task(owner, part.title, parent=task, kind=TaskKind.RECOMMENDATION) for part in split.parts]
        weights = {
            child.pk: Decimal(part.weight) for child, part in zip(children, split.parts, strict=True) if part.weight
        }
        task_services.set_rollup(actor=self.actor, task=task, mode=split.rollup, weights=weights)
        for child, part in zip(children, split.parts, strict=True):
            self.report(
                child, REVIEWED_ON, part.narrative, progress=part.progress, status=part.status, today=REVIEWED_ON
            )

    def district_tasks(self, gwangju: Organization) -> None:
        first = Meeting.objects.get(series__title="시·구 부단체장 상생회의", number=1)
        for kind, rows in [(TaskKind.REPRESENTATIVE_POLICY, POLICIES), (TaskKind.INNOVATION_TASK, INNOVATION_TASKS)]:
            for district_name, title in rows:
                district = Organization.objects.get(parent=gwangju, name=district_name, kind=K.BASIC_GOVERNMENT)
                item = AgendaItem.objects.get(meeting=first, title=title)
                self.task(
                    district,
                    title,
                    kind=kind,
                    origin=item,
                    start_date=D(2021, 1, 1),
                    end_date=D(2021, 12, 31),
                    status=TaskStatus.IN_PROGRESS,
                    authorized=True,
                )
        sixth = Meeting.objects.get(series__title="시·구 상생회의", number=6)
        for item in sixth.agenda_items.filter(forwarded_from__isnull=False).order_by("position"):
            if Task.objects.filter(origin_pk=str(item.pk), origin_type__model="agendaitem").exists():
                continue
            proposal = item.subject if isinstance(item.subject, Proposal) else None
            if proposal is not None and proposal.answered_at is None:
                services.give_answer(
                    actor=self.actor,
                    answer=proposal.answers.get(),
                    outcome=AnswerOutcome.ACCEPTED,
                    now=sixth.start,
                    text="제6차 시·구 상생회의에서 시정 현안사업으로 추진하기로 했다.",
                )
            self.count("tasks")
            meeting_services.adopt_as_task(
                actor=self.actor,
                item=item,
                owner=gwangju,
                proposal=proposal,
                text="시정 현안사업으로 논의·추진",
                end_date=D(2021, 12, 31),
            )

    def joint_projects(self, gwangju: Organization) -> None:
        service = Organization.objects.get(name="광주사회서비스원")
        dialogue = Meeting.objects.get(title="공공기관 현장 대화: 광주사회서비스원")
        for title, end in [
            ("광주다움 통합돌봄 시즌2 본격화 방안", D(2024, 12, 31)),
            ("사회서비스박람회 협력 방안", D(2024, 10, 31)),
        ]:
            item = AgendaItem.objects.get(meeting=dialogue, title=title)
            task = self.task(
                gwangju,
                title.replace(" 방안", ""),
                kind=TaskKind.JOINT_PROJECT,
                origin=item,
                department=service,
                start_date=D(2024, 2, 22),
                end_date=end,
                authorized=True,
            )
            self.report(
                task,
                D(2024, 6, 30),
                "시-사회서비스원 협업사업으로 추진 중 (진행률은 예시).",
                progress=45,
                status=TaskStatus.IN_PROGRESS,
                today=D(2024, 6, 30),
            )

    def gwangmyeong(self, city: Organization) -> None:
        council = Organization.objects.get(parent=city, name="시정협치협의회")
        for title, title_en in GWANGMYEONG_OUTCOMES:
            task = self.task(
                council,
                title,
                title_en=title_en,
                kind=TaskKind.JOINT_PROJECT,
                start_date=D(2019, 7, 1),
                end_date=D(2023, 10, 31),
            )
            self.report(
                task,
                D(2023, 11, 7),
                "민관협치 백서(2023-11) 제3장에 성과와 사례로 실렸다.",
                status=TaskStatus.COMPLETED,
                today=D(2023, 11, 7),
            )
