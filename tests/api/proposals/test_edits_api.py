"""Authors edit a proposal and edit or delete their comments through the API."""

from __future__ import annotations

import pytest

from hyeopchi.proposals import services
from tests.support.helpers import client_for, send_json
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_the_author_edits_an_unsupported_proposal(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")

    response = send_json(
        client_for(baro.author.user),
        f"/api/v1/proposals/{proposal.pk}",
        {"title": "도서관 평일 야간 개관", "body": "평일 밤 10시까지."},
        method="patch",
    )

    assert (response.status_code, response.json()["title"]) == (200, "도서관 평일 야간 개관")


def test_editing_a_supported_proposal_is_a_conflict(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    services.support(actor=people(1)[0], proposal=proposal)

    response = send_json(
        client_for(baro.author.user),
        f"/api/v1/proposals/{proposal.pk}",
        {"title": "다른 제목입니다", "body": "다른 내용"},
        method="patch",
    )

    assert (response.status_code, response.json()["error"]["code"]) == (409, "proposals.not_editable")


def test_a_comment_is_edited_then_deleted(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    client = client_for(writer.user)
    address = f"/api/v1/proposals/{proposal.pk}/comments/{comment.pk}"

    edited = send_json(client, address, {"body": "좋아요. 주말도요."}, method="patch")
    deleted = client.delete(address)
    listed = client.get(f"/api/v1/proposals/{proposal.pk}/comments")

    assert (edited.status_code, edited.json()["body"]) == (200, "좋아요. 주말도요.")
    assert edited.json()["edited_at"] is not None
    assert deleted.status_code == 204
    assert listed.json() == []


def test_someone_elses_comment_cannot_be_deleted(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer, other = people(2)
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")

    response = client_for(other.user).delete(f"/api/v1/proposals/{proposal.pk}/comments/{comment.pk}")

    assert response.status_code == 403
