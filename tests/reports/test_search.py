"""The site search: every public type found, what the public may not see left out, facets counted
as faceted search counts them, snippets marked, entries kept in step with the records."""

from __future__ import annotations

import datetime as dt

import pytest

from hyeopchi.core.actor import Actor
from hyeopchi.meetings.enums import ClosedGround, MeetingStatus
from hyeopchi.meetings.models import Meeting
from hyeopchi.proposals.enums import Visibility
from hyeopchi.proposals.models import Proposal
from hyeopchi.proposals.services import moderation
from hyeopchi.reports import search, search_index
from hyeopchi.reports.models import SearchEntry
from tests.support.search import SearchWorld, hidden_records, hour_meeting

pytestmark = pytest.mark.django_db

EVERY_TYPE = [
    ("budget_project", "어린이공원 그늘막"),
    ("document", "견적서"),
    ("document", "설치 계획서"),
    ("document", "설치 사진 대장"),
    ("document", "점검 결과"),
    ("meeting", "제3차 폭염대책위원회 정기회의"),
    ("minutes", "제3차 폭염대책위원회 정기회의"),
    ("agenda_item", "횡단보도 그늘막 추가 설치"),
    ("proposal", "버스 정류장에 그늘막을 설치해 주세요"),
    ("task", "교차로 그늘막 설치"),
    ("progress_report", "교차로 그늘막 설치"),
]


def found(world: SearchWorld, query: str, filters: search.Filters | None = None) -> list[tuple[str, str]]:
    results = search.search(world.site, query, filters)
    return sorted((hit.entry.kind, hit.entry.title) for hit in results.hits)


def test_one_search_finds_a_record_of_every_type_and_documents_by_their_text(searchable: SearchWorld):
    assert found(searchable, "그늘막") == sorted(EVERY_TYPE)


def test_a_word_with_its_particle_finds_what_the_bare_word_finds(searchable: SearchWorld):
    assert found(searchable, "그늘막을") == found(searchable, "그늘막")


def test_every_word_of_the_query_must_be_found(searchable: SearchWorld):
    assert found(searchable, "그늘막 교차로") == [
        ("agenda_item", "횡단보도 그늘막 추가 설치"),
        ("document", "설치 계획서"),
        ("progress_report", "교차로 그늘막 설치"),
        ("task", "교차로 그늘막 설치"),
    ]


def test_what_the_public_may_not_see_is_not_found(searchable: SearchWorld):
    hidden_records(searchable)
    search_index.rebuild(searchable.site)

    assert (found(searchable, "그늘막"), SearchEntry.objects.filter(public=False).count()) == (sorted(EVERY_TYPE), 5)


def test_facets_count_each_value_with_the_other_facets_choices(searchable: SearchWorld):
    results = search.search(searchable.site, "그늘막", search.Filters(kind="document", year=2024))

    assert (results.total, results.facets["kind"], results.facets["year"]) == (
        3,
        [("meeting", 1), ("agenda_item", 1), ("minutes", 1), ("task", 1), ("progress_report", 1), ("document", 3)],
        [(2026, 1), (2024, 3)],
    )


def test_a_status_narrows_within_a_type(searchable: SearchWorld):
    results = search.search(searchable.site, "그늘막", search.Filters(kind="document", status="evidence"))

    assert [(hit.entry.title, hit.entry.target["context"]) for hit in results.hits] == [
        ("설치 사진 대장", "교차로 그늘막 설치")
    ]


def test_a_snippet_is_cut_around_the_term_and_marks_it(searchable: SearchWorld):
    results = search.search(searchable.site, "파손", search.Filters(kind="document"))

    assert [hit.snippet for hit in results.hits] == [
        [("그늘막 안전 점검 결과 ", False), ("파손", True), (" 2건 수리 완료", False)]
    ]


def test_a_long_text_is_cut_a_little_before_the_first_term(searchable: SearchWorld):
    Proposal.objects.filter(pk=searchable.proposal.pk).update(body="가나다 " * 100 + "분수대 설치")
    search_index.refresh("proposals.proposal", [searchable.proposal.pk])

    hit = search.search(searchable.site, "분수대").hits[0]
    assert hit.snippet == [(("가나다 " * 100)[-search.SNIPPET_BEFORE :], False), ("분수대", True), (" 설치", False)]


def test_a_search_takes_three_queries_whatever_it_finds(searchable: SearchWorld, django_assert_num_queries):
    with django_assert_num_queries(3):
        search.search(searchable.site, "그늘막", search.Filters(kind="document"))
    with django_assert_num_queries(3):
        search.search(searchable.site, "")


