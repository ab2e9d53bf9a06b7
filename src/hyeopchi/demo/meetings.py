"""Meetings and programs of the demo, from the seed articles (000, 001, 002, 003, 004).

Dates the articles give are used as they are; where an article names only a month (the 6th
시·구 상생회의 "in March"), the day is an example and the description says so.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from hyeopchi.core.workdays import is_working_day, next_working_day
from hyeopchi.demo.data.meetings import CONSULTATION_ITEMS, INNOVATION_TASKS, POLICIES, REPORT_ITEMS
from hyeopchi.meetings import selectors, services
from hyeopchi.meetings.enums import AttendanceStatus, MeetingStatus, RegistrationChannel
from hyeopchi.meetings.models import AgendaItem, Meeting, MeetingSeries, Program
from hyeopchi.meetings.recurrence import SEOUL
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.enums import PostRole
from hyeopchi.organizations.models import Organization, Post
from hyeopchi.proposals.models import Proposal

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader


# The roundtable of the white paper's fifth chapter (seed 004); the statements are examples.
ROUNDTABLE_MINUTES = """협치 조직, 사업, 성과를 돌아보고 더 나은 광명을 위한 제안을 나눴다.

사회자: 2019년 시정협치협의회 출범 이후 4년의 협치를 돌아보고, 다음 4년의 과제를 이야기해 보겠습니다.

시민위원: 분기마다 열린 협의회에서 시민이 의제를 직접 올릴 수 있었던 것이 가장 큰 변화였습니다. 다만 결정된 과제가
어떻게 이행되는지 시민이 확인하기는 어려웠습니다.

공무원: 과제별 추진 상황을 정기적으로 공개하고, 청년숙의예산처럼 시민이 예산 결정에 참여하는 사업을 늘리겠습니다.

