"""The evaluation demo: the 2020 national innovation evaluation of 243 local governments, the
2020 disaster-management evaluation, and Gwangju's 2024 evaluation of its institutions.

Seed 001: 243 bodies (광역 17, 기초 226), 5 fields and 14 indicators, an expert panel and a citizen
panel, grades 우수/보통/미흡 with special grants; Gwangju 우수. The disaster-management evaluation
grades 30:60:10 (reference/evaluation.md §15). Seed 003: Gwangju's institutions evaluated by
citizens and stakeholders, with incentives. Indicator names follow the reported 2020 changes; the
handbook itself was not seen, so points per indicator are the demo's. Ratings and figures are
synthetic and deterministic (SHA-256 of a name), so every load gives the same results; persons
are invented placeholders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from hyeopchi.evaluations import compute, services
from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.enums import PanelKind, Remedy, RoundStatus
from hyeopchi.evaluations.models import Evaluator, Framework, Panel, Round, Target
from hyeopchi.organizations.enums import OrganizationKind as K
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization

if TYPE_CHECKING:
    from hyeopchi.demo.loader import DemoLoader

D = dt.date

# The 17 광역 and their 226 기초 as in 2020 (군위군 still in 경북; before the 2026-07-01 changes).
LOCAL_GOVERNMENTS: list[tuple[str, str, str, str]] = [
    (
        "서울특별시",
        "Seoul",
        "특·광역시",
        "종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구 은평구 "
        "서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구",
    ),
    (
        "부산광역시",
        "Busan",
        "특·광역시",
        "중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 "
        "수영구 사상구 기장군",
    ),
    ("대구광역시", "Daegu", "특·광역시", "중구 동구 서구 남구 북구 수성구 달서구 달성군"),
    (
        "인천광역시",
        "Incheon",
        "특·광역시",
        "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군",
    ),
    ("광주광역시", "Gwangju", "특·광역시", "동구 서구 남구 북구 광산구"),
    ("대전광역시", "Daejeon", "특·광역시", "동구 중구 서구 유성구 대덕구"),
    ("울산광역시", "Ulsan", "특·광역시", "중구 남구 동구 북구 울주군"),
    ("세종특별자치시", "Sejong", "특·광역시", ""),
    (
        "경기도",
        "Gyeonggi",
        "도",
        "수원시 성남시 의정부시 안양시 부천시 광명시 평택시 동두천시 안산시 고양시 과천시 구리시 "
        "남양주시 오산시 시흥시 군포시 의왕시 하남시 용인시 파주시 이천시 안성시 김포시 화성시 광주시 양주시 포천시 "
        "여주시 연천군 가평군 양평군",
    ),
    (
        "강원도",
        "Gangwon",
        "도",
        "춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군 평창군 정선군 "
        "철원군 화천군 양구군 인제군 고성군 양양군",
    ),
    (
        "충청북도",
        "Chungbuk",
        "도",
        "청주시 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군",
    ),
    (
        "충청남도",
        "Chungnam",
        "도",
        "천안시 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 "
        "홍성군 예산군 태안군",
    ),
    (
        "전라북도",
        "Jeonbuk",
        "도",
        "전주시 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 "
        "고창군 부안군",
    ),
    (
        "전라남도",
        "Jeonnam",
        "도",
        "목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군 장흥군 "
        "강진군 해남군 영암군 무안군 함평군 영광군 장성군 완도군 진도군 신안군",
    ),
    (
        "경상북도",
        "Gyeongbuk",
        "도",
        "포항시 경주시 김천시 안동시 구미시 영주시 영천시 상주시 문경시 경산시 군위군 의성군 "
        "청송군 영양군 영덕군 청도군 고령군 성주군 칠곡군 예천군 울진군 울릉군 봉화군",
    ),
    (
        "경상남도",
        "Gyeongnam",
        "도",
        "창원시 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 의령군 함안군 창녕군 고성군 "
        "남해군 하동군 산청군 함양군 거창군 합천군",
    ),
    ("제주특별자치도", "Jeju", "도", ""),
]
GROUP_MEAN = {
    "광역": Decimal("0.748"),
    "시": Decimal("0.661"),
    "군": Decimal("0.586"),
    "구": Decimal("0.709"),
}
NATIONAL_SEED = "2020 정부혁신평가 추첨 시드 7f3a"
SAFETY_SEED = "2020 재난관리평가"
GWANGJU_SEED = "광주 동행평가 2024 시드"  # published with the demo so the draw can be run by hand


def unit(*parts: object) -> Decimal:
    """A deterministic number in [0, 1) from its name."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return Decimal(int(digest[:12], 16)) / Decimal(16**12)