def test_a_query_of_text_search_syntax_is_read_as_words(searchable: SearchWorld):
    assert [
        found(searchable, '"그늘막" OR * NEAR('),
        found(searchable, "'교차로' | !예산 & :*"),
        found(searchable, "가" * 5000),
    ] == [[], [("document", "설치 계획서")], []]


def test_a_query_of_signs_only_finds_titles_holding_them(searchable: SearchWorld):
    Proposal.objects.filter(pk=searchable.proposal.pk).update(title="그늘막 ★★ 설치")
    search_index.refresh("proposals.proposal", [searchable.proposal.pk])

    assert found(searchable, "★★") == [("proposal", "그늘막 ★★ 설치")]


def test_a_closed_items_title_is_found_and_its_text_once_the_closure_ends(searchable: SearchWorld):
    item = searchable.item
    item.closed_ground, item.closed_reason, item.closed_until = (
        ClosedGround.DELIBERATION,
        "심의 중",
        dt.date(2099, 1, 1),
    )
    item.save()
    search_index.refresh("meetings.agendaitem", [item.pk])
    closed = (found(searchable, "보행자"), found(searchable, "횡단보도"))
    item.closed_until = dt.date(2000, 1, 1)
    item.save(update_fields=["closed_until"])

    refreshed = search_index.refresh_due(dt.date(2099, 1, 2))

    assert (closed, refreshed, found(searchable, "보행자")) == (
        ([], [("agenda_item", "횡단보도 그늘막 추가 설치")]),
        1,
        [("agenda_item", "횡단보도 그늘막 추가 설치")],
    )


def test_a_scheduled_meeting_whose_hour_passed_reads_record_pending(searchable: SearchWorld):
    meeting = hour_meeting(searchable.committee, "그늘막 점검 회의", day=2, month=9, status=MeetingStatus.SCHEDULED)
    search_index.refresh("meetings.meeting", [meeting.pk])

    assert SearchEntry.objects.get(source="meetings.meeting", object_id=meeting.pk).status == "awaiting_record"


def test_a_saved_record_is_indexed_once_its_transaction_commits(
    searchable: SearchWorld, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.filter(pk=searchable.meeting.pk).update(title="폭염대응 정기회의")
        searchable.meeting.refresh_from_db()
        searchable.meeting.save()

    contexts = set(
        SearchEntry.objects.filter(source__in=["meetings.agendaitem", "meetings.document"]).values_list(
            "target__context", flat=True
        )
    )
    assert (found(searchable, "폭염대응"), contexts) == (
        [("meeting", "제3차 폭염대응 정기회의"), ("minutes", "제3차 폭염대응 정기회의")],
        {"제3차 폭염대응 정기회의"},
    )


def test_a_deleted_record_leaves_the_search(searchable: SearchWorld, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        searchable.meeting.delete()

    assert found(searchable, "그늘막") == [
        ("budget_project", "어린이공원 그늘막"),
        ("document", "견적서"),
        ("document", "설치 사진 대장"),
        ("progress_report", "교차로 그늘막 설치"),
        ("proposal", "버스 정류장에 그늘막을 설치해 주세요"),
        ("task", "교차로 그늘막 설치"),
    ]


def test_proposals_hidden_in_bulk_by_a_block_leave_the_search(
    searchable: SearchWorld, django_capture_on_commit_callbacks
):
    moderator = searchable.site  # the system acts as the site's moderator
    with django_capture_on_commit_callbacks(execute=True):
        moderation.block_user(
            actor=Actor.system("test"), site=moderator, user_id=searchable.proposal.author_user_id, reason="광고 도배"
        )

    assert (Proposal.objects.get().visibility, found(searchable, "정류장")) == (Visibility.HIDDEN, [])


def test_a_document_is_read_again_only_when_its_file_changes(searchable: SearchWorld, monkeypatch):
    monkeypatch.setattr(search_index.filetext, "text_of", lambda data, media_type: "다시 읽음")
    search_index.refresh("meetings.document", [searchable.pdf.pk])
    kept = SearchEntry.objects.get(source="meetings.document", object_id=searchable.pdf.pk).text
    SearchEntry.objects.filter(source="meetings.document", object_id=searchable.pdf.pk).update(target={})
    search_index.refresh("meetings.document", [searchable.pdf.pk])

    assert (kept, SearchEntry.objects.get(source="meetings.document", object_id=searchable.pdf.pk).text) == (
        "스마트 그늘막 설치 계획: 교차로 12곳, 예산 3억 원",
        "다시 읽음",
    )


def test_a_page_read_by_walking_the_newest_first_index_holds_the_same_results(searchable: SearchWorld, monkeypatch):
    expected = found(searchable, "그늘막")
    monkeypatch.setattr(search, "WALK_ABOVE", 0)

    assert found(searchable, "그늘막") == expected
