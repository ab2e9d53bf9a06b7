"""The demo's participatory budgets (seed 004): 광명시's 2023 청년숙의예산, voted by residents aged 19 to
39, counted by the Method of Equal Shares and published, its winners now tasks; and this year's
주민세 마을사업 of two 동, sized by their resident tax, open for voting relative to the day the demo
loads. Voters are placeholder accounts (they cannot sign in) with verified residence and age; the
demo's ``citizen`` account is verified as a Gwangmyeong resident born in 1994, so it can vote."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from hyeopchi.budgeting.enums import Feasibility, Phase, Rule, VoteType
from hyeopchi.budgeting.models import Heading, Process
from hyeopchi.budgeting.services import ballots, processes, results
from hyeopchi.budgeting.services.processes import HeadingRules, PhaseDates
from hyeopchi.core.actor import Actor
from hyeopchi.core.models import AttributeKind, VerifiedAttribute
from hyeopchi.demo.data.budgets import (
    VILLAGE_TITLE,
    VILLAGE_TITLE_EN,
    VILLAGE_TOTAL,
    VILLAGE_VOTERS,
    VILLAGES,
    YOUTH_AMOUNT,
    YOUTH_NOT_FEASIBLE,
    YOUTH_PROJECTS,
    YOUTH_TITLE,
    YOUTH_TITLE_EN,
    YOUTH_VOTERS,
)
from hyeopchi.meetings.recurrence import SEOUL
from hyeopchi.organizations.eligibility import AttributeEntry, set_attribute
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.models import Organization
from hyeopchi.tasks.models import Task
from hyeopchi.tasks.services.reports import report_progress

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader

D = dt.date
GWANGMYEONG = "41210"


class BudgetsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def load(self) -> None:
        city = Organization.objects.get(site_slug="gwangmyeong")
        self.verify(get_user_model().objects.get(username="citizen"), "1994-05-05")
        self.youth(city)
        self.village(city)

    # -- helpers ----------------------------------------------------------------------------

    def verify(self, user: Any, born: str) -> None:
        """Residence in Gwangmyeong and a date of birth, as staff would have checked them."""
        if VerifiedAttribute.objects.filter(user=user, kind=AttributeKind.RESIDENCE).exists():
            return
        set_attribute(actor=self.actor, entry=AttributeEntry(user, AttributeKind.RESIDENCE, GWANGMYEONG))
        set_attribute(actor=self.actor, entry=AttributeEntry(user, AttributeKind.BIRTH_DATE, born))

    def voters(self, prefix: str, count: int, born: list[str]) -> list[Any]:
        """Placeholder accounts that vote, with their residence and date of birth recorded as an
        import would (in bulk); they cannot sign in."""
        user_model = get_user_model()
        names = [f"{prefix}-{n:03d}" for n in range(1, count + 1)]
        existing = set(user_model.objects.filter(username__in=names).values_list("username", flat=True))
        new = [user_model(username=name) for name in names if name not in existing]
        for user in new:
            user.set_unusable_password()
        if new:
            user_model.objects.bulk_create(new)
            self.loader.stats.count("accounts")
        everyone = list(user_model.objects.filter(username__in=names).order_by("username"))
        verified = set(VerifiedAttribute.objects.filter(user__in=everyone).values_list("user_id", flat=True))
        now = timezone.now()
        VerifiedAttribute.objects.bulk_create(
            VerifiedAttribute(user=user, kind=kind, value=value, source="import", verified_at=now)
            for index, user in enumerate(everyone)
            if user.pk not in verified
            for kind, value in (
                (AttributeKind.RESIDENCE, GWANGMYEONG),
                (AttributeKind.BIRTH_DATE, born[index % len(born)]),
            )
        )
        return everyone

    # -- 2023 청년숙의예산 -------------------------------------------------------------------------

    def youth(self, city: Organization) -> None:
        if Process.objects.filter(site=city, slug="youth-2023").exists():
            return
        self.loader.stats.count("budget processes")
        youth_office = self.loader.org("청년정책과", K.DEPARTMENT, city, name_en="Youth Policy Division")
        phases = [
            PhaseDates(Phase.IDEAS, D(2023, 4, 1), D(2023, 4, 30)),
            PhaseDates(Phase.REVIEW, D(2023, 5, 1), D(2023, 5, 31)),
            PhaseDates(Phase.COMMITTEE, D(2023, 6, 1), D(2023, 6, 30)),
            PhaseDates(Phase.VOTING, D(2023, 7, 1), D(2023, 7, 14)),
            PhaseDates(Phase.TALLY, D(2023, 7, 15), D(2023, 7, 20)),
            PhaseDates(Phase.PUBLICATION, D(2023, 7, 21), D(2023, 7, 31)),
            PhaseDates(Phase.IMPLEMENTATION, D(2023, 8, 1), D(2023, 12, 31)),
        ]
        process = processes.create_process(
            actor=self.actor,
            site=city,
            title=YOUTH_TITLE,
            title_en=YOUTH_TITLE_EN,
            slug="youth-2023",
            phases=phases,
            organizer=youth_office,
            description=(
                "만 19~39세 광명 시민으로 꾸린 청년 숙의단이 제안을 다듬고, 청년이 투표로 사업을 골랐습니다. "
                "선정은 균등 몫 방식(add1 보완)으로 했습니다. 사업·금액·투표는 예시입니다."
            ),
        )
        heading = processes.add_heading(
            actor=self.actor,
            process=process,
            name="청년 (만 19~39세)",
            name_en="Young people (19–39)",
            amount=YOUTH_AMOUNT,
            rules=HeadingRules(
                vote_type=VoteType.APPROVAL,
                min_picks=1,
                max_picks=3,
                rule=Rule.EQUAL_SHARES,
                area_codes=[GWANGMYEONG],
                min_age=19,
                max_age=39,
            ),
        )
        weights = []
        for title, title_en, cost, category, weight in YOUTH_PROJECTS:
            project = processes.add_project(
                actor=self.actor,
                heading=heading,
                title=title,
                title_en=title_en,
                cost=cost,
                category=category,
                responsible=youth_office,
            )
            processes.review_project(actor=self.actor, project=project, feasibility=Feasibility.FEASIBLE)
            weights.append((project.number, weight))
        title, title_en, cost, category, reason = YOUTH_NOT_FEASIBLE
        refused = processes.add_project(
            actor=self.actor, heading=heading, title=title, title_en=title_en, cost=cost, category=category
        )
        processes.review_project(actor=self.actor, project=refused, feasibility=Feasibility.INFEASIBLE, reason=reason)
        born = [f"{year}-0{month}-1{day}" for year in range(1985, 2004) for month, day in ((3, 2), (8, 5))]
        rng = random.Random(2023)  # noqa: S311 - invented demo votes, repeatable
        voting_day = dt.datetime(2023, 7, 5, 12, tzinfo=SEOUL)
        for voter in self.voters("youth", YOUTH_VOTERS, born):
            ballots.cast(actor=Actor.for_user(voter), heading=heading, picks=self.picks(rng, weights), now=voting_day)
        ballots.seal(actor=self.actor, process=process, now=dt.datetime(2023, 7, 15, 9, tzinfo=SEOUL))
        results.count(actor=self.actor, heading=heading, now=dt.datetime(2023, 7, 15, 10, tzinfo=SEOUL))
        results.publish(actor=self.actor, process=process)
        self.progress(process)

    @staticmethod
    def picks(rng: random.Random, weights: list[tuple[int, int]]) -> list[int]:
        """One to three projects, the popular ones more often."""
        wanted = rng.choice([1, 2, 3, 3])
        chosen: list[int] = []
        while len(chosen) < wanted:
            number = rng.choices([n for n, _w in weights], [w for _n, w in weights])[0]
            if number not in chosen:
                chosen.append(number)
        return sorted(chosen)

    def progress(self, process: Process) -> None:
        """The first winners' progress, with the money spent so far (figures are examples)."""
        tasks = Task.objects.filter(origin_proposal__isnull=True, kind="budget_project", owner__site=process.site)
        for index, task in enumerate(tasks.order_by("pk")[:2]):
            allocated = task.allocated or 0
            report_progress(
                actor=self.actor,
                task=task,
                reported_on=D(2023, 12, 15),
                narrative="사업을 마치고 정산했습니다(예시)." if index == 0 else "하반기에 운영을 시작했습니다(예시).",
                progress=100 if index == 0 else 50,
                status="completed" if index == 0 else "in_progress",
                spent=allocated * 96 // 100 if index == 0 else allocated // 2,
                today=D(2023, 12, 15),
            )

    # -- 주민세 마을사업, voting now -------------------------------------------------------------

    def village(self, city: Organization) -> None:
        today = timezone.localdate()
        slug = f"village-{today.year}"
        if Process.objects.filter(site=city, slug=slug).exists():
            return
        self.loader.stats.count("budget processes")
        day = dt.timedelta(days=1)
        phases = [
            PhaseDates(Phase.IDEAS, today - 60 * day, today - 31 * day),
            PhaseDates(Phase.REVIEW, today - 30 * day, today - 8 * day),
            PhaseDates(Phase.VOTING, today - 7 * day, today + 14 * day),
            PhaseDates(Phase.TALLY, today + 15 * day, today + 20 * day),
            PhaseDates(Phase.PUBLICATION, today + 21 * day, today + 40 * day),
            PhaseDates(Phase.IMPLEMENTATION, today + 41 * day, today + 220 * day),
        ]
        process = processes.create_process(
            actor=self.actor,
            site=city,
            title=f"{today.year} {VILLAGE_TITLE}",
            title_en=f"{VILLAGE_TITLE_EN} {today.year}",
            slug=slug,
            phases=phases,
            organizer=Organization.objects.get(parent=city, name="자치분권과"),
            one_heading_only=True,
            consent_to_demographics=True,
            description=(
                "동마다 낸 주민세에 비례해 마을사업 예산을 나누고, 주민이 자기 동의 사업에 투표합니다. "
                "한 사람은 한 동에만 투표합니다. 세액·사업·금액은 예시입니다."
            ),
        )
        headings: list[Heading] = []
        for name, name_en, tax, kind, _projects in VILLAGES:
            rules = HeadingRules(
                vote_type=kind,
                min_picks=1,
                max_picks=None if kind == VoteType.KNAPSACK else 3,
                min_spend_percent=50 if kind == VoteType.KNAPSACK else 0,
                area_codes=[GWANGMYEONG],
                exclude_staff=True,
            )
            headings.append(
                processes.add_heading(
                    actor=self.actor,
                    process=process,
                    name=name,
                    name_en=name_en,
                    amount=1,
                    rules=rules,
                    resident_tax=tax,
                )
            )
        processes.size_by_resident_tax(actor=self.actor, process=process, total=VILLAGE_TOTAL)
        for heading, (name, name_en, _tax, _kind, projects) in zip(headings, VILLAGES, strict=True):
            heading.refresh_from_db()
            office = self.loader.org(f"{name} 행정복지센터", K.DEPARTMENT, city, name_en=f"{name_en} Community Center")
            for title, title_en, cost, category in projects:
                project = processes.add_project(
                    actor=self.actor,
                    heading=heading,
                    title=title,
                    title_en=title_en,
                    cost=cost,
                    category=category,
                    responsible=office,
                )
                processes.review_project(actor=self.actor, project=project, feasibility=Feasibility.FEASIBLE)
        rng = random.Random(today.year)  # noqa: S311 - invented demo votes, repeatable
        born = ["1958-02-11", "1966-09-30", "1972-04-18", "1981-12-01", "1990-07-07", "2001-03-23"]
        for index, voter in enumerate(self.voters("village", VILLAGE_VOTERS, born)):
            heading = Heading.objects.get(pk=headings[index % 2].pk)
            ballots.cast(actor=Actor.for_user(voter), heading=heading, picks=self.village_picks(rng, heading))

    @staticmethod
    def village_picks(rng: random.Random, heading: Heading) -> list[int]:
        """Projects in a random order, taken while they fit (a within-the-budget ballot spends at
        least half of it) or up to three."""
        projects = list(heading.projects.order_by("number").values_list("number", "cost"))
        rng.shuffle(projects)
        if heading.vote_type == VoteType.KNAPSACK:
            chosen, spent = [], 0
            for number, cost in projects:
                if spent + cost <= heading.amount:
                    chosen.append(number)
                    spent += cost
            return sorted(chosen)
        return sorted(number for number, _cost in projects[: rng.choice([1, 2, 3])])
