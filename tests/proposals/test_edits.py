"""Authors change their own words: a proposal until its first support (then only withdrawn), a
comment at any time (edited or deleted), with the earlier text kept for moderators."""

from __future__ import annotations

import pytest

from hyeopchi.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailedError
from hyeopchi.proposals import selectors, services
from hyeopchi.proposals.models import Proposal, Revision
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_an_unsupported_proposal_is_edited_and_its_earlier_text_kept(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")

    services.edit_proposal(
        actor=baro.author, proposal=proposal, title="도서관 평일 야간 개관", body="평일 밤 10시까지."
    )

    proposal.refresh_from_db()
    assert (proposal.title, proposal.body) == ("도서관 평일 야간 개관", "평일 밤 10시까지.")
    assert list(Revision.objects.filter(proposal=proposal).values_list("change", "title", "body")) == [
        ("edited", "도서관 야간 개관", "밤에도 열어 주세요.")
    ]


def test_a_supported_proposal_can_no_longer_be_edited(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    services.support(actor=people(1)[0], proposal=proposal)

    with pytest.raises(ConflictError) as refused:
        services.edit_proposal(actor=baro.author, proposal=proposal, title="다른 제목입니다", body="다른 내용")

    assert refused.value.code == "proposals.not_editable"
    assert Proposal.objects.get(pk=proposal.pk).title == "도서관 야간 개관"


def test_only_the_author_edits_a_proposal(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")

    with pytest.raises(PermissionDeniedError):
        services.edit_proposal(actor=people(1)[0], proposal=proposal, title="남이 바꾼 제목", body="내용")


def test_an_edited_proposal_keeps_the_title_rules(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")

    with pytest.raises(ValidationFailedError) as refused:
        services.edit_proposal(actor=baro.author, proposal=proposal, title="짧", body="내용")

    assert list(refused.value.fields) == ["title"]


def test_an_edited_comment_shows_the_new_text_and_keeps_the_old(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")

    services.edit_comment(actor=writer, comment=comment, body="좋아요. 주말도 부탁합니다.")

    comment.refresh_from_db()
    assert comment.body == "좋아요. 주말도 부탁합니다."
    assert comment.edited_at is not None
    assert [(r.change, r.body) for r in selectors.revisions_of(comment)] == [("edited", "좋아요")]


def test_someone_else_cannot_edit_a_comment(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer, other = people(2)
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")

    with pytest.raises(PermissionDeniedError):
        services.edit_comment(actor=other, comment=comment, body="바꿨습니다")


def test_a_deleted_comment_leaves_the_page_and_the_count(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")

    services.delete_comment(actor=writer, comment=comment)

    assert selectors.visible_comments(proposal) == []
    assert Proposal.objects.get(pk=proposal.pk).comment_count == 0
    assert [(r.change, r.body) for r in selectors.revisions_of(comment)] == [("deleted", "좋아요")]


def test_a_deleted_comment_with_replies_stays_as_an_empty_marker(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer, replier = people(2)
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    services.add_comment(actor=replier, proposal=proposal, body="저도요", parent=comment)

    services.delete_comment(actor=writer, comment=comment)

    [marker] = selectors.visible_comments(proposal)
    assert (marker.pk, marker.body) == (comment.pk, "")
    assert [reply.body for reply in marker.visible_replies] == ["저도요"]


def test_a_deleted_comment_cannot_be_deleted_or_edited_again(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    services.delete_comment(actor=writer, comment=comment)

    with pytest.raises(NotFoundError):
        services.edit_comment(actor=writer, comment=comment, body="다시")


def test_nobody_can_report_their_own_comment(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    comment = services.add_comment(actor=baro.author, proposal=proposal, body="제 의견입니다.")

    with pytest.raises(ValidationFailedError) as error:
        services.report_content(actor=baro.author, comment=comment, reason="spam")

    assert error.value.field_messages() == {"target": ["자신이 쓴 글은 신고할 수 없습니다."]}
    assert comment.report_count == 0
