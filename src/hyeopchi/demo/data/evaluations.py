"""The demo's evaluation rounds as data: the 243 local governments of 2020 with their groups, the
frameworks and rules of the national innovation, disaster-management and Gwangju institutions
rounds, and the published seeds. Office names are real; ratings are synthetic."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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
        "중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 수영구 사상구 기장군",
    ),
    ("대구광역시", "Daegu", "특·광역시", "중구 동구 서구 남구 북구 수성구 달서구 달성군"),
    ("인천광역시", "Incheon", "특·광역시", "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군"),
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
    ("충청북도", "Chungbuk", "도", "청주시 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군"),
    (
        "충청남도",
        "Chungnam",
        "도",
        "천안시 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 홍성군 예산군 태안군",
    ),
    (
        "전라북도",
        "Jeonbuk",
        "도",
        "전주시 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 고창군 부안군",
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


GROUP_MEAN = {"광역": Decimal("0.748"), "시": Decimal("0.661"), "군": Decimal("0.586"), "구": Decimal("0.709")}


# Seeds as assignment.new_seed makes them: a phrase, then a random salt of 32 hex digits (fixed
# here so that the demo is the same each time it loads).
NATIONAL_SEED = "2020 정부혁신평가#7f3a91c4e28b5d06a1f9c3e7b2d8406f"


SAFETY_SEED = "2020 재난관리평가#c05e8a2f7d3b9146e0a8c2f5d7b3e914"


# Published with the demo so the draw can be run by hand.
GWANGJU_SEED = "광주 동행평가 2024#5b2e9d4a7c1f8036b9e2d5a8c4f1b703"


# What each level of a five-level rubric means, shown beside it on the score sheet (an example in
# the usual 매우 미흡 … 매우 우수 wording of qualitative indicators).
FIVE_LEVELS = [
    "추진 실적이 거의 없다 (매우 미흡)",
    "계획은 있으나 실행이 일부에 그쳤다 (미흡)",
    "계획대로 추진했으나 성과는 평이하다 (보통)",
    "계획 이상으로 추진해 성과가 뚜렷하다 (우수)",
    "성과가 뛰어나 다른 기관의 본보기가 된다 (매우 우수)",
]


def rubric(key: str, name: str, points: int, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "points": points,
        "mode": "rubric",
        "levels": 5,
        "descriptors": FIVE_LEVELS,
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
                figure("I03", "혁신과제 기한 내 완료율", 8, name_en="Innovation tasks completed on time"),
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
                rubric("I06", "심사·평가 주민참여 확대 성과", 6, name_en="Residents in reviews and evaluations"),
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


def three_grades(top: str, middle: str) -> dict[str, Any]:
    """우수, 보통 and 미흡 by rank: ``top`` and ``middle`` of the targets, the lowest tenth, half
    rounded up, tied targets sharing the better grade."""
    return {
        "mode": "relative",
        "grades": ["우수", "보통", "미흡"],
        "shares": [top, middle, "0.10"],
        "rounding": "half_up",
        "ties": "inclusive",
    }


# The ministry's incentive: 4 billion won shared by the 우수 targets, in units of a million won.
TOP_GRADE_INCENTIVES: dict[str, Any] = {
    "mode": "weighted",
    "pool": 4_000_000_000,
    "unit": 1_000_000,
    "grade_weights": {"우수": 1},
}


NATIONAL_RULES: dict[str, Any] = {
    "panels": {"expert": {"kind": "expert"}, "citizen": {"kind": "citizen"}, "data": {"kind": "data"}},
    "tie_chain": ["I14", "F1"],
    "grading": three_grades("0.25", "0.65"),
    "incentives": TOP_GRADE_INCENTIVES,
    "improvement": {"count": 10, "award": "크게 개선"},
}


SAFETY_FRAMEWORK: dict[str, Any] = {
    "title": "2020 재난관리평가",
    "fields": [
        {
            "key": key,
            "name": name,
            "points": points,
            # 협업·거버넌스 below 25 % is 과락 (a synthetic rule of the demo): last grade, seat freed.
            "indicators": [figure(f"S{n}", f"{name} 실적", points, **({"min_score": 25} if key == "A6" else {}))],
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
    "grading": three_grades("0.30", "0.60"),
    "incentives": TOP_GRADE_INCENTIVES,
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
                figure("J1", "협업사업 목표 달성도", 25, name_en="Joint project targets met", min_score=40),
                {
                    "key": "J2",
                    "name": "협업사업 추진 노력",
                    "name_en": "Effort in joint projects",
                    "points": 15,
                    "mode": "rubric",
                    "panels": {"stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}},
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
                    "panels": {"stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}},
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
                    "panels": {"stakeholder": {"weight": "1", "aggregation": "mean", "min_raters": 3}},
                },
                {
                    "key": "J6",
                    "name": "우수사례 공유",
                    "name_en": "Sharing good cases",
                    "points": 15,
                    "mode": "checklist",
                    "items": 5,
                    "panels": {"stakeholder": {"weight": "1", "aggregation": "median", "min_raters": 3}},
                },
            ],
        },
    ],
}


GWANGJU_SCALES = {"stakeholder": (Decimal("0.3"), Decimal("0.6")), "citizen": (Decimal(0), Decimal("1.2"))}


GWANGJU_RULES: dict[str, Any] = {
    "panels": {"stakeholder": {"kind": "expert"}, "citizen": {"kind": "citizen"}, "data": {"kind": "data"}},
    "grading": {"mode": "absolute", "grades": ["가", "나", "다", "라", "마"], "thresholds": [90, 85, 80, 75]},
    "incentives": {
        "mode": "tiers",
        "pool": 600_000_000,
        "tiers": {"가": 50_000_000, "나": 30_000_000, "다": 10_000_000},
    },
}


CORPORATIONS = {"광주도시공사", "광주광역시도시철도공사", "광주광역시환경공단", "광주관광공사"}
