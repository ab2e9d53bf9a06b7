"""Writing a white paper: the default outline, narrative and its review (the writer does not approve
their own text), live references checked when saved, voices only with consent, the outline's order."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations.enums import OrganizationRoleName
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.services import assign_role
from hyeopchi.reports import services
from hyeopchi.reports.enums import ChapterKind, PassageStatus
from hyeopchi.reports.models import Chapter, WhitePaper
from tests.factories import SYSTEM, UserFactory

pytestmark = pytest.mark.django_db

SPEC = services.PaperSpec("광주 협치 백서", dt.date(2019, 1, 1), dt.date(2023, 12, 31))


def administrator(site: Organization) -> Actor:
    user = UserFactory()
    assign_role(actor=SYSTEM, user=user, organization=site, role=OrganizationRoleName.ADMINISTRATOR)
    return Actor.for_user(user)


@pytest.fixture
def paper(gwangju_city: Organization) -> WhitePaper:
    return services.create_white_paper(actor=SYSTEM, site=gwangju_city, spec=SPEC)


def test_a_new_paper_has_the_five_chapters_of_the_default_outline(paper):
    assert list(paper.chapters.values_list("number", "kind", "title")) == [
        (1, ChapterKind.FOUNDATIONS, "민관협치의 목표와 체계"),
        (2, ChapterKind.PROGRAMS, "주요 협치사업"),
        (3, ChapterKind.OUTCOMES, "협치 성과와 사례"),
        (4, ChapterKind.VOICES, "시민의 목소리"),
        (5, ChapterKind.EVALUATION, "민관협치 평가"),
    ]


def test_a_citizen_cannot_create_a_white_paper(gwangju_city):
    with pytest.raises(PermissionDeniedError):
        services.create_white_paper(actor=Actor.for_user(UserFactory()), site=gwangju_city, spec=SPEC)


def test_a_period_that_ends_before_it_starts_is_refused(gwangju_city):
    spec = services.PaperSpec("백서", dt.date(2023, 1, 1), dt.date(2022, 12, 31))

    with pytest.raises(ValidationFailedError) as refused:
        services.create_white_paper(actor=SYSTEM, site=gwangju_city, spec=spec)

    assert refused.value.field_messages() == {"period_end": ["기간의 끝이 시작보다 앞섭니다."]}


def test_a_passage_referring_to_an_unknown_figure_is_refused_with_its_key(paper):
    chapter = paper.chapters.get(number=1)

    with pytest.raises(ValidationFailedError) as refused:
        services.write_passage(actor=SYSTEM, chapter=chapter, text="{{meetings_held}}회, {{budget}}원, {{oops}}")

    assert refused.value.field_messages() == {
        "text": ["알 수 없는 수치: {{budget}}, {{oops}}. 쓸 수 있는 수치는 본문 옆에 있습니다."]
    }


def test_the_writer_cannot_approve_their_own_passage(paper):
    writer = administrator(paper.site)
    passage = services.write_passage(actor=writer, chapter=paper.chapters.get(number=1), text="본문")
    services.submit_passage(actor=writer, passage=passage)

    with pytest.raises(PermissionDeniedError):
        services.approve_passage(actor=writer, passage=passage)


def test_another_administrator_approves_and_the_text_goes_to_print(paper):
    writer, approver = administrator(paper.site), administrator(paper.site)
    passage = services.write_passage(actor=writer, chapter=paper.chapters.get(number=1), text="본문", heading="머리말")
    services.submit_passage(actor=writer, passage=passage)

    approved = services.approve_passage(actor=approver, passage=passage)

    assert (approved.status, approved.approved_text, approved.approved_heading, approved.approved_by_id) == (
        PassageStatus.APPROVED,
        "본문",
        "머리말",
        approver.user_pk,
    )


def test_changing_an_approved_passage_keeps_the_approved_text_until_approved_again(paper):
    passage = services.write_passage(actor=SYSTEM, chapter=paper.chapters.get(number=1), text="처음 글")
    services.submit_passage(actor=SYSTEM, passage=passage)
    services.approve_passage(actor=SYSTEM, passage=passage)

    changed = services.write_passage(actor=SYSTEM, chapter=passage.chapter, passage=passage, text="고친 글")
    changed.refresh_from_db()

    assert (changed.status, changed.text, changed.approved_text) == (PassageStatus.DRAFT, "고친 글", "처음 글")


def test_a_draft_cannot_be_approved_before_it_is_sent_for_review(paper):
    passage = services.write_passage(actor=SYSTEM, chapter=paper.chapters.get(number=1), text="본문")

    with pytest.raises(InvalidTransitionError):
        services.approve_passage(actor=SYSTEM, passage=passage)


def test_returning_a_passage_needs_a_reason(paper):
    passage = services.write_passage(actor=SYSTEM, chapter=paper.chapters.get(number=1), text="본문")
    services.submit_passage(actor=SYSTEM, passage=passage)

    with pytest.raises(ValidationFailedError) as refused:
        services.return_passage(actor=SYSTEM, passage=passage, reason="  ")

    assert refused.value.field_messages() == {"reason": ["무엇을 고쳐야 하는지 적어 주세요."]}


def test_a_voice_without_a_consent_day_is_refused(paper):
    spec = services.VoiceSpec("주민", "좋았습니다", None, "서명한 동의서")

    with pytest.raises(ValidationFailedError) as refused:
        services.add_voice(actor=SYSTEM, paper=paper, spec=spec)

    assert refused.value.field_messages() == {
        "consent_on": ["말한 사람이 게재에 동의한 날을 적어 주세요(미래 날짜는 안 됩니다)."]
    }


def test_a_voice_with_consent_given_tomorrow_is_refused(paper):
    spec = services.VoiceSpec("주민", "좋았습니다", dt.date(2024, 1, 2), "서명한 동의서")

    with pytest.raises(ValidationFailedError):
        services.add_voice(actor=SYSTEM, paper=paper, spec=spec, today=dt.date(2024, 1, 1))


def test_moving_a_chapter_renumbers_the_others(paper):
    voices = paper.chapters.get(kind=ChapterKind.VOICES)

    services.move_chapter(actor=SYSTEM, chapter=voices, to=1)

    assert list(Chapter.objects.filter(paper=paper).values_list("number", "kind")) == [
        (1, ChapterKind.VOICES),
        (2, ChapterKind.FOUNDATIONS),
        (3, ChapterKind.PROGRAMS),
        (4, ChapterKind.OUTCOMES),
        (5, ChapterKind.EVALUATION),
    ]


def test_moving_a_chapter_past_the_end_is_refused(paper):
    with pytest.raises(ValidationFailedError) as refused:
        services.move_chapter(actor=SYSTEM, chapter=paper.chapters.get(number=1), to=6)

    assert refused.value.field_messages() == {"to": ["1부터 5 사이의 순서를 고르세요."]}
