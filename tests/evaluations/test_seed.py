"""A draw nobody can predict or choose: a salted seed, optionally combined with a future public value."""

from __future__ import annotations

import pytest

from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.evaluations import assignment, services
from hyeopchi.evaluations.models import Round

pytestmark = pytest.mark.django_db

SEED = "2027 평가#0123456789abcdef0123456789abcdef"


def test_a_new_seed_ends_in_a_salt_of_32_hex_digits():
    seed = assignment.new_seed("2027 평가")

    assert seed.startswith("2027 평가#")
    assert len(seed.rsplit("#", 1)[1]) == 32
    assert assignment.has_salt(seed) is True
    assert assignment.new_seed("2027 평가") != seed


def test_a_phrase_alone_has_no_salt():
    assert assignment.has_salt("광주 동행평가 2024 시드") is False


def test_the_public_value_changes_the_seed_the_draw_runs_on():
    assert assignment.drawing_seed(SEED) == SEED
    assert assignment.drawing_seed(SEED, " 3 11  19 27 33 41 + 7 ") == f"{SEED}\x1f3 11 19 27 33 41 + 7"


def test_a_draw_with_an_unsalted_seed_is_refused(drawable_round):
    round_, office = drawable_round
    weak = "평가 추첨 시드"
    services.commit_seed(actor=office, round_=round_, commitment=assignment.commitment(weak))

    with pytest.raises(ValidationFailedError) as error:
        services.run_draw(actor=office, round_=Round.objects.get(pk=round_.pk), seed=weak)

    assert error.value.field_messages() == {
        "seed": [
            "시드가 16진수 32자리 이상의 무작위 솔트로 끝나지 않아, 공약값만으로 누구나 시드를 찾을 수 있었습니다. "
            "솔트를 붙인 새 시드로 다시 공약하세요."
        ]
    }


def test_a_round_naming_a_public_value_draws_on_the_seed_combined_with_it(drawable_round):
    round_, office = drawable_round
    services.commit_seed(
        actor=office,
        round_=round_,
        commitment=assignment.commitment(SEED),
        beacon_source="동행복권 로또 6/45 제1250회 당첨번호",
    )

    with pytest.raises(ValidationFailedError) as missing:
        services.run_draw(actor=office, round_=Round.objects.get(pk=round_.pk), seed=SEED)
    services.run_draw(
        actor=office, round_=Round.objects.get(pk=round_.pk), seed=SEED, beacon_value="3 11 19 27 33 41 + 7"
    )
    drawn = Round.objects.get(pk=round_.pk)

    assert missing.value.field_messages() == {
        "beacon_value": ["라운드가 정한 공개값을 입력하세요: 동행복권 로또 6/45 제1250회 당첨번호."]
    }
    assert (drawn.seed, drawn.beacon_value) == (SEED, "3 11 19 27 33 41 + 7")
