"""The demo's organizations (seeds 000–004): the Ministry, Gwangju with its districts, institutions
and bodies, Gwangmyeong with its governance bodies, and the demo accounts with their roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hyeopchi.demo.data.accounts import ADMIN_USERNAME
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.enums import OrganizationRoleName, PostRole, RuleBasis, RuleKind
from hyeopchi.organizations.models import Organization, Post

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader


D = dt.date


@dataclass(frozen=True)
class SeatSpec:
    """A seat to create: label, role, English label, side, minimum and maximum holders."""

    name: str
    role: str
    name_en: str
    side: str
    min_holders: int = 0
    max_holders: int = 1
    is_voting: bool = True
    ex_officio_post: Post | None = None


R = PostRole


B = RuleBasis


class OrganizationsDemo:
    """The organization steps, written with the loader's idempotent building blocks."""

    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor
        self.org, self.post, self.person = loader.org, loader.post, loader.person
        self.appoint, self.rule = loader.appoint, loader.rule
        self.user, self.role = loader.user, loader.role

    def load(self) -> Organization:
        """Every organization and account; Gwangju, which the other steps start from."""
        self.national()
        gwangju = self.gwangju()
        self.gwangmyeong()
        self.accounts(gwangju)
        return gwangju

    def seats(self, body: Organization, specs: list[SeatSpec]) -> list[Post]:
        return [self.post(body, sort_order=order, **vars(spec)) for order, spec in enumerate(specs)]

    def national(self) -> None:
        self.org(
            "행정안전부",
            K.NATIONAL_MINISTRY,
            name_en="Ministry of the Interior and Safety",
            description="정부혁신평가를 주관하는 중앙행정기관.",
        )

    def gwangju(self) -> Organization:
        city = self.org(
            "광주광역시",
            K.METROPOLITAN_GOVERNMENT,
            name_en="Gwangju Metropolitan City",
            site_slug="gwangju",
            description="시·구 부단체장 상생회의, 광주혁신추진위원회, 시-공공기관 동행 전략을 운영하는 광역자치단체.",
        )
        mayor, vice, _culture = self.seats(
            city,
            [
                SeatSpec("시장", R.HEAD, "Mayor", "city", 1),
                SeatSpec("행정부시장", R.DEPUTY_HEAD, "Administrative Vice Mayor", "city", 1),
                SeatSpec("문화경제부시장", R.DEPUTY_HEAD, "Culture and Economy Vice Mayor", "city", 1),
            ],
        )
        self.appoint(mayor, self.person("김광주", "Kim Gwangju"), D(2022, 7, 1))
        self.appoint(vice, self.person("이행정", "Lee Haengjeong"), D(2020, 7, 1), end_date=D(2022, 12, 31))
        self.appoint(vice, self.person("박부시", "Park Busi"), D(2023, 1, 1))
        departments = [
            ("기획조정실", "Planning and Coordination Office"),
            ("복지건강국", "Welfare and Health Bureau"),
            ("전략추진단", "Strategy Promotion Group"),
            ("도시계획과", "Urban Planning Division"),
        ]
        for order, (name, name_en) in enumerate(departments):
            self.org(name, K.DEPARTMENT, city, name_en=name_en, sort_order=10 + order)
        heads, deputies = self.districts(city)
        self.institutions(city)
        self.district_meeting(
            city,
            "시·구 부단체장 상생회의",
            "City–District Vice-Heads Win-Win Meeting",
            chair=SeatSpec(
                "의장(행정부시장)", R.CHAIR, "Chair (Administrative Vice Mayor)", "city", 1, ex_officio_post=vice
            ),
            members=deputies,
            member_suffix=(" 부구청장", " deputy"),
            valid_from=D(2021, 2, 23),
            description="행정부시장과 5개 자치구 부단체장이 격월로 만나 현안을 공유하고 시·구 상생회의 안건을 정하는 회의.",
            sort_order=40,
        )
        self.district_meeting(
            city,
            "시·구 상생회의",
            "City–District Win-Win Meeting",
            chair=SeatSpec("의장(시장)", R.CHAIR, "Chair (Mayor)", "city", 1, ex_officio_post=mayor),
            members=heads,
            member_suffix=("청장", " mayor"),
            valid_from=None,
            description="시장과 5개 자치구청장의 상생회의. 부단체장 상생회의에서 올라온 협의안건을 다룬다.",
            sort_order=41,
        )
        self.innovation_committee(city)
        self.ggm_council(city)
        return city

    def districts(self, city: Organization) -> tuple[dict[str, Post], dict[str, Post]]:
        # 5-digit si/gun/gu codes of the legal-dong system, in force until 2026-06-30.
        rows = [
            ("동구", "Dong-gu", "29110", "정동구", "Jeong Donggu"),
            ("서구", "Seo-gu", "29140", "서서구", "Seo Seogu"),
            ("남구", "Nam-gu", "29155", "남남구", "Nam Namgu"),
            ("북구", "Buk-gu", "29170", "백북구", "Baek Bukgu"),
            ("광산구", "Gwangsan-gu", "29200", "안광산", "An Gwangsan"),
        ]
        heads: dict[str, Post] = {}
        deputies: dict[str, Post] = {}
        for order, (name, name_en, code, deputy_name, deputy_en) in enumerate(rows):
            district = self.org(name, K.BASIC_GOVERNMENT, city, name_en=name_en, admin_code=code, sort_order=order)
            head, deputy = self.seats(
                district,
                [
                    SeatSpec("구청장", R.HEAD, "District Mayor", "district", 1),
                    SeatSpec("부구청장", R.DEPUTY_HEAD, "Deputy District Mayor", "district", 1),
                ],
            )
            self.appoint(head, self.person(f"{name[0]}청장", f"{name_en} Head"), D(2022, 7, 1))
            self.appoint(deputy, self.person(deputy_name, deputy_en), D(2021, 1, 1))
            heads[name], deputies[name] = head, deputy
        return heads, deputies

    def institutions(self, city: Organization) -> None:
        # After the 2023 structural reform (24 → 20). The list is editable data: confirm names
        # against the city's current register before relying on it.
        names = [
            ("광주도시공사", "Gwangju Metropolitan Development Corporation"),
            ("광주광역시도시철도공사", "Gwangju Metro Corporation"),
            ("광주광역시환경공단", "Gwangju Environment Corporation"),
            ("광주관광공사", "Gwangju Tourism Organization"),
            ("광주테크노파크", "Gwangju Technopark"),
            ("광주정보문화산업진흥원", "Gwangju Information & Culture Industry Promotion Agency"),
            ("광주문화재단", "Gwangju Cultural Foundation"),
            ("광주비엔날레", "Gwangju Biennale Foundation"),
            ("광주여성가족재단", "Gwangju Women and Family Foundation"),
            ("광주사회서비스원", "Gwangju Social Service Agency"),
            ("광주경제진흥상생일자리재단", "Gwangju Economic Promotion and Shared Jobs Foundation"),
            ("광주그린카진흥원", "Gwangju Green Car Advancement Center"),
            ("광주과학기술진흥원", "Gwangju Science and Technology Promotion Agency"),
            ("광주디자인진흥원", "Gwangju Design Promotion Agency"),
            ("광주인재평생교육진흥원", "Gwangju Talent and Lifelong Education Agency"),
            ("광주신용보증재단", "Gwangju Credit Guarantee Foundation"),
            ("광주연구원", "Gwangju Research Institute"),
            ("광주교통문화연수원", "Gwangju Transportation Culture Training Institute"),
            ("광주광역시체육회", "Gwangju Sports Council"),
            ("광주광역시장애인체육회", "Gwangju Paralympic Sports Council"),
        ]
        group = self.org(
            "공공기관",
            K.DEPARTMENT,
            city,
            name_en="Public institutions",
            description="시 산하 공공기관 20개(2023년 구조혁신으로 24개→20개).",
            sort_order=30,
        )
        for order, (name, name_en) in enumerate(names):
            institution = self.org(name, K.PUBLIC_INSTITUTION, group, name_en=name_en, sort_order=order)
            # Heads are not in the demo, so the seats are not required to be filled here.
            head, _deputy = self.seats(
                institution,
                [
                    SeatSpec("기관장", R.HEAD, "Head", "institution"),
                    SeatSpec("부기관장", R.DEPUTY_HEAD, "Deputy head", "institution"),
                ],
            )
            if name == "광주사회서비스원":
                self.appoint(head, self.person("조사회", "Jo Sahoe"), D(2023, 4, 1))

    def district_meeting(
        self,
        city: Organization,
        name: str,
        name_en: str,
        *,
        chair: SeatSpec,
        members: dict[str, Post],
        member_suffix: tuple[str, str],
        valid_from: dt.date | None,
        description: str,
        sort_order: int,
    ) -> None:
        """A meeting of the city and its 5 districts: one ex officio seat per district."""
        body = self.org(
            name,
            K.COUNCIL,
            city,
            name_en=name_en,
            valid_from=valid_from,
            description=description,
            sort_order=sort_order,
        )
        korean_suffix, english_suffix = member_suffix
        self.seats(
            body,
            [chair]
            + [
                SeatSpec(
                    f"{district}{korean_suffix}",
                    R.MEMBER,
                    f"{post.organization.name_en}{english_suffix}",
                    "district",
                    1,
                    ex_officio_post=post,
                )
                for district, post in members.items()
            ],
        )
        self.rule(body, RuleKind.ONE_PER_ORGANIZATION, {"side": "district"}, basis=B.PRACTICE)
        self.rule(body, RuleKind.SIDE_BETWEEN, {"side": "district", "min": 5, "max": 5}, basis=B.PRACTICE)

    def innovation_committee(self, city: Organization) -> None:
        launched = D(2018, 11, 27)
        committee = self.org(
            "광주혁신추진위원회",
            K.COMMITTEE,
            city,
            name_en="Gwangju Innovation Committee",
            valid_from=launched,
            description="2018년 11월 27일 출범. 5개 분과위원회와 2개 특별위원회를 두고 시정혁신을 권고·제안한다.",
            sort_order=50,
        )
        chair, members, _secretary = self.seats(
            committee,
            [
                SeatSpec("위원장", R.CHAIR, "Chair", "civil_society", 1),
                SeatSpec("위원", R.MEMBER, "Member", "civil_society", 0, 60),
                SeatSpec("간사", R.SECRETARY, "Secretary", "official", is_voting=False),
            ],
        )
        self.appoint(chair, self.person("한혁신", "Han Hyeoksin"), launched)
        people = [
            ("오시민", "Oh Simin"),
            ("윤전문", "Yun Jeonmun"),
            ("임협치", "Im Hyeopchi"),
            ("장공론", "Jang Gongnon"),
            ("최참여", "Choi Chamyeo"),
            ("강제안", "Kang Jean"),
        ]
        for name, name_en in people:
            self.appoint(members, self.person(name, name_en), launched)
        self.rule(
            committee,
            RuleKind.TOTAL_BETWEEN,
            {"min": 5, "max": 60, "voting_only": True},
            basis=B.BYLAW,
            citation="광주혁신추진위원회 운영 규정 (확인 필요)",
        )
        bodies = [
            ("경제·산업분과위원회", "Economy and Industry Subcommittee"),
            ("행정·복지분과위원회", "Administration and Welfare Subcommittee"),
            ("4차산업혁명분과위원회", "Fourth Industrial Revolution Subcommittee"),
            ("건설·교통·환경분과위원회", "Construction, Transport and Environment Subcommittee"),
            ("문화·체육·관광분과위원회", "Culture, Sports and Tourism Subcommittee"),
            ("공공기관혁신특별위원회", "Public Institution Innovation Special Committee"),
            ("복지혁신특별위원회", "Welfare Innovation Special Committee"),
        ]
        for order, (name, name_en) in enumerate(bodies):
            kind = K.SPECIAL_COMMITTEE if name.endswith("특별위원회") else K.SUBCOMMITTEE
            body = self.org(name, kind, committee, name_en=name_en, valid_from=launched, sort_order=order)
            chair_label = "특별위원장" if kind == K.SPECIAL_COMMITTEE else "분과위원장"
            body_chair, _members = self.seats(
                body,
                [
                    SeatSpec(chair_label, R.CHAIR, "Chair", "civil_society", 1),
                    SeatSpec("위원", R.MEMBER, "Member", "civil_society", 0, 15),
                ],
            )
            if order == 0:
                self.appoint(body_chair, self.person("윤전문"), launched)

    def ggm_council(self, city: Organization) -> None:
        start = D(2020, 12, 24)
        council = self.org(
            "광주글로벌모터스 노사상생협의회",
            K.COUNCIL,
            city,
            name_en="Gwangju Global Motors Labour–Management Council",
            valid_from=start,
            description="광주형 일자리 합작법인 광주글로벌모터스(GGM)의 노사 상생 방안을 논의하는 기구. 2020년 12월 24일 출범.",
            sort_order=60,
        )
        employer, worker = self.seats(
            council,
            [
                SeatSpec("사용자위원", R.EMPLOYER_REPRESENTATIVE, "Employer member", "employer", 1, 3),
                SeatSpec("근로자위원", R.WORKER_REPRESENTATIVE, "Worker member", "worker", 1, 3),
            ],
        )
        employers = [
            self.person(n, e)
            for n, e in [("박대표", "Park Daepyo"), ("김부사", "Kim Busa"), ("이상생", "Lee Sangsaeng")]
        ]
        workers = [
            self.person(n, e)
            for n, e in [("최품질", "Choi Pumjil"), ("임시설", "Im Siseol"), ("정도장", "Jeong Dojang")]
        ]
        for person in employers:
            self.appoint(employer, person, start)
        for person in workers:
            self.appoint(worker, person, start)
        self.rule(
            council,
            RuleKind.PARITY,
            {"sides": ["employer", "worker"]},
            basis=B.STATUTE,
            citation="근로자참여 및 협력증진에 관한 법률 제6조 (확인 필요)",
        )

        working = self.org(
            "실무위원회",
            K.SUBCOMMITTEE,
            council,
            name_en="Working Committee",
            valid_from=start,
            description="사용자 1명·근로자 3명·상생협력팀 2명으로 구성.",
        )
        w_employer, w_worker, w_coop = self.seats(
            working,
            [
                SeatSpec("사용자위원", R.EMPLOYER_REPRESENTATIVE, "Employer member", "employer", 1, 1),
                SeatSpec("근로자위원", R.WORKER_REPRESENTATIVE, "Worker member", "worker", 3, 3),
                SeatSpec("상생협력팀 위원", R.MEMBER, "Cooperation team member", "coop_team", 2, 2),
            ],
        )
        self.rule(
            working,
            RuleKind.TOTAL_BETWEEN,
            {"min": 6, "max": 6, "voting_only": False},
            basis=B.BYLAW,
            citation="노사공동위원회 설치·운영 규정",
        )
        self.appoint(w_employer, employers[2], start)
        # Deliberately one worker short: the demo shows the composition warning on this page.
        self.appoint(w_worker, workers[0], start)
        self.appoint(w_worker, workers[1], start)
        self.appoint(w_coop, self.person("서협력", "Seo Hyeomnyeok"), start)
        self.appoint(w_coop, self.person("문상생", "Mun Sangsaeng"), start)

        grievance = self.org(
            "고충처리위원회",
            K.SUBCOMMITTEE,
            council,
            name_en="Grievance Committee",
            valid_from=start,
            sort_order=1,
            description="사용자 1명·근로자 2명으로 구성. 고충은 10일 이내에 처리한다.",
        )
        g_employer, g_worker = self.seats(
            grievance,
            [
                SeatSpec("사용자위원", R.EMPLOYER_REPRESENTATIVE, "Employer member", "employer", 1, 1),
                SeatSpec("근로자위원", R.WORKER_REPRESENTATIVE, "Worker member", "worker", 2, 2),
            ],
        )
        self.rule(
            grievance,
            RuleKind.SUBSET_OF,
            {"parent_body": council.pk},
            basis=B.STATUTE,
            citation="근로자참여 및 협력증진에 관한 법률 제26조 (확인 필요)",
        )
        self.appoint(g_employer, employers[2], start)
        self.appoint(g_worker, workers[1], start)
        self.appoint(g_worker, workers[2], start)

    def gwangmyeong(self) -> None:
        since = D(2019, 7, 1)
        city = self.org(
            "광명시",
            K.BASIC_GOVERNMENT,
            name_en="Gwangmyeong City",
            site_slug="gwangmyeong",
            admin_code="41210",
            description="2018년 12월 「민관협치 활성화 기본조례」 제정 이후 시정협치협의회, 협치실행위원회, 공론화위원회, 공익활동지원센터로 민관협치를 운영한다.",
        )
        (mayor,) = self.seats(city, [SeatSpec("시장", R.HEAD, "Mayor", "city", 1)])
        self.appoint(mayor, self.person("박광명", "Park Gwangmyeong"), D(2018, 7, 1))
        self.org("자치분권과", K.DEPARTMENT, city, name_en="Autonomy and Decentralization Division")
        council = self.org(
            "시정협치협의회",
            K.COUNCIL,
            city,
            name_en="City Governance Council",
            valid_from=since,
            sort_order=10,
            description="시장과 시민위원이 함께 협치 정책을 협의하는 최상위 협치 기구.",
        )
        _co_chair, civic_chair, members = self.seats(
            council,
            [
                SeatSpec("공동의장(시장)", R.CHAIR, "Co-chair (Mayor)", "city", 1, ex_officio_post=mayor),
                SeatSpec("공동의장(민간)", R.CHAIR, "Co-chair (civil society)", "civil_society", 1),
                SeatSpec("위원", R.MEMBER, "Member", "civil_society", 0, 30),
            ],
        )
        self.appoint(civic_chair, self.person("허민관", "Heo Mingwan"), since)
        ordinance = "「광명시 민관협치 활성화 기본조례」"
        self.rule(council, RuleKind.TOTAL_BETWEEN, {"min": 2, "max": 32, "voting_only": False}, citation=ordinance)
        for name, name_en in [("주마을", "Ju Maeul"), ("하청년", "Ha Cheongnyeon"), ("구환경", "Gu Hwangyeong")]:
            self.appoint(members, self.person(name, name_en), since)
        executive = self.org(
            "협치실행위원회",
            K.COMMITTEE,
            city,
            name_en="Governance Executive Committee",
            valid_from=since,
            sort_order=11,
        )
        (exec_members,) = self.seats(executive, [SeatSpec("위원", R.MEMBER, "Member", "civil_society", 0, 20)])
        self.rule(executive, RuleKind.TOTAL_BETWEEN, {"min": 1, "max": 20, "voting_only": False}, citation=ordinance)
        self.appoint(exec_members, self.person("하청년"), since)
        deliberation = self.org(
            "공론화위원회", K.COMMITTEE, city, name_en="Public Deliberation Committee", valid_from=since, sort_order=12
        )
        deliberation_chair, _members = self.seats(
            deliberation,
            [
                SeatSpec("위원장", R.CHAIR, "Chair", "civil_society", 1),
                SeatSpec("위원", R.MEMBER, "Member", "civil_society", 0, 15),
            ],
        )
        self.appoint(deliberation_chair, self.person("장공론"), since)
        self.rule(deliberation, RuleKind.TOTAL_BETWEEN, {"min": 1, "max": 16, "voting_only": False}, citation=ordinance)
        self.org(
            "공익활동지원센터",
            K.PUBLIC_INSTITUTION,
            city,
            name_en="Public Interest Activity Support Center",
            valid_from=D(2023, 10, 1),
            sort_order=13,
            description="2023년 10월 개소한 협치 중간지원조직.",
        )

    def accounts(self, gwangju: Organization) -> None:
        self.user(ADMIN_USERNAME, superuser=True)
        self.role(self.user("gwangju-admin"), gwangju, OrganizationRoleName.ADMINISTRATOR)
        committee = Organization.objects.get(name="광주혁신추진위원회", parent=gwangju)
        self.role(self.user("innovation-secretary"), committee, OrganizationRoleName.SECRETARY)
        self.role(self.user("innovation-member"), committee, OrganizationRoleName.MEMBER)
        self.user("citizen")
        gwangmyeong = Organization.objects.get(site_slug="gwangmyeong")
        self.role(self.user("gwangmyeong-admin"), gwangmyeong, OrganizationRoleName.ADMINISTRATOR)
