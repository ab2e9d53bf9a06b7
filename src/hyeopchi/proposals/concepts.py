"""Civic concepts: the words people use for the same thing when they ask their city for it.

Two proposals about dog waste in a park may share no word: one writes 개똥 and 봉투함, the other
반려동물 배설물. Each line below is one concept, named by its first word, followed by the words
(as the morphological analyser gives them, ``core.korean``) that stand for it in a request.
The analyser cuts some compounds (반려동물 → 반려 + 동물, 분리배출 → 분리 + 배출), so a group also
lists the telling part where it means nothing else in a request. ``similarity`` compares
proposals by these concepts. The list was written from the requests of
the similarity benchmark's tuning set (bench/data/similar_proposals.py) and common civic
vocabulary; the held-out set measures it. A word that means something else in other requests stays
out (분리 in 차도와 분리, 걷 in 걸어서 갈 수 있는, 신설 of anything), and care of children (보육)
and care of anyone (돌봄) are two concepts. A word belongs to one concept at most; words that could
mean two things in a request (시장: a market or the mayor; 일: work or a day) are left out.
"""

from __future__ import annotations

GROUPS = (
    "버스 시내버스 마을버스 노선버스 좌석버스 광역버스",
    "밤 야간 심야 새벽 막차 밤늦",
    "노선 경유 운행",
    "배차 증차 간격 배차간격",
    "주차 주차장 주차난 공영주차장 주차면 주차구역 주차공간",
    "도서관 작은도서관 공공도서관 열람실 서가 북카페",
    "반려견 반려동물 반려 강아지 애완견 견주 펫 애견 개",
    "놀이터 놀이시설 미끄럼틀 그네 놀이기구 놀이",
    "조명 가로등 보안등 불빛 전등 led 조도 밝",
    "어둡 캄캄 깜깜 컴컴",
    "자전거 자전거길 공공자전거 따릉이 타랑께 자전거도로",
    "일자리 취업 채용 구직 고용",
    "청년 젊은이 사회초년생",
    "재활용 분리수거 분리배출 배출 페트병 재활용품 활용품",
    "쓰레기 폐기물 생활쓰레기",
    "무단투기 투기 불법투기",
    "어르신 노인 홀몸 독거 고령자 노년",
    "경로당 노인정 노인복지관",
    "카메라 단속카메라 과속카메라 무인카메라",
    "과속 속도 시속",
    "보호구역 스쿨존 스쿨 어린이보호구역",
    "통학 등하교 등교 하교 학원",
    "정차 승하차 정차장 정차구역",
    "화장실 공중화장실 변소",
    "공원 근린공원 호수공원 어린이공원 소공원",
    "고양이 길고양이 길냥이 냥이 캣맘",
    "중성화 중성 tnr",
    "소음 시끄럽 층간소음 진동 굉음 소리",
    "공사 공사장 건설 재개발 굴착기 공사현장",
    "음식물 음식물쓰레기 잔반",
    "보도 인도 보도블록 블록 보행로 보도블럭 블럭",
    "포트홀 패임 구멍 움푹 파임 파이 패이",
    "충전 충전소 충전기 전기차 충전시설",
    "와이파이 wifi 무선인터넷 공공와이파이",
    "보육 어린이집 육아 보육시설",
    "돌봄 돌보 아이돌봄",
    "창업 스타트업 사무공간 공유오피스 오피스 창업가",
    "전통시장 재래시장 상인",
    "지역화폐 화폐 상품권 지역사랑상품권 지역상품권",
    "장애인 장애 휠체어 무장애 배리어프리",
    "저상버스 저상",
    "미세먼지 먼지 대기오염 공기질 황사",
    "나무 가로수 숲 녹지 식재 나무심기 도시숲",
    "체육 체육관 체육시설 운동기구 헬스 헬스장 체력 체력단련 야외헬스장 운동",
    "산책로 둘레길 둘레 걷기 산책 트레킹 산책길",
    "침수 홍수 배수 빗물 폭우 장마 물난리 배수로 하수 하수관 하수구 역류 호우 집중호우",
    "제설 눈 빙판 염화칼슘 칼슘 결빙 폭설 제설제",
    "횡단보도 건널목",
    "신호 신호등 보행신호",
    "방지턱 과속방지턱 턱 험프",
    "치매 인지증",
    "검진 검사 선별검사 건강검진",
    "냉난방 냉방 난방 난방비 냉방비 냉난방비 에어컨 보일러",
    "한국어 언어 어학",
    "안부 고독사 안부전화",
    "온라인 모바일 비대면 전자",
    "서류 증명서 발급 민원서류",
    "주거 월세 전세 임대 집값 보증금 임대주택 공공임대 셰어하우스 공유주택 청년주택",
    "다문화 이주민 외국인 결혼이민 이주여성",
    "청소년 중고생 십대",
    "민원 전자민원",
    "정류장 승강장 정류소 버스정류장",
    "그늘막 차양 파라솔 그늘 햇빛가리개 가리개",
    "폭염 더위 무더위 햇볕 햇빛 땡볕 열대야",
    "흡연 담배 금연 간접흡연 꽁초 흡연자",
    "모기 해충 유충 방역 방제 소독 살충",
    "빈집 폐가 공가 폐건물",
    "유기동물 유기 유기견 보호소 유기묘 입양 보호센터 유기견보호소",
    "배설물 배변 분변 똥 개똥 오물",
    "cctv 방범 방범카메라 감시카메라 폐쇄회로 회로",
)


def _concepts() -> dict[str, str]:
    concepts: dict[str, str] = {}
    for line in GROUPS:
        words = line.split()
        for word in words:
            if word in concepts:
                raise ValueError(f"{word} stands for two concepts")
            concepts[word] = words[0]
    return concepts


CONCEPTS = _concepts()


def concept(word: str) -> str:
    """The concept ``word`` stands for, or the word itself."""
    return CONCEPTS.get(word, word)
