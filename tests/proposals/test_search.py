"""Searching proposals by their content words (kiwipiepy): particles aside, compounds with or without
spaces alike, every word required, one-letter words too."""

from __future__ import annotations

import pytest

from hyeopchi.core import korean
from hyeopchi.proposals import selectors
from hyeopchi.proposals.models import Proposal
from tests.support.proposals import SUBMITTED, Baro, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(baro: Baro) -> dict[str, Proposal]:
    texts = [
        ("출근 시간 버스 배차 간격 단축", "수완지구 버스가 20분마다 옵니다."),
        ("횡단보도 그늘막 설치", "여름에 그늘막이 필요합니다."),
        ("심야 버스 노선 신설", "밤 11시 이후 버스가 없습니다."),
    ]
    return baro.propose_all(texts, actor=people(1, "finder")[0], now=SUBMITTED)


def titles(baro: Baro, query: str) -> list[str]:
    return sorted(p.title for p in selectors.proposals_list(baro.city, query=query))


def test_every_word_must_appear_particles_aside(baro: Baro, three):
    assert titles(baro, "버스") == ["심야 버스 노선 신설", "출근 시간 버스 배차 간격 단축"]
    assert titles(baro, "버스 배차") == ["출근 시간 버스 배차 간격 단축"]
    assert titles(baro, "그늘막을") == ["횡단보도 그늘막 설치"]
    assert titles(baro, "밤") == ["심야 버스 노선 신설"]
    assert titles(baro, "지하철") == []


def test_a_changed_title_is_found_by_its_new_words(baro: Baro, three):
    proposal = three["심야 버스 노선 신설"]
    proposal.title = "심야 지하철 연장 운행"
    proposal.save(update_fields=["title"])
    assert titles(baro, "지하철") == ["심야 지하철 연장 운행"]
    assert titles(baro, "노선") == []


def test_a_compound_written_without_its_space_finds_the_words_written_apart(baro: Baro, three):
    assert titles(baro, "버스노선") == ["심야 버스 노선 신설"]
    assert titles(baro, "배차간격을") == ["출근 시간 버스 배차 간격 단축"]


def test_part_of_a_long_word_finds_it(baro: Baro, three):
    assert titles(baro, "횡단") == ["횡단보도 그늘막 설치"]


def test_a_query_of_only_signs_reads_the_text_directly(baro: Baro, three):
    assert titles(baro, "20분") == ["출근 시간 버스 배차 간격 단축"]
    assert titles(baro, "!!") == []


def test_the_terms_of_a_text_are_its_content_words_and_the_pieces_of_long_ones():
    assert korean.index_terms("횡단보도에 그늘막을 설치해 주세요") == [
        "횡단보도",
        "횡단",
        "단보",
        "보도",
        "그늘",
        "막",
        "설치",
    ]
    assert korean.query_terms("심야버스 노선을 만들어 주세요") == ["심야", "버스", "노선", "만들"]