def level(latent: Decimal, low: int, high: int) -> Decimal:
    return min(max(latent.quantize(Decimal(1), ROUND_HALF_UP), Decimal(low)), Decimal(high))


def percent(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rubric(key: str, name: str, points: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "points": points,
        "mode": "rubric",
        "levels": 5,
        "panels": {"expert": {"weight": "1", "trim": 1, "min_raters": 3}},
        **extra,
    }


def figure(key: str, name: str, points: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "points": points,
        "mode": "quantitative",
        "floor": 0,
        "target": 100,
        "panels": {"data": {"weight": "1"}},
        **extra,
    }


NATIONAL_FRAMEWORK: dict[str, Any] = {
    "title": "2020 지방자치단체 정부혁신평가",
    "fields": [
        {
            "key": "F1",
            "name": "기관 자율혁신",
            "name_en": "Autonomous innovation",
            "points": 30,
            "indicators": [
                rubric("I01", "기관장 혁신 리더십", 14, name_en="Head's innovation leadership"),
                rubric("I02", "혁신 추진체계", 8, name_en="Innovation structure"),
                figure(
                    "I03",
                    "혁신과제 기한 내 완료율",
                    8,
                    name_en="Innovation tasks completed on time",
                ),
            ],
        },
        {
            "key": "F2",
            "name": "포용적 행정",
            "name_en": "Inclusive administration",
            "points": 16,
            "indicators": [
                rubric("I04", "사회적 가치 실현", 8, name_en="Social value"),
                rubric("I05", "취약계층 서비스 개선", 8, name_en="Services for the vulnerable"),
            ],
        },
        {
            "key": "F3",
            "name": "참여와 협력",
            "name_en": "Participation and cooperation",
            "points": 28,
            "indicators": [
                rubric(
                    "I06",
                    "심사·평가 주민참여 확대 성과",
                    6,
                    name_en="Residents in reviews and evaluations",
                ),
                figure("I07", "주민참여예산 운영성과", 8, name_en="Participatory budgeting"),
                rubric("I08", "민관 협업 실적", 7, name_en="Public–private cooperation"),
                rubric("I09", "기관 간 협업", 7, name_en="Cooperation between bodies"),
            ],
        },
        {
            "key": "F4",
            "name": "신뢰받는 정부",
            "name_en": "Trusted government",
            "points": 14,
            "indicators": [
                rubric("I10", "적극행정 기반마련 및 활성화", 6, name_en="Proactive administration"),
                figure("I11", "공공데이터 개방", 4, name_en="Open public data"),
                figure("I12", "청렴도", 4, name_en="Integrity"),
            ],
        },
        {
            "key": "F5",
            "name": "혁신확산 및 국민체감",
            "name_en": "Diffusion and citizens' perception",
            "points": 12,
            "indicators": [
                rubric("I13", "혁신 우수사례", 4, name_en="Innovation cases"),
                {
                    "key": "I14",
                    "name": "국민체감도",
                    "name_en": "Citizens' perception",
                    "points": 8,
                    "mode": "survey",
                    "scale": 7,
                    "panels": {"citizen": {"weight": "1", "trim_share": "0.05", "min_raters": 10}},
                },
            ],
        },
    ],
    "bonuses": [{"key": "B1", "name": "우수사례 확산", "cap": 5}],
    "bonus_cap": 5,
}
NATIONAL_RULES: dict[str, Any] = {
    "panels": {
        "expert": {"kind": "expert"},
        "citizen": {"kind": "citizen"},
        "data": {"kind": "data"},
    },
    "tie_chain": ["I14", "F1"],
    "grading": {
        "mode": "relative",
        "grades": ["우수", "보통", "미흡"],
        "shares": ["0.25", "0.65", "0.10"],
        "rounding": "half_up",
        "ties": "inclusive",
    },
    "incentives": {
        "mode": "weighted",
        "pool": 4_000_000_000,
        "unit": 1_000_000,
        "grade_weights": {"우수": 1},
    },
    "improvement": {"count": 10, "award": "크게 개선"},
}
SAFETY_FRAMEWORK: dict[str, Any] = {
    "title": "2020 재난관리평가",
    "fields": [
        {
            "key": key,
            "name": name,
            "points": points,
            "indicators": [figure(f"S{n}", f"{name} 실적", points)],
        }
        for n, (key, name, points) in enumerate(
            [
                ("A1", "재난 예방", 20),
                ("A2", "재난 대비", 20),
                ("A3", "재난 대응", 20),
                ("A4", "재난 복구", 15),
                ("A5", "안전문화", 10),
                ("A6", "협업·거버넌스", 15),
            ],
            start=1,
        )
    ],
}
SAFETY_RULES: dict[str, Any] = {
    "panels": {"data": {"kind": "data"}},
    "grading": {
        "mode": "relative",
        "grades": ["우수", "보통", "미흡"],
        "shares": ["0.30", "0.60", "0.10"],
        "rounding": "half_up",
        "ties": "inclusive",
    },
    "incentives": {
        "mode": "weighted",
        "pool": 4_000_000_000,
        "unit": 1_000_000,
        "grade_weights": {"우수": 1},
    },
    "improvement": {"count": 10, "award": "노력기관"},
}
GWANGJU_FRAMEWORK: dict[str, Any] = {
    "title": "광주광역시 공공기관 동행 평가",
    "fields": [
        {
            "key": "G1",
            "name": "협업사업 성과",
            "name_en": "Joint projects",
            "points": 40,
            "indicators": [
                figure(
                    "J1",
                    "협업사업 목표 달성도",
                    25,
                    name_en="Joint project targets met",
                    min_score=40,
                ),
                {
                    "key": "J2",
                    "name": "협업사업 추진 노력",
                    "name_en": "Effort in joint projects",
                    "points": 15,
                    "mode": "rubric",
                    "panels": {
                        "stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}
                    },
                },
            ],
        },
        {
            "key": "G2",
            "name": "시민 체감",
            "name_en": "Citizens' experience",
            "points": 35,
            "indicators": [
                {
                    "key": "J3",
                    "name": "시민 만족도",
                    "name_en": "Citizen satisfaction",
                    "points": 25,
                    "mode": "survey",
                    "scale": 7,
                    "panels": {"citizen": {"weight": "1", "trim_share": "0.05", "min_raters": 5}},
                    "bands": [
                        {"label": "1", "min": 90},
                        {"label": "2", "min": 80},
                        {"label": "3", "min": 70},
                        {"label": "4", "min": 60},
                        {"label": "5", "min": 0},
                    ],
                },
                {
                    "key": "J4",
                    "name": "시민 참여 운영",
                    "name_en": "Citizen participation",
                    "points": 10,
                    "mode": "rubric",
                    "panels": {
                        "stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}
                    },
                },
            ],
        },
        {
            "key": "G3",
            "name": "혁신·소통",
            "name_en": "Innovation and dialogue",
            "points": 25,
            "indicators": [
                {
                    "key": "J5",
                    "name": "현장 소통",
                    "name_en": "On-site dialogue",
                    "points": 10,
                    "mode": "rubric",
                    "panels": {
                        "stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}
                    },
                },
                {
                    "key": "J6",
                    "name": "우수사례 공유",
                    "name_en": "Sharing good cases",
                    "points": 15,
                    "mode": "checklist",
                    "items": 5,
                    "panels": {
                        "stakeholder": {"weight": "1", "aggregation": "median", "min_raters": 3}
                    },
                },
            ],
        },
    ],
}
GWANGJU_SCALES = {
    "stakeholder": (Decimal("0.3"), Decimal("0.6")),
    "citizen": (Decimal(0), Decimal("1.2")),
}
GWANGJU_RULES: dict[str, Any] = {
    "panels": {
        "stakeholder": {"kind": "expert"},
        "citizen": {"kind": "citizen"},
        "data": {"kind": "data"},
    },
    "grading": {
        "mode": "absolute",
        "grades": ["가", "나", "다", "라", "마"],
        "thresholds": [90, 85, 80, 75],
    },
    "incentives": {
        "mode": "tiers",
        "pool": 600_000_000,
        "tiers": {"가": 50_000_000, "나": 30_000_000, "다": 10_000_000},
    },
}
CORPORATIONS = {"광주도시공사", "광주광역시도시철도공사", "광주광역시환경공단", "광주관광공사"}


class EvaluationsDemo:
    def __init__(self, loader: DemoLoader) -> None:
        self.loader = loader
        self.actor = loader.actor

    def load(self) -> None:
        office = Organization.objects.get(name="행정안전부", parent=None)
        targets = self.local_governments()
        self.loader.role(
            self.loader.user("evaluation-office"), office, OrganizationRoleName.SECRETARY
        )
        if not Round.objects.filter(slug="innovation-2020").exists():
            self.national(office, targets)
            self.loader.stats.count("evaluation rounds")
        if not Round.objects.filter(slug="disaster-2020").exists():
            self.safety(office, targets)
            self.loader.stats.count("evaluation rounds")
        if not Round.objects.filter(slug="gwangju-institutions-2024").exists():
            self.gwangju()
            self.loader.stats.count("evaluation rounds")

    def local_governments(self) -> list[tuple[Organization, str, str, str]]:
        """(organization, display name, innovation group, safety group) for the 243 bodies."""
        rows = []
        for order, (name, name_en, safety_group, basics) in enumerate(LOCAL_GOVERNMENTS):
            metro = self.loader.org(
                name, K.METROPOLITAN_GOVERNMENT, name_en=name_en, sort_order=100 + order
            )
            rows.append((metro, name, "광역", safety_group))
            for position, basic in enumerate(basics.split()):
                # 광명시 already has its own site in the demo (seed 004): the same body.
                site = Organization.objects.filter(name=basic, site_slug__isnull=False).first()
                org = site or self.loader.org(basic, K.BASIC_GOVERNMENT, metro, sort_order=position)
                rows.append((org, f"{name} {basic}", basic[-1], basic[-1]))
        return rows

    def framework(self, office: Organization, spec: dict[str, Any]) -> Framework:
        existing = Framework.objects.filter(title=spec["title"], version=1).first()
        if existing is not None:
            return existing
        framework = services.create_framework(
            actor=self.actor, office=office, title=spec["title"], spec=spec
        )
        return services.publish_framework(actor=self.actor, framework=framework)

    def targets(self, round_: Round, rows: list[tuple[Organization, str, str]]) -> list[Target]:
        return services.enrol_targets(
            actor=self.actor,
            round_=round_,
            targets=[
                services.TargetSpec(organization=org, code=f"T{n:03d}", name=name, group=group)
                for n, (org, name, group) in enumerate(rows, start=1)
            ],
        )

    def quality(self, round_slug: str, target: Target) -> Decimal:
        mean = GROUP_MEAN.get(target.group, Decimal("0.75"))
        boost = Decimal("0.2") if target.name == "광주광역시" else Decimal(0)
        return mean + boost + (unit(round_slug, target.name) - Decimal("0.5")) * Decimal("0.36")

    # -- 2020 innovation evaluation -----------------------------------------------------------

    def national(self, office: Organization, lgs: list[tuple[Organization, str, str, str]]) -> None:
        framework = self.framework(office, NATIONAL_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=office,
            slug="innovation-2020",
            framework=framework,
            title="2020년 지방자치단체 정부혁신평가",
            title_en="2020 local government innovation evaluation",
            rules=NATIONAL_RULES,
            calendar={
                "draw_on": D(2020, 9, 1),
                "scoring_from": D(2020, 9, 7),
                "scoring_until": D(2020, 10, 16),
                "provisional_on": D(2020, 11, 20),
                "appeal_until": D(2020, 11, 27),
                "final_on": D(2020, 12, 27),
            },
            panels=[
                {
                    "key": "expert",
                    "kind": PanelKind.EXPERT,
                    "title": "정부혁신평가단",
                    "title_en": "Expert panel",
                    "per_target": 5,
                },
                {
                    "key": "citizen",
                    "kind": PanelKind.CITIZEN,
                    "title": "국민평가단",
                    "title_en": "Citizen panel",
                    "per_target": 20,
                    "residence_conflicts": True,
                },
                {
                    "key": "data",
                    "kind": PanelKind.DATA,
                    "title": "정량 자료",
                    "title_en": "Data",
                    "per_target": 0,
                },
            ],
        )
        round_.description = (
            "전국 243개 지자체(광역 17, 기초 226)를 5개 분야 14개 지표로 평가한다. 전문가 중심 정부혁신평가단과 "
            "국민평가단이 지표별로 점수를 매기고, 광역·시·군·구 유형별로 약 4분의 1을 우수 등급으로 정한다. "
            "평점과 정량 수치는 데모용 합성 자료다."
        )
        round_.save(update_fields=["description"])
        targets = self.targets(round_, [(o, n, g) for o, n, g, _s in lgs])
        for target in targets:
            quality = self.quality("innovation-2020", target)
            target.previous_total = (
                quality * 100 - 4 + (unit("prev", target.name) - Decimal("0.5")) * 12
            ).quantize(Decimal("0.01"))
            if unit("bonus", target.name) > Decimal("0.8"):
                target.extras = {"B1": str((unit("b1", target.name) * 3).quantize(Decimal("0.1")))}
        Target.objects.bulk_update(targets, ["previous_total", "extras"])
        expert = Panel.objects.get(round=round_, key="expert")
        citizen = Panel.objects.get(round=round_, key="citizen")
        institute = self.loader.org(
            "한국지방행정연구원",
            K.PUBLIC_INSTITUTION,
            name_en="Korea Research Institute for Local Administration",
        )
        by_name = {t.name: t for t in targets}
        experts = []
        for n in range(1, 61):
            experts.append(
                Evaluator(
                    panel=expert,
                    pseudonym=f"E{n:02d}",
                    name=f"전문가 {n:02d}",
                    expertise=("광역,시" if n % 3 == 0 else "군,구" if n % 3 == 1 else "시,군"),
                    affiliation=institute if n in (5, 6) else None,
                    employment=(
                        [{"organization": by_name["광주광역시"].organization_id, "until": 2019}]
                        if n == 7
                        else [
                            {
                                "organization": by_name["경기도 수원시"].organization_id,
                                "until": 2015,
                            }
                        ]
                        if n == 8
                        else []
                    ),
                )
            )
        experts[0].user = self.loader.user("evaluator")
        services.add_evaluators(actor=self.actor, panel=expert, evaluators=experts)
        metros = [o for o, _n, g, _s in lgs if g == "광역"]
        citizens = []
        for n in range(1, 201):
            region = metros[int(unit("region", n) * len(metros))]
            citizens.append(
                Evaluator(
                    panel=citizen,
                    pseudonym=f"C{n:03d}",
                    name=f"국민평가단 {n:03d}",
                    residence=region,
                    region=region.name,
                    gender="여" if unit("gender", n) < Decimal("0.5") else "남",
                    age_band=["20대", "30대", "40대", "50대", "60대+"][int(unit("age", n) * 5)],
                    selected=False,
                )
            )
        services.add_evaluators(actor=self.actor, panel=citizen, evaluators=citizens)
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        services.draw_citizens(actor=self.actor, panel=citizen, size=120, seed=NATIONAL_SEED)
        services.detect_conflicts(actor=self.actor, round_=round_)
        round_ = services.commit_seed(
            actor=self.actor, round_=round_, commitment=commitment(NATIONAL_SEED)
        )
        services.run_draw(actor=self.actor, round_=round_, seed=NATIONAL_SEED)
        round_ = services.move_round(
            actor=self.actor, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING
        )
        self.figures(round_, targets, ["I03", "I07", "I11", "I12"])
        services.figures_from_tasks(
            actor=self.actor, round_=round_, indicator="I03", until=D(2020, 10, 16)
        )
        self.ratings(
            round_,
            {"expert": (Decimal("0.3"), Decimal("0.5")), "citizen": (Decimal(0), Decimal("1.2"))},
        )
        provisional = services.publish_provisional(actor=self.actor, round_=round_)
        # The first 구 below the 우수 seats appeals a figure left out of its participatory budget.
        seats = sum(
            1
            for row in provisional.payload["targets"].values()
            if row["group"] == "구" and row["grade"] == "우수"
        )
        code = next(
            k
            for k, row in provisional.payload["targets"].items()
            if row["group"] == "구" and row["rank"] == seats + 1
        )
        appellant = next(t for t in targets if t.code == code)
        appeal = services.file_appeal(
            actor=self.actor,
            target=appellant,
            ground="data",
            indicator="I07",
            text="주민참여예산 운영성과 자료에서 2020년 하반기 실적이 빠졌습니다.",
            today=D(2020, 11, 24),
        )
        services.decide_appeal(
            actor=self.actor,
            appeal=appeal,
            uphold=True,
            remedy=Remedy.CORRECT_DATA,
            decision="하반기 실적을 확인해 수치를 정정하고 같은 유형을 다시 계산했습니다.",
            figures={"I07": Decimal(100)},
        )
        services.finalise(actor=self.actor, round_=Round.objects.get(pk=round_.pk))

    def figures(self, round_: Round, targets: list[Target], indicators: list[str]) -> None:
        services.set_figures(
            actor=self.actor,
            round_=round_,
            source="데모 합성 자료",
            figures={
                (t.code, key): percent(
                    self.quality(round_.slug, t) * 100
                    + (unit(round_.slug, key, t.code) - Decimal("0.5")) * 30
                )
                for t in targets
                for key in indicators
            },
        )

    def ratings(self, round_: Round, scales: dict[str, tuple[Decimal, Decimal]]) -> int:
        """Synthetic ratings of every valid, unrated assignment: the target's quality on the indicator's
        scale, plus the rater's lean and noise (``scales``: panel → (lean, noise) in scale
        steps), rounded to a level of the scale."""
        framework = compute.parse_framework(round_.framework.spec)
        quality = {t.code: self.quality(round_.slug, t) for t in round_.targets.all()}
        rows = []
        # Assignments already rated (e.g. by hand in the browser) are left as they are.
        pairs = Target.objects.filter(
            round=round_, assignments__voided=False, assignments__ratings__isnull=True
        ).values_list(
            "assignments__evaluator__panel__key", "assignments__evaluator__pseudonym", "code"
        )
        for panel, pseudonym, code in pairs.order_by("code", "assignments__evaluator__pseudonym"):
            lean_size, noise = scales[panel]
            lean = (unit("lean", round_.slug, pseudonym) - Decimal("0.5")) * 2 * lean_size
            for indicator in framework.indicators:
                rule = indicator.panels.get(panel)
                if rule is None:
                    continue
                low, high = {
                    "rubric": (1, rule.levels),
                    "survey": (1, rule.scale),
                    "checklist": (0, rule.items),
                }[rule.mode]
                jitter = (
                    (unit(round_.slug, pseudonym, code, indicator.key) - Decimal("0.5")) * 2 * noise
                )
                latent = low + quality[code] * (high - low) + lean + jitter
                rows.append(
                    compute.Rating(panel, pseudonym, code, indicator.key, level(latent, low, high))
                )
        return services.import_ratings(actor=self.actor, round_=round_, ratings=rows)

    # -- 2020 disaster-management evaluation --------------------------------------------------

    def safety(self, office: Organization, lgs: list[tuple[Organization, str, str, str]]) -> None:
        framework = self.framework(office, SAFETY_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=office,
            slug="disaster-2020",
            framework=framework,
            title="2020년 재난관리평가",
            title_en="2020 disaster management evaluation",
            rules=SAFETY_RULES,
            calendar={
                "provisional_on": D(2020, 11, 6),
                "appeal_until": D(2020, 11, 13),
                "final_on": D(2020, 12, 1),
            },
            panels=[{"key": "data", "kind": PanelKind.DATA, "title": "평가 자료", "per_target": 0}],
        )
        round_.description = (
            "6개 분야를 특·광역시·도·시·군·구 유형별로 평가해 우수:보통:미흡을 30:60:10으로 나누고, "
            "크게 개선한 기관을 노력기관으로 정한다. 수치는 데모용 합성 자료다."
        )
        round_.save(update_fields=["description"])
        targets = self.targets(round_, [(o, n, s) for o, n, _g, s in lgs])
        for target in targets:
            target.previous_total = (
                self.quality("disaster-2020", target) * 100
                - 3
                + (unit("p", target.code) - Decimal("0.5")) * 14
            ).quantize(Decimal("0.01"))
        Target.objects.bulk_update(targets, ["previous_total"])
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        round_ = services.commit_seed(
            actor=self.actor,
            round_=Round.objects.get(pk=round_.pk),
            commitment=commitment(SAFETY_SEED),
        )
        services.run_draw(actor=self.actor, round_=round_, seed=SAFETY_SEED)
        round_ = services.move_round(
            actor=self.actor, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING
        )
        self.figures(round_, targets, [f"S{n}" for n in range(1, 7)])
        services.publish_provisional(actor=self.actor, round_=round_)
        services.finalise(actor=self.actor, round_=Round.objects.get(pk=round_.pk))

    # -- Gwangju 2024: institutions by citizens and stakeholders ------------------------------

    def gwangju(self) -> None:
        city = Organization.objects.get(site_slug="gwangju")
        group = Organization.objects.get(parent=city, name="공공기관")
        framework = self.framework(city, GWANGJU_FRAMEWORK)
        round_ = services.create_round(
            actor=self.actor,
            office=city,
            slug="gwangju-institutions-2024",
            framework=framework,
            title="2024 광주광역시 공공기관 동행 평가",
            title_en="2024 Gwangju public institutions evaluation",
            rules=GWANGJU_RULES,
            calendar={
                "draw_on": D(2024, 10, 1),
                "scoring_from": D(2024, 10, 7),
                "scoring_until": D(2024, 11, 8),
                "provisional_on": D(2024, 11, 22),
                "final_on": D(2024, 12, 13),
            },
            panels=[
                {
                    "key": "stakeholder",
                    "kind": PanelKind.EXPERT,
                    "title": "이해관계자 평가단",
                    "title_en": "Stakeholder panel",
                    "per_target": 3,
                },
                {
                    "key": "citizen",
                    "kind": PanelKind.CITIZEN,
                    "title": "시민평가단",
                    "title_en": "Citizen panel",
                    "per_target": 8,
                },
                {
                    "key": "data",
                    "kind": PanelKind.DATA,
                    "title": "협업사업 실적",
                    "title_en": "Joint project data",
                    "per_target": 0,
                },
            ],
        )
        round_.description = (
            "시-공공기관 동행 전략에 따라 시민평가단과 이해관계자 평가단이 20개 공공기관을 평가한다. "
            "가(90 이상)·나(85)·다(80)·라(75)·마 절대 기준으로 등급을 정하고, 가·나·다 기관에 인센티브를 준다. "
            f"데모의 추첨 시드는 ‘{GWANGJU_SEED}’이며 공약값은 미리 공개되어 있다. "
            "데모에서 직접 진행해 볼 수 있도록 이의신청 마감일은 두지 않았다(실제 일정은 7일)."
        )
        round_.save(update_fields=["description"])
        institutions = list(Organization.objects.filter(parent=group).order_by("sort_order"))
        rows = [
            (o, o.name, "공사·공단" if o.name in CORPORATIONS else "출자·출연기관")
            for o in institutions
        ]
        targets = self.targets(round_, rows)
        stakeholder = Panel.objects.get(round=round_, key="stakeholder")
        citizen = Panel.objects.get(round=round_, key="citizen")
        members = [
            Evaluator(panel=stakeholder, pseudonym=f"S{n:02d}", name=f"이해관계자 {n:02d}")
            for n in range(1, 13)
        ]
        members[0].user = self.loader.user("gwangju-evaluator")
        members[1].employment = [{"organization": institutions[0].pk, "until": 2023}]
        services.add_evaluators(actor=self.actor, panel=stakeholder, evaluators=members)
        services.add_evaluators(
            actor=self.actor,
            panel=citizen,
            evaluators=[
                Evaluator(
                    panel=citizen,
                    pseudonym=f"R{n:02d}",
                    name=f"시민평가단 {n:02d}",
                    region="광주광역시",
                    gender="여" if n % 2 else "남",
                    age_band=["20대", "30대", "40대", "50대", "60대+"][n % 5],
                )
                for n in range(1, 41)
            ],
        )
        services.move_round(actor=self.actor, round_=round_, to=RoundStatus.PREPARING)
        services.detect_conflicts(actor=self.actor, round_=round_)
        services.commit_seed(
            actor=self.actor,
            round_=Round.objects.get(pk=round_.pk),
            commitment=commitment(GWANGJU_SEED),
        )
        self.figures(round_, targets, ["J1"])
