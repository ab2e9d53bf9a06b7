"""White paper pages: the public list and web edition with its files, and the staff's workshop
(creating a paper, narrative through review, editions)."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from hyeopchi.reports import editions, services
from hyeopchi.reports.enums import EditionStatus, PassageStatus
from hyeopchi.reports.models import Passage, WhitePaper
from tests.factories import SYSTEM, UserFactory
from tests.support.helpers import client_for, download, text_of

pytestmark = pytest.mark.django_db

SPEC = services.PaperSpec("광주 협치 백서", dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def administrator(site: Organization):
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=site, role=OrganizationRoleName.ADMINISTRATOR)
    return user


@pytest.fixture
def paper(gwangju_city: Organization) -> WhitePaper:
    created = services.create_white_paper(actor=SYSTEM, site=gwangju_city, spec=SPEC)
    passage = services.write_passage(
        actor=SYSTEM, chapter=created.chapters.get(number=1), text="이 해 {{bodies}}개 기구가 있었다.", heading="머리말"
    )
    services.submit_passage(actor=SYSTEM, passage=passage)
    services.approve_passage(actor=SYSTEM, passage=passage)
    return created


@pytest.fixture
def published(paper: WhitePaper) -> WhitePaper:
    editions.queue_edition(actor=SYSTEM, paper=paper, as_of=dt.date(2021, 12, 31))
    return paper


def test_the_public_list_hides_a_paper_without_an_edition(paper):
    response = client_for(None).get("/gwangju/white-papers/")

    assert "광주 협치 백서" not in text_of(response)
    assert "아직 발행된 백서가 없습니다." in text_of(response)


def test_the_public_list_shows_the_newest_edition_with_its_files(published):
    response = client_for(None).get("/gwangju/white-papers/")

    assert "광주 협치 백서" in text_of(response)
    assert f"/gwangju/white-papers/{published.pk}/v1.pdf" in response.content.decode()


def test_the_web_edition_prints_the_narrative_with_its_live_figure(published):
    response = client_for(None).get(f"/gwangju/white-papers/{published.pk}/")

    assert response.status_code == 200
    assert "이 해 0 개 기구가 있었다." in text_of(response)
    assert "제1장 민관협치의 목표와 체계" in text_of(response)


def test_an_edition_that_does_not_exist_is_not_found(published):
    assert client_for(None).get(f"/gwangju/white-papers/{published.pk}/?v=9").status_code == 404


def test_an_edition_number_that_is_not_ascii_digits_shows_the_latest(published):
    for bad in ("²", "9" * 5000):
        response = client_for(None).get(f"/gwangju/white-papers/{published.pk}/?v={bad}")

        assert response.status_code == 200
        assert "제1장 민관협치의 목표와 체계" in text_of(response)


def test_a_paper_without_an_edition_is_not_found_by_the_public(paper):
    assert client_for(None).get(f"/gwangju/white-papers/{paper.pk}/").status_code == 404


def test_the_pdf_and_hwpx_files_download_with_their_types(published):
    client = client_for(None)
    pdf = client.get(f"/gwangju/white-papers/{published.pk}/v1.pdf")
    hwpx = client.get(f"/gwangju/white-papers/{published.pk}/v1.hwpx")

    assert (pdf["Content-Type"], download(pdf)[:5]) == ("application/pdf", b"%PDF-")
    assert (hwpx["Content-Type"], download(hwpx)[:2]) == ("application/hwp+zip", b"PK")
    assert client.get(f"/gwangju/white-papers/{published.pk}/v1.docx").status_code == 404


def test_a_citizen_cannot_open_the_workshop(paper):
    response = client_for(UserFactory()).get(f"/gwangju/white-papers/{paper.pk}/workshop/")

    assert response.status_code == 403


def test_an_administrator_creates_a_paper_with_five_chapters(gwangju_city):
    response = client_for(administrator(gwangju_city)).post(
        "/gwangju/white-papers/new/",
        {"title": "2024 협치 백서", "period_start": "2024-01-01", "period_end": "2024-12-31"},
    )

    created = WhitePaper.objects.get(title="2024 협치 백서")
    assert response.status_code == 302
    assert response["Location"] == f"/gwangju/white-papers/{created.pk}/workshop/"
    assert created.chapters.count() == 5


def test_a_passage_with_an_unknown_figure_is_refused_on_the_form(paper):
    chapter = paper.chapters.get(number=2)
    response = client_for(administrator(paper.site)).post(
        f"/gwangju/white-papers/{paper.pk}/chapters/{chapter.pk}/passages/new/", {"heading": "", "text": "{{nope}}회"}
    )

    assert response.status_code == 422
    assert "알 수 없는 수치: {{nope}}. 쓸 수 있는 수치는 본문 옆에 있습니다." in text_of(response)


def test_a_passage_goes_from_draft_through_review_to_print(paper):
    writer, approver = client_for(administrator(paper.site)), client_for(administrator(paper.site))
    chapter = paper.chapters.get(number=2)
    writer.post(
        f"/gwangju/white-papers/{paper.pk}/chapters/{chapter.pk}/passages/new/", {"text": "{{meetings_held}}회"}
    )
    passage = Passage.objects.get(chapter=chapter)
    review = f"/gwangju/white-papers/{paper.pk}/passages/{passage.pk}"

    writer.post(f"{review}/submit/")
    own = writer.post(f"{review}/approve/", follow=True)
    passage.refresh_from_db()
    assert passage.status == PassageStatus.IN_REVIEW
    assert "본문은 사이트 관리자가 승인하며, 작성자 본인은 승인할 수 없습니다." in text_of(own)

    approver.post(f"{review}/approve/")
    passage.refresh_from_db()
    assert (passage.status, passage.approved_text) == (PassageStatus.APPROVED, "{{meetings_held}}회")


def test_a_return_reason_longer_than_the_form_allows_is_refused_and_the_passage_stays_in_review(paper):
    writer, reviewer = administrator(paper.site), client_for(administrator(paper.site))
    passage = services.write_passage(actor=Actor.for_user(writer), chapter=paper.chapters.get(number=2), text="초안")
    services.submit_passage(actor=Actor.for_user(writer), passage=passage)

    response = reviewer.post(
        f"/gwangju/white-papers/{paper.pk}/passages/{passage.pk}/return/", {"reason": "가" * 1001}, follow=True
    )

    passage.refresh_from_db()
    assert passage.status == PassageStatus.IN_REVIEW
    assert "이 값이 최대 1000 개의 글자인지 확인하세요(입력값 1001 자)." in text_of(response)


def test_asking_for_an_edition_generates_it_and_the_workshop_lists_it(paper):
    client = client_for(administrator(paper.site))

    response = client.post(f"/gwangju/white-papers/{paper.pk}/editions/new/", {"as_of": "2021-12-31"})

    edition = paper.editions.get()
    assert response["Location"] == f"/gwangju/white-papers/{paper.pk}/workshop/#editions"
    assert (edition.number, edition.status, edition.pages) == (1, EditionStatus.DONE, 7)
    table = client.get(f"/gwangju/white-papers/{paper.pk}/editions/")
    assert "v1 2021-12-31 완료 7" in text_of(table)


def test_an_edition_as_of_a_day_before_the_period_is_refused_with_a_message(paper):
    response = client_for(administrator(paper.site)).post(
        f"/gwangju/white-papers/{paper.pk}/editions/new/", {"as_of": "2020-12-31"}, follow=True
    )

    assert "기간이 시작되기 전 날을 기준일로 할 수 없습니다." in text_of(response)
    assert paper.editions.count() == 0
