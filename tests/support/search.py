"""A search world: one public record of every searched type on 광주광역시's site, each about shade
canopies (그늘막), plus records the public may not see; ``search_index.rebuild`` indexes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from hwpx import HwpxDocument
from weasyprint import HTML

from hyeopchi.budgeting.models import ProjectFile
from hyeopchi.meetings.enums import ClosedGround, DocumentKind, MeetingStatus, MinutesStatus
from hyeopchi.meetings.models import AgendaItem, Document, Meeting, Minutes
from hyeopchi.organizations.enums import OrganizationKind
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.enums import ProposalKind, ProposalStatus, Visibility
from hyeopchi.proposals.models import Proposal
from hyeopchi.reports import search_index
from hyeopchi.tasks.enums import TaskKind, TaskStatus
from hyeopchi.tasks.models import Evidence, ProgressReport, Task
from tests.factories import OrganizationFactory, UserFactory
from tests.support.budgets import BudgetWorld, budget_world
from tests.support.helpers import seoul


@dataclass
class SearchWorld:
    site: Organization
    committee: Organization
    budget: BudgetWorld
    meeting: Meeting
    item: AgendaItem
    minutes: Minutes
    pdf: Document
    hwpx: Document
    proposal: Proposal
    task: Task
    report: ProgressReport


def _hwpx(*paragraphs: str) -> bytes:
    document = HwpxDocument.new()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    return bytes(document.to_bytes())


def _document(meeting: Meeting, title: str, name: str, data: bytes, media_type: str) -> Document:
    document = Document(meeting=meeting, title=title, kind=DocumentKind.MATERIAL, media_type=media_type, size=len(data))
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def search_world(site: Organization) -> SearchWorld:
    committee = OrganizationFactory(name="폭염대책위원회", parent=site, kind=OrganizationKind.COMMITTEE)
    budget = budget_world(site)
    meeting = Meeting.objects.create(
        organizer=committee,
        title="폭염대책위원회 정기회의",
        number=3,
        start=seoul(2024, 6, 11, 14),
        end=seoul(2024, 6, 11, 16),
        status=MeetingStatus.HELD,
        place="시청 3층 회의실",
        description="여름철 그늘막 운영 점검",
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="횡단보도 그늘막 추가 설치",
        description="보행자가 많은 교차로 12곳에 그늘막을 더 세웁니다.",
        kind="decision",
        decision="adopted",
    )
    minutes = Minutes.objects.create(
        meeting=meeting, text="위원들은 그늘막 추가 설치안을 원안대로 의결하였다.", status=MinutesStatus.PUBLISHED
    )
    pdf = _document(
        meeting,
        "설치 계획서",
        "plan.pdf",
        HTML(string='<p lang="ko">스마트 그늘막 설치 계획: 교차로 12곳, 예산 3억 원</p>').write_pdf(),
        "application/pdf",
    )
    hwpx = _document(
        meeting, "점검 결과", "check.hwpx", _hwpx("그늘막 안전 점검 결과", "파손 2건 수리 완료"), "application/hwp+zip"
    )
    proposal = Proposal.objects.create(
        site=site,
        addressee=site,
        kind=ProposalKind.CITIZEN,
        author_user=UserFactory(),
        title="버스 정류장에 그늘막을 설치해 주세요",
        body="여름에 버스를 기다리기 너무 덥습니다.",
        status=ProposalStatus.SUBMITTED,
        visibility=Visibility.VISIBLE,
        submitted_at=seoul(2023, 7, 2, 9),
    )
    task = Task.objects.create(
        site=site,
        kind=TaskKind.MEETING_DECISION,
        title="교차로 그늘막 설치",
        owner=committee,
        status=TaskStatus.IN_PROGRESS,
        start_date=dt.date(2024, 6, 12),
    )
    report = ProgressReport.objects.create(
        task=task,
        reported_on=dt.date(2024, 8, 30),
        progress=50,
        status=TaskStatus.IN_PROGRESS,
        narrative="교차로 6곳에 그늘막 설치를 마쳤습니다.",
    )
    evidence = Evidence(report=report, title="설치 사진 대장", media_type="application/hwp+zip", size=0)
    evidence.file.save("photos.hwpx", ContentFile(_hwpx("그늘막 설치 전후 사진")), save=False)
    evidence.save()
    estimate = ProjectFile(project=budget.projects[1], title="견적서", media_type="application/hwp+zip", size=0)
    estimate.file.save("estimate.hwpx", ContentFile(_hwpx("그늘막 2기 견적 6,000,000원")), save=False)
    estimate.save()
    return SearchWorld(site, committee, budget, meeting, item, minutes, pdf, hwpx, proposal, task, report)


def hour_meeting(organizer: Organization, title: str, *, day: int, month: int = 7, **options: object) -> Meeting:
    """A one-hour meeting at 10:00 on ``day`` of ``month`` 2024."""
    start = seoul(2024, month, day, 10)
    return Meeting.objects.create(
        organizer=organizer, title=title, start=start, end=start + dt.timedelta(hours=1), **options
    )


def hidden_records(world: SearchWorld) -> None:
    """Records about 그늘막 the public may not see: a closed meeting's minutes, draft minutes, a
    private meeting, a hidden proposal, a draft proposal."""
    closed = hour_meeting(
        world.committee,
        "비공개 간담회",
        day=1,
        status=MeetingStatus.HELD,
        closed_ground=ClosedGround.DELIBERATION,
        closed_reason="업체 선정 심사",
    )
    Minutes.objects.create(meeting=closed, text="그늘막 업체 심사 결과", status=MinutesStatus.PUBLISHED)
    draft = hour_meeting(world.committee, "임시회의", day=8, status=MeetingStatus.HELD)
    Minutes.objects.create(meeting=draft, text="그늘막 초안 회의록", status=MinutesStatus.DRAFT)
    hour_meeting(world.committee, "그늘막 내부 회의", day=9, status=MeetingStatus.HELD, is_public=False)
    for status, visibility, title in (
        (ProposalStatus.SUBMITTED, Visibility.HIDDEN, "그늘막 광고 제안"),
        (ProposalStatus.DRAFT, Visibility.VISIBLE, "그늘막 초안 제안"),
    ):
        Proposal.objects.create(
            site=world.site,
            addressee=world.site,
            kind=ProposalKind.CITIZEN,
            author_user=UserFactory(),
            title=title,
            body="그늘막",
            status=status,
            visibility=visibility,
            submitted_at=seoul(2024, 7, 10, 9),
        )


@pytest.fixture
def searchable(gwangju_city: Organization) -> SearchWorld:
    world = search_world(gwangju_city)
    search_index.rebuild(gwangju_city)
    return world
