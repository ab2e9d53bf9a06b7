"""Similar proposals while writing: content morphemes as civic concepts, cosine, threshold 0.35."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps

from hyeopchi.proposals import selectors, similarity
from hyeopchi.proposals.enums import ProposalStatus, Visibility
from hyeopchi.proposals.models import Proposal
from tests.support.proposals import SUBMITTED, Baro, people

recompute = import_module("hyeopchi.proposals.migrations.0007_similarity_terms_again")


def test_a_proposal_becomes_its_concepts_without_particles_endings_and_request_words():
    assert similarity.terms("횡단보도 그늘막이 없습니다") == ["횡단보도", "그늘막", "막"]
    assert similarity.terms("개똥 수거함과 봉투 비치 요청") == ["반려견", "배설물", "수거", "함", "봉투", "비치"]


def test_a_word_that_means_something_else_in_other_requests_stands_for_itself():
    assert (
        similarity.terms("자전거 도로를 차도와 분리해 주세요"),
        similarity.terms("투명 페트병 분리배출"),
        similarity.terms("공공 수영장 신설"),
    ) == (["자전거", "도로", "차도", "분리"], ["투명", "재활용", "분리", "재활용"], ["공공", "수영장", "신설"])


def test_care_of_children_and_care_of_anyone_are_two_concepts():
    assert (similarity.terms("야간 돌봄 확대"), similarity.terms("국공립 어린이집")) == (
        ["밤", "돌봄"],
        ["국공립", "보육"],
    )


def test_requests_in_other_words_share_their_concepts():
    dog_waste = similarity.profile("개똥 수거함과 봉투 비치 요청", "견주들이 봉투가 없다며 배변을 그냥 두고 갑니다.")
    same = similarity.profile("반려동물 배설물 방치 단속", "공원 잔디밭에 개 배설물이 많아 아이들이 놀 수 없습니다.")
    other = similarity.profile("심야 버스 노선 신설", "밤늦게 귀가할 때 버스가 없습니다")
    assert (round(similarity.cosine(dog_waste, same), 4), similarity.cosine(dog_waste, other)) == (0.4229, 0.0)


def test_paraphrases_score_above_the_threshold_and_other_topics_below():
    shade = ("공원에 그늘막을 설치해 주세요", "여름철 햇볕을 피할 곳이 없습니다")
    same = [(1, similarity.stored("횡단보도 그늘막 설치 요청", "신호 대기 중 햇볕을 피할 그늘막이 필요합니다"))]
    other = [(2, similarity.stored("심야 버스 노선 신설", "밤늦게 귀가할 때 버스가 없습니다"))]
    matches = similarity.rank(*shade, same + other)
    assert [(m.key, m.score) for m in matches] == [(1, 0.7089)]


def test_a_proposal_keeps_its_terms_as_often_as_they_count():
    assert similarity.stored("심야 버스", "버스 노선") == " 노선 밤 밤 버스 버스 버스 "


@pytest.mark.django_db
def test_the_site_suggests_similar_public_proposals(baro: Baro):
    texts = [
        ("횡단보도 그늘막 설치 요청", "신호 대기 중 햇볕을 피할 그늘막이 필요합니다"),
        ("심야 버스 노선 신설", "밤늦게 귀가할 때 버스가 없습니다"),
        ("교차로에 그늘막을 늘려 주세요", "폭염에 그늘막이 부족합니다"),
    ]
    baro.propose_all(texts, actor=people(1, "writer")[0])
    found = selectors.similar_proposals(baro.city, "공원에 그늘막을 설치해 주세요", "햇볕을 피할 곳이 없습니다")
    assert [(p.title, score) for p, score in found] == [
        ("횡단보도 그늘막 설치 요청", 0.7338),
        ("교차로에 그늘막을 늘려 주세요", 0.7092),
    ]


@pytest.mark.django_db
def test_only_proposals_that_can_still_be_supported_are_offered_instead(baro: Baro):
    titles = [
        "그늘막 설치 요청 1",
        "그늘막 설치 요청 2",
        "그늘막 설치 요청 3",
        "그늘막 설치 요청 4",
        "그늘막 설치 요청 5",
    ]
    made = baro.propose_all([(t, "햇볕을 피할 그늘막이 필요합니다") for t in titles], actor=people(1, "writer")[0])
    Proposal.objects.filter(pk=made[titles[0]].pk).update(status=ProposalStatus.WITHDRAWN)
    Proposal.objects.filter(pk=made[titles[1]].pk).update(status=ProposalStatus.EXPIRED)
    Proposal.objects.filter(pk=made[titles[2]].pk).update(status=ProposalStatus.NOT_ACCEPTED)
    Proposal.objects.filter(pk=made[titles[3]].pk).update(visibility=Visibility.HIDDEN)
    late = baro.propose("그늘막 설치 요청 6", "햇볕을 피할 그늘막이 필요합니다", now=SUBMITTED)

    found = selectors.similar_proposals(baro.city, "그늘막 설치 요청", "햇볕을 피할 그늘막이 필요합니다")

    assert (late.status, [p.title for p, _ in found]) == (ProposalStatus.SUBMITTED, ["그늘막 설치 요청 5"])


@pytest.mark.django_db
def test_migrating_computes_every_kept_terms_again_with_the_current_concepts(baro: Baro):
    made = baro.propose(
        "자전거 도로를 차도와 분리해 주세요", "차와 같이 달리다 사고가 날 뻔했습니다.", actor=people(1, "writer")[0]
    )
    Proposal.objects.filter(pk=made.pk).update(similarity_terms=" 재활용 ")

    recompute.compute_terms(django_apps, None)

    assert Proposal.objects.get(pk=made.pk).similarity_terms == similarity.stored(made.title, made.body)
