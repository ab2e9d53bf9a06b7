"""Proposal and task pages through Django's test client: writing, supporting, files in and out."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hyeopchi.core.actor import Actor
from hyeopchi.core.models import AuditEvent
from hyeopchi.proposals import services
from hyeopchi.proposals.models import Proposal
from hyeopchi.tasks import services as task_services
from hyeopchi.tasks.models import Task
from tests.factories import SYSTEM
from tests.support.helpers import client_for
from tests.support.proposals import Baro, people

pytestmark = pytest.mark.django_db


def test_writing_shows_similar_proposals_before_publishing(baro: Baro):
    services.create_proposal(actor=people(1, "w")[0], addressee=baro.city, title="횡단보도 그늘막 설치 요청",
                             body="신호 대기 중 햇볕을 피할 그늘막이 필요합니다.")  # fmt: skip
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
    proposal = services.create_proposal(actor=baro.author, addressee=baro.city, title="심야 버스 노선 신설",
                                        body="심야 노선이 필요합니다.")  # fmt: skip
    client = client_for(people(1, "s")[0].user)
    client.post(f"/gwangju/proposals/{proposal.pk}/support/do/")
    again = client.post(f"/gwangju/proposals/{proposal.pk}/support/do/", follow=True)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert "이미 공감한 제안입니다." in again.content.decode()
    assert client.post(f"/gwangju/proposals/{proposal.pk}/dance/do/").status_code == 404


def test_a_bad_import_through_the_page_lists_every_problem_and_writes_nothing(baro: Baro):
    client = client_for(baro.city_staff)
    before = (Task.objects.count(), AuditEvent.objects.count())
    bad = "제목,주관 기관,진행률\n첫 과제,광주광역시,10\n,없는기관,abc\n".encode("cp949")
    response = client.post(
        "/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", bad)}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "3행 ‘제목’: 반드시 채워야 하는 열입니다." in html
    assert "3행 ‘주관 기관’: 이 사이트에 없는 기관입니다: “없는기관”" in html
    assert "3행 ‘진행률’: 0부터 100 사이의 수를 쓰세요." in html
    assert (Task.objects.count(), AuditEvent.objects.count()) == before
    good = "제목,주관 기관,진행률\n첫 과제,광주광역시,10\n".encode()
    response = client.post(
        "/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)}
    )
    assert (response.status_code, Task.objects.get().progress) == (302, Decimal(10))
    outsider = client_for(people(1, "o")[0].user)
    response = outsider.post(
        "/gwangju/import/", {"what": "tasks", "file": SimpleUploadedFile("t.csv", good)}
    )
    assert response.status_code == 422
    assert Task.objects.count() == 1


def test_lists_and_the_review_download_as_csv_and_xlsx(baro: Baro):
    rec = services.create_proposal(actor=SYSTEM, addressee=baro.city, kind="recommendation", title="청년 창업 공간 권고",
                                   body="공유 사무실", author_organization=baro.rights_committee, round_number=1, number=1)  # fmt: skip
    task_services.answer_with_task(actor=Actor.for_user(baro.city_staff), answer=rec.answers.get(),
                                   outcome="accepted", text="수용합니다.")  # fmt: skip
    client = client_for(None)
    csv_body = client.get("/gwangju/proposals.csv").content
    assert csv_body.startswith("\ufeff제안 번호,종류,제목".encode())
    assert "청년 창업 공간 권고" in csv_body.decode("utf-8-sig")
    english = client.get("/en/gwangju/tasks.csv").content.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("id,title,owner,kind")
    review = client.get(f"/gwangju/organizations/{baro.rights_committee.pk}/review.xlsx")
    sheet = load_workbook(io.BytesIO(review.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["차수", "번호", "권고", "상태"]
    assert [c.value for c in sheet[2]][:5] == [1, 1, "청년 창업 공간 권고", "수용", "수용"]
    assert (
        client.get(f"/gwangju/organizations/{baro.rights_committee.pk}/review.pdf").status_code
        == 404
    )


def test_people_choose_how_notifications_reach_them_and_read_them(
    baro: Baro, django_capture_on_commit_callbacks
):
    from hyeopchi.core.models import NotificationSetting

    client = client_for(baro.author.user)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.create_proposal(actor=baro.author, addressee=baro.city, title="공원 벤치 추가 설치",
                                            body="쉴 곳이 부족합니다.")  # fmt: skip
        services.withdraw_proposal(actor=baro.author, proposal=proposal)
    page = client.get("/gwangju/proposals/").content.decode()
    assert 'href="/accounts/notifications/"' in page
    html = client.get("/en/accounts/notifications/").content.decode()
    assert (
        f'<a href="/gwangju/proposals/{proposal.pk}/">“공원 벤치 추가 설치”: withdrawn</a>' in html
    )
    assert client.post("/accounts/notifications/", {"email_frequency": "daily"}).status_code == 302
    assert NotificationSetting.objects.get(user__username="author").email_frequency == "daily"
    assert client.post("/accounts/notifications/", {"email_frequency": "hourly"}).status_code == 200
    assert client_for(None).get("/accounts/notifications/").status_code == 302


def test_a_moderator_blocks_the_author_of_a_reported_comment(baro: Baro):
    from hyeopchi.organizations.enums import OrganizationRoleName
    from hyeopchi.organizations.services import assign_role
    from hyeopchi.proposals.models import Block, Comment
    from tests.factories import UserFactory

    proposal = services.create_proposal(actor=baro.author, addressee=baro.city, title="도서관 주차장 확충",
                                        body="주차 공간이 부족합니다.")  # fmt: skip
    spammer = people(1, "spam")[0]
    comment = services.add_comment(actor=spammer, proposal=proposal, body="광고 링크")
    moderator = UserFactory(username="site-moderator")
    assign_role(
        actor=SYSTEM,
        user=moderator,
        organization=baro.city,
        role=OrganizationRoleName.ADMINISTRATOR,
    )
    client = client_for(moderator)
    assert (
        client_for(baro.author.user).get(f"/gwangju/moderation/block/{comment.pk}/").status_code
        == 403
    )
    response = client.post(f"/gwangju/moderation/block/{comment.pk}/", {"reason": "광고 반복"})
    assert (response.status_code, response["Location"]) == (302, "/gwangju/moderation/")
    assert Block.objects.filter(site=baro.city, user__username="spam0").count() == 1
    assert Comment.objects.get(pk=comment.pk).visibility == "hidden"


def test_staff_add_a_milestone_and_mark_it_done(baro: Baro):
    task = task_services.create_task(actor=SYSTEM, owner=baro.city, title="도서관 야간 개관")
    client = client_for(baro.city_staff)
    response = client.post(
        f"/gwangju/tasks/{task.pk}/milestones/new/", {"title": "시범 운영", "due_on": "2030-03-01"}
    )
    assert response.status_code == 302
    milestone = task.milestones.get()
    assert (
        client_for(people(1, "c")[0].user)
        .post(f"/gwangju/tasks/{task.pk}/milestones/{milestone.pk}/done/")
        .status_code
        == 403
    )
    client.post(f"/gwangju/tasks/{task.pk}/milestones/{milestone.pk}/done/")
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert "시범 운영" in client.get(f"/gwangju/tasks/{task.pk}/").content.decode()


def test_an_answer_names_the_person_who_gave_it(baro: Baro):
    from hyeopchi.organizations.models import Membership, Person, Post

    chair = Person.objects.create(name="권익위원장")
    post = Post.objects.create(organization=baro.rights_committee, name="위원장", role="chair")
    Membership.objects.create(post=post, person=chair, start_date="2020-01-01")
    proposal = services.create_proposal(actor=SYSTEM, addressee=baro.city, kind="recommendation", title="청년 주거 지원 권고",
                                        body="주거비 지원", author_organization=baro.city, round_number=1, number=1)  # fmt: skip
    owed = services.request_answer(
        actor=SYSTEM, proposal=proposal, organization=baro.rights_committee, due_on=None
    )
    client = client_for(baro.committee_staff)
    form = client.get(f"/gwangju/proposals/{proposal.pk}/answers/{owed.pk}/").content.decode()
    assert f'<option value="{chair.pk}">권익위원장</option>' in form
    response = client.post(f"/gwangju/proposals/{proposal.pk}/answers/{owed.pk}/",
                           {"outcome": "replied", "text": "검토 중입니다.", "respondent": chair.pk})  # fmt: skip
    assert response.status_code == 302
    owed.refresh_from_db()
    assert (owed.respondent, owed.outcome) == (chair, "replied")


def test_a_secretary_adopts_an_agenda_item_as_a_task_from_the_meeting_page(gwangju):
    from hyeopchi.meetings import services as meeting_services

    meeting = gwangju.vice_heads.meetings.order_by("start").first()
    secretary = Actor.for_user(gwangju.secretary)
    item = meeting_services.add_agenda_item(actor=secretary, meeting=meeting, title="학대피해 아동쉼터 추가 설치",
                                            kind="decision", presenter=gwangju.deputies[4].organization)  # fmt: skip
    client = client_for(gwangju.secretary)
    page = client.get(f"/gwangju/meetings/{meeting.pk}/").content.decode()
    assert f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/" in page
    response = client.post(f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/", {
        "title": "아동쉼터 통합 추가 설치", "owner": gwangju.city.pk, "kind": "meeting_decision",
        "end_date": "2021-12-31"})  # fmt: skip
    assert (response.status_code, response["Location"]) == (302, f"/gwangju/meetings/{meeting.pk}/")
    task = Task.objects.get()
    assert (task.title, task.owner, task.origin, str(task.end_date)) == (
        "아동쉼터 통합 추가 설치",
        gwangju.city,
        item,
        "2021-12-31",
    )
    again = client.post(f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/",
                        {"title": "다시", "owner": gwangju.city.pk, "kind": "meeting_decision"})  # fmt: skip
    assert again.status_code == 422
    assert "이미 이것으로 만든 과제가 있습니다." in again.content.decode()
    outsider = client_for(people(1, "x")[0].user)
    assert outsider.get(f"/gwangju/meetings/{meeting.pk}/agenda/{item.pk}/task/").status_code == 403
