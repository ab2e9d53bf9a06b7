"""The demo's participatory budgets at 광명시 (seed 004: 청년숙의예산 and 주민세 마을사업).

The article names the two programmes as outcomes of Gwangmyeong's governance; the projects, costs,
taxes and votes below are invented examples of the kind these programmes fund.
"""

from __future__ import annotations

# 2023 청년숙의예산: a youth panel deliberated, then residents aged 19–39 voted (approval, up to 3).
YOUTH_TITLE = "2023 광명시 청년숙의예산"
YOUTH_TITLE_EN = "Gwangmyeong Youth Deliberative Budget 2023"
YOUTH_AMOUNT = 150_000_000
YOUTH_VOTERS = 180
# (title, English title, cost in won, category, how often voters pick it: a weight)
YOUTH_PROJECTS = [
    ("청년 마음건강 상담소 운영", "Youth mental-health counselling", 30_000_000, "복지", 5),
    ("청년 1인 가구 안전키트 지원", "Safety kits for young people living alone", 15_000_000, "안전", 4),
    ("청년 창업 공유공간 조성", "Shared space for young founders", 80_000_000, "일자리", 3),
    ("대학생 통학버스 시범 운행", "Pilot commuter bus for students", 60_000_000, "교통", 3),
    ("청년 문화예술 동아리 지원", "Support for youth arts clubs", 20_000_000, "문화", 4),
    ("구직 청년 면접 정장 대여", "Interview suits for job seekers", 10_000_000, "일자리", 2),
    ("청년 기후행동 프로젝트", "Youth climate action projects", 25_000_000, "환경", 3),
    ("청년 주거 상담 창구", "Youth housing advice desk", 35_000_000, "주거", 2),
]
YOUTH_NOT_FEASIBLE = (
    "청년 전용 공공 기숙사 건립",
    "Public dormitory for young people",
    140_000_000,
    "주거",
    "부지 확보와 건축에 여러 해가 걸려 한 해 예산 사업으로 할 수 없습니다(예시).",
)

# 주민세 마을사업: each 동's heading sized by the resident tax it paid (amounts are examples).
VILLAGE_TITLE = "광명시 주민세 마을사업"
VILLAGE_TITLE_EN = "Gwangmyeong Village Projects from the Resident Tax"
VILLAGE_TOTAL = 60_000_000
# (동, English, resident tax paid in won, ballot kind, projects: (title, English, cost, category))
VILLAGES = [
    (
        "철산동",
        "Cheolsan-dong",
        182_000_000,
        "knapsack",
        [
            ("골목길 벽화와 야간 조명", "Alley murals and night lighting", 12_000_000, "안전"),
            ("경로당 공동 텃밭", "Shared garden at the seniors' centre", 6_000_000, "복지"),
            ("어린이 책 놀이터", "Children's book corner", 9_000_000, "교육"),
            ("마을 축제 한마당", "Village festival", 15_000_000, "문화"),
            ("재활용 정거장 설치", "Recycling stations", 8_000_000, "환경"),
        ],
    ),
    (
        "하안동",
        "Haan-dong",
        126_000_000,
        "approval",
        [
            ("안양천 산책로 쉼터", "Rest stops on the Anyangcheon path", 10_000_000, "환경"),
            ("주민 공유 공구함", "Shared tool library", 4_000_000, "생활"),
            ("청소년 방과후 공부방", "After-school study room", 11_000_000, "교육"),
            ("홀몸 어르신 안부 살피기", "Check-ins on seniors living alone", 7_000_000, "복지"),
        ],
    ),
]
VILLAGE_VOTERS = 24
