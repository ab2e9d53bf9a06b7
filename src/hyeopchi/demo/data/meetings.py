"""The agenda items of the demo's meetings (seed 000, 002): the districts' representative policies
and innovation tasks, the consultation items forwarded to the 6th 시·구 상생회의, the 2019 report."""

from __future__ import annotations

# Seed 000: each district's representative policy, its civil-service innovation task, and the
# three consultation items carried to the 6th 시·구 상생회의.
POLICIES = [
    ("동구", "쓰레기가 꽃이 되는 ‘꼬(꽃)두메’ 자원순환 마을 조성"),
    ("서구", "서구 시설관리공단 설립"),
    ("남구", "백운광장 도시재생 뉴딜사업"),
    ("북구", "드론 실용화 촉진을 위한 드론특별자유화구역 지정"),
    ("광산구", "행복으路 걷기 광산사업"),
]


INNOVATION_TASKS = [
    ("동구", "우리동네 명예행정(상담)관 제도 광주권역 확대"),
    ("서구", "광주 통합 모바일 플랫폼 구축"),
    ("남구", "친절·신속 민원서비스 ‘Man-to-man빨간펜’"),
    ("북구", "수요자 중심 ‘광주하나로’ 온라인 민원서비스 운영"),
    ("광산구", "광주imap 활용한 365 비대면 민원서비스"),
]


CONSULTATION_ITEMS = [
    ("동구", "문화강좌 비정규직 민생안정자금 지원"),
    ("남구", "코로나19 백신접종 의료인력 확보 대책건의"),
    ("광산구", "학대피해 아동쉼터 광주시 통합 추가설치 요청"),
]


# Seed 002: the recommendations' fields reported on 2019-10-02.
REPORT_ITEMS = [
    "시 공공기관, 시정 청렴문화, 용역 등 공공 분야",
    "시립예술단, 미디어아트 창의도시, 도서관정책 재정립 등 문화·예술 분야",
    "스마트제조혁신, 규제샌드박스 등 경제·산업 분야",
    "광주형 복지모델 구축, 미세먼지 건강취약계층 보호 등 복지 분야",
]