정리: 협치 기구 사이의 연계, 과제 이행의 공개, 중간지원조직(공익활동지원센터)의 역할 강화를 다음 과제로 정리했다."""


def at(year: int, month: int, day: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


class MeetingsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def count(self, what: str) -> None:
        self.loader.stats.count(what)

    def series(self, organizer: Organization, title: str, **options: Any) -> MeetingSeries:
        existing = MeetingSeries.objects.filter(organizer=organizer, title=title).first()
        if existing is not None:
            return existing
        self.count("meeting series")
        series = services.create_series(actor=self.actor, organizer=organizer, title=title, **options)
        # As a secretary would: an occurrence that falls on a public holiday moves to the next working day.
        for meeting in series.meetings.order_by("start"):
            day = timezone.localdate(meeting.start)
            if not is_working_day(day):
                shift = dt.timedelta(days=(next_working_day(day) - day).days)
                services.move_meeting(
                    actor=self.actor, meeting=meeting, start=meeting.start + shift, end=meeting.end + shift
                )
        return series

    def meeting(self, organizer: Organization, title: str, start: dt.datetime, **options: Any) -> Meeting:
        existing = Meeting.objects.filter(organizer=organizer, title=title, start=start).first()
        if existing is not None:
            return existing
        self.count("meetings")
        end = options.pop("end", start + dt.timedelta(hours=2))
        return services.create_meeting(
            actor=self.actor, organizer=organizer, title=title, start=start, end=end, **options
        )

    def item(self, meeting: Meeting, title: str, kind: str, **options: Any) -> AgendaItem:
        existing = meeting.agenda_items.filter(title=title, parent=options.get("parent")).first()
        if existing is not None:
            return existing
        self.count("agenda items")
        return services.add_agenda_item(actor=self.actor, meeting=meeting, title=title, kind=kind, **options)

    def hold(self, meeting: Meeting, minutes: str) -> None:
        """Mark a meeting held, with its minutes published and its members' attendance: every sixth
        member of a body of six or more sends apologies, the rest come."""
        meeting.refresh_from_db()
        if meeting.status == MeetingStatus.HELD:
            return
        members = [(seat.post, m.holder.person) for seat in selectors.invited_seats(meeting) for m in seat.members]
        if members:
            services.record_attendance(
                actor=self.actor,
                meeting=meeting,
                entries=[
                    services.AttendanceEntry(
                        post,
                        AttendanceStatus.ABSENT if len(members) >= 6 and n % 6 == 5 else AttendanceStatus.PRESENT,
                        person=person,
                    )
                    for n, (post, person) in enumerate(members)
                ],
            )
        services.set_meeting_status(actor=self.actor, meeting=meeting, status=MeetingStatus.HELD)
        services.save_minutes(actor=self.actor, meeting=meeting, text=minutes)
        services.publish_minutes(actor=self.actor, meeting=meeting)

    def program(self, organizer: Organization, title: str, **options: Any) -> Program:
        existing = Program.objects.filter(organizer=organizer, title=title).first()
        if existing is not None:
            return existing
        self.count("programs")
        return services.create_program(actor=self.actor, organizer=organizer, title=title, **options)

    # -- scenarios ----------------------------------------------------------------------------

    def load(self) -> None:
        gwangju = Organization.objects.get(site_slug="gwangju")
        self.vice_heads_and_win_win(gwangju)
        self.innovation_committee(gwangju)
        self.institutions(gwangju)
        self.reading_classes(gwangju)
        self.gwangmyeong(Organization.objects.get(site_slug="gwangmyeong"))

    def district(self, gwangju: Organization, name: str) -> Organization:
        return Organization.objects.get(parent=gwangju, name=name, kind=K.BASIC_GOVERNMENT)

    def vice_heads_and_win_win(self, gwangju: Organization) -> None:
        council = Organization.objects.get(parent=gwangju, name="시·구 부단체장 상생회의")
        win_win_body = Organization.objects.get(parent=gwangju, name="시·구 상생회의")
        vice_heads = self.series(
            council,
            "시·구 부단체장 상생회의",
            title_en="City–District Vice-Heads Win-Win Meeting",
            rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=4TU",
            dtstart=at(2021, 2, 23, 10),
            until=dt.date(2022, 6, 30),
            place="광주광역시청 행정부시장실",
            invitations=[services.Invitation(post) for post in council.posts.order_by("sort_order")],
            description="행정부시장 주재로 5개 자치구 부단체장이 격월로 모여 현안을 공유하고 시·구 상생회의 협의안건을 정한다.",
        )
        win_win = self.series(
            win_win_body,
            "시·구 상생회의",
            title_en="City–District Win-Win Meeting",
            rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=4TH",
            dtstart=at(2021, 3, 25),
            until=dt.date(2022, 6, 30),
            first_number=6,
            place="광주광역시청",
            invitations=[services.Invitation(post) for post in win_win_body.posts.order_by("sort_order")],
            description="시장과 5개 자치구청장의 상생회의. 2021년 3월의 제6차 회의부터 플랫폼에서 관리한다(일자는 예시).",
        )
        first = vice_heads.meetings.get(number=1)
        policy = self.item(first, "2021년 자치구 대표정책(사업) 공유", "report")
        for name, title in POLICIES:
            self.item(first, title, "report", parent=policy, presenter=self.district(gwangju, name))
        tasks = self.item(first, "자치구 혁신과제(민원서비스 개선 분야) 논의", "discussion")
        for name, title in INNOVATION_TASKS:
            self.item(first, title, "discussion", parent=tasks, presenter=self.district(gwangju, name))
        candidates = [
            self.item(
                first,
                title,
                "decision",
                presenter=self.district(gwangju, name),
                subject=Proposal.objects.filter(kind="consultation", title=title).first(),
            )
            for name, title in CONSULTATION_ITEMS
        ]
        sixth = win_win.meetings.get(number=6)
        if not AgendaItem.objects.filter(forwarded_from__in=candidates).exists():
            services.forward_agenda_items(actor=self.actor, items=candidates, target=sixth)
            self.count("forwarded items")
        self.hold(
            first,
            "시·구 부단체장 제1차 상생회의. 5개 부단체장이 참석해 자치구별 대표정책과 혁신과제를 공유하고, "
            "제6차 시·구 상생회의 협의안건 3건을 선정했다.",
        )

    def innovation_committee(self, gwangju: Organization) -> None:
        committee = Organization.objects.get(parent=gwangju, name="광주혁신추진위원회")
        self.series(
            committee,
            "광주혁신추진위원회 전체회의",
            title_en="Innovation Committee plenary",
            rrule="FREQ=MONTHLY;BYDAY=4TU",
            dtstart=at(2018, 11, 27, 15),
            until=dt.date(2019, 9, 30),
            invitations=[services.Invitation(post) for post in committee.posts.filter(is_voting=True)],
            place="광주광역시청",
        )
        report = self.meeting(
            committee,
            "시정혁신 추진상황 보고회",
            at(2019, 10, 2, 15),
            place="광주광역시청 3층 중회의실",
            title_en="Report on the implementation of innovation recommendations",
            description="혁신추진위가 10개월 동안 시에 권고·제안한 10건의 추진상황을 점검하고 5년·10년 계획을 주문했다.",
        )
        for title in REPORT_ITEMS:
            self.item(report, title, "report", presenter=gwangju)
        plans = self.item(report, "장단기 대책 마련 요청(5년·10년 계획)", "decision")
        if report.notice_date is None:
            services.record_particulars(actor=self.actor, meeting=report, notice_date=dt.date(2019, 9, 25))
        self.hold(
            report,
            "시의 추진상황 보고 후, 위원회는 당장의 성과뿐 아니라 5년·10년을 내다보는 실효성 있는 장단기 대책을 주문했다.",
        )
        plans.refresh_from_db()
        if plans.vote_present is None:
            # Asked by the chair, no member present objected: adopted over the members present.
            services.record_vote(actor=self.actor, item=plans, vote=services.VoteEntry(without_objection=True))

    def institutions(self, gwangju: Organization) -> None:
        group = Organization.objects.get(parent=gwangju, name="공공기관")
        heads = Post.objects.filter(organization__parent=group, role=PostRole.HEAD)
        deputies = Post.objects.filter(organization__parent=group, role=PostRole.DEPUTY_HEAD)
        invitations = [services.Invitation(p, [2, 4, 6, 8, 10, 12]) for p in heads]
        invitations += [services.Invitation(p, [1, 3, 5, 7, 9, 11]) for p in deputies]
        self.series(
            gwangju,
            "공공기관장 회의",
            title_en="Meeting of public institution heads",
            rrule="FREQ=MONTHLY;BYDAY=3WE",
            dtstart=at(2024, 1, 17),
            until=dt.date(2024, 12, 31),
            invitations=invitations,
            place="광주광역시청",
            description="과제와 현안 중심의 토론 방식. 짝수달은 기관장, 홀수달은 부기관장이 참석한다. "
            "실제 회의는 위탁·보조사업 기관을 포함한 27개 기관이며, 데모에는 20개 공공기관만 있다.",
        )
        first_stops = [
            "광주사회서비스원",
            "광주도시공사",
            "광주테크노파크",
            "광주문화재단",
            "광주여성가족재단",
            "광주경제진흥상생일자리재단",
            "광주관광공사",
            "광주정보문화산업진흥원",
            "광주광역시환경공단",
            "광주그린카진흥원",
            "광주인재평생교육진흥원",
        ]
        # Eleven dialogues from 2024-02-22 to April, about one every six days, on working days.
        for week, name in enumerate(first_stops):
            institution = Organization.objects.get(parent=group, name=name)
            day = next_working_day(dt.date(2024, 2, 22) + dt.timedelta(days=6 * week))
            dialogue = self.meeting(
                gwangju,
                f"공공기관 현장 대화: {name}",
                at(day.year, day.month, day.day),
                title_en=f"On-site dialogue: {institution.name_en}",
                place=name,
                description="시-공공기관 동행 전략. 협업사업의 목표와 현안을 직원들과 공유하고 현장의 어려움을 듣는다.",
            )
            if week == 0:
                self.item(dialogue, "광주다움 통합돌봄 시즌2 본격화 방안", "discussion", presenter=institution)
                self.item(dialogue, "사회서비스박람회 협력 방안", "discussion", presenter=institution)
                self.hold(dialogue, "광주다움 통합돌봄 시즌2와 첫 사회서비스박람회 협력 방안을 논의했다.")

    def reading_classes(self, gwangju: Organization) -> None:
        libraries = {}
        for order, (name, name_en) in enumerate(
            [("무등도서관", "Mudeung Library"), ("사직도서관", "Sajik Library"), ("산수도서관", "Sansu Library")]
        ):
            libraries[name] = self.loader.org(name, K.DEPARTMENT, gwangju, name_en=name_en, sort_order=20 + order)
        online = "줌(Zoom) 온라인 화상회의"
        mudeung = self.program(
            libraries["무등도서관"],
            "우리 함께 생각해요! 아동인권",
            kind="reading_class",
            title_en="Let's think together! Children's rights",
            min_grade=4,
            max_grade=6,
            place=online,
            contact_phone="062-613-7700",
            description="2021년 겨울독서교실. 아동인권 주제 도서를 읽고 생각 나누기, 게임, 만들기, 글쓰기를 한다.",
            cohorts=[
                services.CohortSpec("1기", at(2021, 1, 18, 10), at(2021, 1, 21, 12), 7),
                services.CohortSpec("2기", at(2021, 1, 22, 10), at(2021, 1, 25, 12), 7),
            ],
        )
        self.program(
            libraries["사직도서관"],
            "오늘은 미세먼지 좋은, 푸른 하늘을 그리다",
            kind="reading_class",
            title_en="Clear skies today",
            min_grade=3,
            max_grade=5,
            place=online,
            description="나만의 마스크 만들기, 환경 선언문과 종이책자 만들기, 환경 UCC 기획 및 발표.",
            cohorts=[services.CohortSpec("1기", at(2021, 1, 18, 10), at(2021, 1, 20, 12), 15)],
        )
        self.program(
            libraries["산수도서관"],
            "작가와 함께하는 독서교실",
            kind="reading_class",
            title_en="Reading class with an author",
            min_grade=4,
            max_grade=6,
            place=online,
            description="‘못 말리는 카멜레온’, ‘글자를 품은 그림’의 저자와 동시·동화를 감상하고 토론한다.",
            cohorts=[services.CohortSpec("1기", at(2021, 1, 27, 10), at(2021, 1, 28, 12), 30)],
        )
        first = mudeung.cohorts.get(label="1기")
        if not first.registrations.exists():
            # A full first cohort with one child waiting, so the waiting list shows; taken by phone,
            # where the library heard each guardian consent.
            for n in range(8):
                services.register(
                    actor=self.actor,
                    cohort=first,
                    channel=RegistrationChannel.PHONE,
                    name=f"어린이{n + 1}",
                    contact=f"010-0000-{n + 1:04d}",
                    grade=4 + n % 3,
                    consent=True,
                    guardian=services.Guardian(f"보호자{n + 1}", f"010-0000-{n + 1:04d}"),
                    now=first.start - dt.timedelta(days=7 - n // 4),
                )
                self.count("registrations")

    def gwangmyeong(self, city: Organization) -> None:
        council = Organization.objects.get(parent=city, name="시정협치협의회")
        regular = self.series(
            council,
            "시정협치협의회 정기회의",
            title_en="City Governance Council",
            rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE",
            dtstart=at(2019, 7, 10),
            until=dt.date(2023, 12, 31),
            place="광명시청",
            invitations=[services.Invitation(post) for post in council.posts.all()],
        )
        # The council's regular meetings up to the white paper (2019–2023) were held; minutes are examples.
        for meeting in regular.meetings.filter(start__lt=at(2023, 11, 1)).order_by("start"):
            self.hold(meeting, "협치 과제의 추진 상황을 공유하고 다음 분기 과제를 협의했다(회의록은 예시).")
        roundtable = self.meeting(
            council,
            "광명시 민관협치 평가 좌담회",
            at(2023, 6, 20),
            title_en="Governance evaluation roundtable",
            description="백서 5장에 실린 좌담회. 광명시 협치의 현재와 미래를 평가했다(일자는 예시).",
        )
        self.item(roundtable, "민관협치 4년의 성과와 과제", "discussion")
        self.hold(roundtable, ROUNDTABLE_MINUTES)
        center = Organization.objects.get(parent=city, name="공익활동지원센터")
        self.program(
            center,
            "협치 역량강화 교육",
            kind="education",
            title_en="Governance capacity building",
            place="광명시 공익활동지원센터",
            cohorts=[services.CohortSpec("1기", at(2023, 11, 14, 19), at(2023, 11, 14, 21), 30)],
        )
        self.program(
            center,
            "광명시 협치 토론회",
            kind="forum",
            title_en="Gwangmyeong governance forum",
            place="광명시민회관",
            residence_codes=["41210"],
            cohorts=[services.CohortSpec("본 행사", at(2023, 11, 28, 14), at(2023, 11, 28, 17), 100, reserved=20)],
        )
