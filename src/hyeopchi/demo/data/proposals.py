"""The demo's proposals and tasks as data: the innovation committee's 10 recommendations in 6
rounds, 바로소통광주's citizen proposals at every stage, Gwangmyeong's outcomes (seeds 001, 002, 004)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date


CITIZENS = 160


@dataclass(frozen=True)
class Recommendation:
    round_number: int
    issued: dt.date
    body: str  # the subcommittee or special committee that prepared it
    title: str
    department: str
    progress: int
    narrative: str


@dataclass(frozen=True)
class SubTask:
    title: str
    weight: str  # its share of the parent's progress under a weighted roll-up; "" otherwise
    progress: int
    status: str
    narrative: str


@dataclass(frozen=True)
class Split:
    rollup: str
    parts: tuple[SubTask, ...]


# The 2019 implementation review's date; its progress figures are as of this day.
REVIEWED_ON = D(2019, 10, 2)

# Recommendations carried out as sub-tasks, by number: the review reports on each part.
SPLIT_RECOMMENDATIONS = {
    1: Split(
        "mean",
        (
            SubTask("공공기관 통합채용", "", 100, "completed", "2019년 상반기부터 시 공공기관 통합채용 시행."),
            SubTask("민간면접위원 인력풀제", "", 40, "in_progress", "민간면접위원 인력풀 구성, 하반기 채용부터 적용."),
        ),
    ),
    7: Split(
        "weighted",
        (
            SubTask(
                "스마트공장 재정투자 확대 (5억원→40억원)",
                "0.7",
                50,
                "in_progress",
                "2020년 예산안에 스마트공장 40억원 반영.",
            ),
            SubTask(
                "중소벤처기업청·고용노동청 협업 활성화",
                "0.3",
                20,
                "in_progress",
                "지역 정부기관 협업 협의체 구성 추진.",
            ),
        ),
    ),
}


# Seed 002 names the ten recommendations by field; rounds and dates are examples.
RECOMMENDATIONS = [
    Recommendation(
        1,
        D(2018, 12, 18),
        "공공기관혁신특별위원회",
        "시 공공기관 혁신",
        "기획조정실",
        70,
        "시 공공기관 통합채용과 민간면접위원 인력풀제로 채용의 투명·공정성을 강화했다. "
        "다른 지자체의 벤치마킹 대상이 되고 있다.",
    ),
    Recommendation(
        2,
        D(2019, 1, 22),
        "행정·복지분과위원회",
        "시정 청렴문화 확산",
        "기획조정실",
        60,
        "시 재정사업 사전컨설팅제 도입, 비리·부조리에 대한 부서장 책임 강화, 적극행정 인센티브 확대.",
    ),
    Recommendation(
        2,
        D(2019, 1, 22),
        "행정·복지분과위원회",
        "용역 관리 혁신",
        "기획조정실",
        50,
        "용역심의 절차를 강화하고 공무원-전문가 그룹 기획연구를 확대해 용역 남발을 막았다.",
    ),
    Recommendation(
        3,
        D(2019, 3, 26),
        "문화·체육·관광분과위원회",
        "시립예술단 활성화",
        "전략추진단",
        30,
        "국악 상설공연 신설을 시작으로 문화예술단체, 예술단 노조의 의견을 듣고 있다.",
    ),
    Recommendation(
        3,
        D(2019, 3, 26),
        "문화·체육·관광분과위원회",
        "유네스코 미디어아트 창의도시 사업 시민 중심 전환",
        "전략추진단",
        20,
        "문화재단 등 관계 기관·단체의 의견을 들어 실행계획을 마련할 계획이다.",
    ),
    Recommendation(
        4,
        D(2019, 5, 28),
        "문화·체육·관광분과위원회",
        "도서관정책 재정립",
        "도시계획과",
        25,
        "상무쓰레기소각장을 리모델링해 대표 도서관을 건립하는 방안 등을 구체화하고 있다.",
    ),
    Recommendation(
        5,
        D(2019, 7, 23),
        "경제·산업분과위원회",
        "스마트제조혁신",
        "전략추진단",
        0,
        "스마트공장 재정투자를 2019년 5억원에서 2020년 40억원으로 늘리고 지역 정부기관과 협업한다.",
    ),
    Recommendation(
        5,
        D(2019, 7, 23),
        "4차산업혁명분과위원회",
        "규제샌드박스 선제 대응",
        "전략추진단",
        40,
        "인공지능, 자동차 등 규제자유특구 지정을 신청하는 등 정부 정책에 선제 대응하고 있다.",
    ),
    Recommendation(
        6,
        D(2019, 9, 24),
        "복지혁신특별위원회",
        "광주형 복지모델 구축",
        "복지건강국",
        20,
        "복지혁신기획단을 발족하고 시민토론회 등 의견수렴으로 혁신안을 구체화하고 있다.",
    ),
    Recommendation(
        6,
        D(2019, 9, 24),
        "건설·교통·환경분과위원회",
        "미세먼지 건강취약계층 보호",
        "복지건강국",
        15,
        "미세먼지 건강취약계층 보호 대책을 복지 분야 혁신과제로 추진하고 있다.",
    ),
]


# 바로소통광주 proposals: (title, body, stage). Stages are reached through the services.
CITIZEN_PROPOSALS = [
    (
        "수완지구 출근 시간 버스 배차 간격 단축",
        "출근 시간에 수완지구에서 시내로 가는 버스 배차 간격이 20분이 넘습니다. 출근 시간대 증차를 제안합니다.",
        "collecting",
    ),
    (
        "횡단보도 그늘막 설치 확대",
        "여름철 신호를 기다리는 동안 햇볕을 피할 곳이 없습니다. 큰 교차로부터 그늘막을 설치해 주세요.",
        "debate",
    ),
    (
        "학대피해 아동 보호 전문기관 확충",
        "학대피해 아동을 보호할 전문기관과 쉼터가 부족합니다. 권역별로 확충해 주세요.",
        "review",
    ),
    ("공공도서관 평일 야간 개관", "직장인도 이용할 수 있도록 평일 밤 10시까지 공공도서관을 열어 주세요.", "accepted"),
    (
        "반려견 놀이터 조성",
        "도심에 반려견이 뛰어놀 공간이 부족합니다. 근린공원 한쪽에 반려견 놀이터를 만들어 주세요.",
        "partial",
    ),
    ("시청 앞 광장 주말 차 없는 거리 운영", "주말마다 시청 앞 도로를 막고 시민 광장으로 쓰면 좋겠습니다.", "rejected"),
    ("심야 버스 노선 신설", "밤 11시 이후 첨단지구와 상무지구를 잇는 버스가 없습니다.", "withdrawn"),
    ("골목길 LED 가로등 교체", "골목 가로등이 어둡고 자주 꺼집니다. LED 가로등으로 바꿔 주세요.", "expired"),
    ("청년 창업 공유 사무실 지원", "청년 창업가를 위한 저렴한 공유 사무실과 창업 상담을 지원해 주세요.", "recommended"),
]


# Seed 004, chapter three: what Gwangmyeong's governance achieved.
GWANGMYEONG_OUTCOMES = [
    ("민주시민교육네트워크 구성", "Democratic citizenship education network"),
    ("코로나19 복지사각지대 발굴", "Finding people outside welfare during COVID-19"),
    ("환경교육도시 추진", "Environmental education city"),
    ("통학로 안전 개선", "Safer routes to school"),
    ("구로차량기지 광명 이전 백지화", "Guro rail depot relocation to Gwangmyeong cancelled"),
    ("주민세 마을사업", "Village projects funded by the resident tax"),
    ("청년숙의예산 시행", "Youth deliberative budget"),
]
