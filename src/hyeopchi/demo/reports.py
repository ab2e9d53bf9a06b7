"""The demo's white paper (seed 004): 광명시's 2019–2023 민관협치 백서 in its five chapters, compiled
from the demo's records, with sample narrative (approved), interviews (consent recorded; the
speakers are invented placeholders) and the timeline the article gives. An edition v1 is queued
for the worker, so its PDF and HWPX are there once the demo is up."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from hyeopchi.evaluations.models import Round
from hyeopchi.meetings.models import Meeting
from hyeopchi.organizations.models import Organization
from hyeopchi.reports import editions, services
from hyeopchi.reports.enums import ChapterKind
from hyeopchi.reports.models import WhitePaper

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader

TITLE = "광명시 민관협치 백서 2019–2023"
# The day the paper's figures are as of: the article (2023-11-07) announced the printed paper.
AS_OF = dt.date(2023, 12, 31)

TIMELINE = [
    (
        dt.date(2018, 12, 31),
        "「광명시 민관협치 활성화 기본조례」 제정 (일자는 예시)",
        "Governance ordinance enacted (day is an example)",
    ),
    (
        dt.date(2019, 6, 30),
        "민관협치 활성화 기본계획 수립 (일자는 예시)",
        "Governance plan adopted (day is an example)",
    ),
    (dt.date(2023, 10, 1), "공익활동지원센터 개소", "Public Interest Activity Support Center opened"),
    (dt.date(2023, 11, 7), "민관협치 백서 발간, 500부 배부", "White paper published, 500 copies distributed"),
]

NARRATIVE: dict[str, tuple[str, str]] = {
    ChapterKind.FOUNDATIONS: (
        "머리말",
        "광명시는 2018년 12월 「민관협치 활성화 기본조례」를 제정하고 민관협치를 '시민과 행정이 협력해 문제를 "
        "인식하고 운영하는 방식'으로 정의했다.\n\n"
        "이 기간 {{bodies}}개 협치 기구에서 위원 {{members}}명이 활동했고, 기구들은 모두 {{meetings_held}}회 "
        "회의를 열었다(출석률 {{attendance_percent}}).",
    ),
    ChapterKind.PROGRAMS: (
        "협치사업 개관",
        "2019년 하반기부터 협치 역량강화 교육, 시민참여커뮤니티, 협치 토론회를 운영했다. "
        "이 기간 {{programs}}개 프로그램에 {{registrations}}명이 신청했다.",
    ),
    ChapterKind.OUTCOMES: (
        "함께 이룬 성과",
        "시민 제안과 위원회 권고 {{proposals_submitted}}건이 접수되어 {{proposals_answered}}건에 답변했고, "
        "그 가운데 {{proposals_accepted}}건이 전부 또는 일부 수용되었다.\n\n"
        "청년숙의예산과 주민세 마을사업으로 {{budget_projects}}개 사업({{budget_won}})이 시민의 결정으로 "
        "예산을 받았다.",
    ),
    ChapterKind.VOICES: ("시민의 목소리", "민관협치 발전에 함께해 온 시민 {{voices}}명의 이야기를 실었다."),
    ChapterKind.EVALUATION: (
        "평가 좌담회",
        "2023년 6월 열린 '광명시 민관협치 평가 좌담회'에서 협치의 현재와 미래를 평가했다.",
    ),
}

VOICES = [
    (
        "주마을",
        "시정협치협의회 시민위원",
        "처음에는 회의에서 무슨 말을 해야 할지 몰랐는데, 분기마다 만나면서 동네 문제를 시의 과제로 올릴 수 있게 됐어요.",
    ),
    ("하청년", "청년숙의단 참여자", "청년이 직접 사업을 고르고 투표하니, 예산이 우리 이야기라는 걸 처음 느꼈습니다."),
    (
        "구환경",
        "환경교육 활동가",
        "환경교육도시 추진은 시민과 공무원이 같은 탁자에 앉아서 시작됐습니다. 그 탁자가 계속 있었으면 합니다.",
    ),
]


class ReportsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def load(self) -> None:
        city = Organization.objects.get(site_slug="gwangmyeong")
        if WhitePaper.objects.filter(site=city, title=TITLE).exists():
            return
        self.loader.stats.count("white papers")
        paper = services.create_white_paper(
            actor=self.actor,
            site=city,
            spec=services.PaperSpec(
                TITLE,
                dt.date(2019, 1, 1),
                dt.date(2023, 12, 31),
                title_en="Gwangmyeong governance white paper 2019–2023",
                publisher="광명시",
            ),
        )
        paper.roundtable = Meeting.objects.filter(organizer__site=city, title="광명시 민관협치 평가 좌담회").first()
        paper.evaluation_round = Round.objects.filter(slug="innovation-2020").first()
        paper.save(update_fields=["roundtable", "evaluation_round", "updated_at"])
        for on, text, text_en in TIMELINE:
            services.add_timeline_entry(actor=self.actor, paper=paper, on=on, text=text, text_en=text_en)
        for chapter in paper.chapters.all():
            heading, text = NARRATIVE[chapter.kind]
            passage = services.write_passage(actor=self.actor, chapter=chapter, text=text, heading=heading)
            services.submit_passage(actor=self.actor, passage=passage)
            services.approve_passage(actor=self.actor, passage=passage)
        for speaker, affiliation, quote in VOICES:
            services.add_voice(
                actor=self.actor,
                paper=paper,
                spec=services.VoiceSpec(
                    speaker, quote, dt.date(2023, 8, 31), "인터뷰 동의서 서명 (예시)", affiliation=affiliation
                ),
            )
        editions.queue_edition(actor=self.actor, paper=paper, as_of=AS_OF)
