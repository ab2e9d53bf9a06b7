"""The pages where authors edit a proposal or a comment, delete a comment, and moderators read
what was there before; 내 활동 links to them."""

from __future__ import annotations

import pytest

from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from hyeopchi.proposals import services
from hyeopchi.proposals.models import Comment, Proposal
from hyeopchi.tasks import services as task_services
from tests.factories import SYSTEM, UserFactory
from tests.support.helpers import client_for, text_of
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_the_author_edits_an_unsupported_proposal_from_its_page(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    author = client_for(baro.author.user)
    page = author.get(f"/gwangju/proposals/{proposal.pk}/")

    response = author.post(
        f"/gwangju/proposals/{proposal.pk}/edit/", {"title": "도서관 평일 야간 개관", "body": "평일 밤 10시까지."}
    )

    assert f'href="/gwangju/proposals/{proposal.pk}/edit/"' in page.content.decode()
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/proposals/{proposal.pk}/")
    assert Proposal.objects.get(pk=proposal.pk).title == "도서관 평일 야간 개관"


def test_a_supported_proposal_offers_no_edit_and_refuses_one(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    services.support(actor=people(1)[0], proposal=proposal)
    author = client_for(baro.author.user)

    page = author.get(f"/gwangju/proposals/{proposal.pk}/")
    response = author.post(f"/gwangju/proposals/{proposal.pk}/edit/", {"title": "다른 제목입니다", "body": "다른 내용"})

    assert "/edit/" not in page.content.decode()
    assert response.status_code == 422
    assert "더 이상 고칠 수 없고 철회만 할 수 있습니다" in text_of(response)


def test_a_comment_is_edited_and_marked_as_edited(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    client = client_for(writer.user)

    client.post(f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/edit/", {"body": "좋아요. 주말도요."})
    page = text_of(client.get(f"/gwangju/proposals/{proposal.pk}/"))

    assert "좋아요. 주말도요." in page
    assert "수정됨" in page


def test_deleting_a_comment_asks_first_then_deletes(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    client = client_for(writer.user)
    address = f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/delete/"

    asked = client.get(address)
    done = client.post(address, {"confirm": "1"})

    assert "좋아요" in text_of(asked)
    assert Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).count() == 0
    assert done.status_code == 302
    assert "좋아요" not in text_of(client.get(f"/gwangju/proposals/{proposal.pk}/"))


def test_someone_else_cannot_open_the_delete_page(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer, other = people(2)
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")

    response = client_for(other.user).get(f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/delete/")

    assert response.status_code == 403


def test_moderators_read_a_deleted_comments_text_and_citizens_cannot(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    writer = people(1)[0]
    comment = services.add_comment(actor=writer, proposal=proposal, body="좋아요")
    services.delete_comment(actor=writer, comment=comment)
    address = f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/history/"

    administrator = UserFactory(username="site-moderator")
    assign_role(actor=SYSTEM, user=administrator, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    moderator = client_for(administrator).get(address)
    citizen = client_for(writer.user).get(address)

    assert "좋아요" in text_of(moderator)
    assert "(삭제)" in text_of(moderator)
    assert citizen.status_code == 403


def test_my_activity_links_edits_and_lists_followed_tasks(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    comment = services.add_comment(actor=baro.author, proposal=proposal, body="덧붙입니다")
    task = task_services.create_task(actor=SYSTEM, owner=baro.city, title="야간 개관 시범 운영")
    task_services.follow(actor=baro.author, task=task)

    html = client_for(baro.author.user).get("/accounts/activity/").content.decode()

    assert f'href="/gwangju/proposals/{proposal.pk}/edit/"' in html
    assert f'href="/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/delete/"' in html
    assert f'href="/gwangju/tasks/{task.pk}/">야간 개관 시범 운영</a>' in html
