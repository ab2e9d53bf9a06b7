"""Proposals to and from spreadsheets (CSV or XLSX, see ``core.tabular``).

An import brings in what organizations write: committee recommendations and consultation items
(citizens write their own proposals on the site). Columns, Korean header first:
종류 kind (recommendation or consultation, required), 제목 title (required), 내용 body (required),
받는 기관 addressee (required), 제안 기관 proposing organization (required), 차수 round,
권고 번호 number (required for recommendations), 영문 제목 English title.
Export adds 제안 번호 id, 상태 status, 제출일 submitted, 공감 supports, 토론 참여 participants.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError
from hyeopchi.core.tabular import Table
from hyeopchi.core.transfer import Column, header_of, refuse_if_any, row_refusal, rows_of, value_rows
from hyeopchi.organizations.models import Organization
from hyeopchi.organizations.selectors import site_organization_finder
from hyeopchi.proposals import services
from hyeopchi.proposals.enums import ProposalKind, ProposalStatus
from hyeopchi.proposals.errors import ProposalErrorCode as Code
from hyeopchi.proposals.models import Proposal

COLUMNS = [
    Column("kind", "종류", "kind", required=True),
    Column("title", "제목", "title", required=True),
    Column("body", "내용", "body", required=True),
    Column("addressee", "받는 기관", "addressee", required=True),
    Column("author", "제안 기관", "proposing organization", required=True),
    Column("round", "차수", "round"),
    Column("number", "권고 번호", "number"),
    Column("title_en", "영문 제목", "english title"),
]
EXPORT_COLUMNS = [
    Column("id", "제안 번호", "id"),
    *COLUMNS,
    Column("status", "상태", "status"),
    Column("submitted_at", "제출일", "submitted"),
    Column("supports", "공감", "supports"),
    Column("participants", "토론 참여", "participants"),
]
IMPORTABLE = [c for c in ProposalKind.choices if c[0] != ProposalKind.CITIZEN]


# The columns of a proposal list's spreadsheet, as the database has them.
EXPORT_FIELDS = (
    "pk",
    "kind",
    "title",
    "body",
    "addressee__name",
    "author_organization__name",
    "round_number",
    "number",
    "title_en",
    "status",
    "submitted_at",
    "support_count",
    "participant_count",
)


def export_rows(proposals: QuerySet[Proposal], *, language: str = "ko") -> tuple[list[str], Iterator[list[Any]]]:
    """The header and, read as they are needed, the rows of a proposal list's spreadsheet."""
    rows = value_rows(
        proposals,
        EXPORT_FIELDS,
        language=language,
        choices={"kind": ProposalKind, "status": ProposalStatus},
        convert={"submitted_at": lambda moment: timezone.localtime(moment).date()},
    )
    return header_of(EXPORT_COLUMNS, language), rows


def import_proposals(*, actor: Actor, site: Organization, table: Table) -> list[Proposal]:
    """Create every row's proposal, or none; raises ImportRefusedError naming each problem."""
    readers = rows_of(table, COLUMNS, Code.INVALID_PROPOSAL)
    organization = site_organization_finder(site)

    message = _("No organization of this site is called “%(value)s”.")
    plans = []
    for reader in readers:
        kind = reader.choice("kind", IMPORTABLE)
        number = reader.number("number", low=Decimal(1), high=Decimal(999))
        if kind == ProposalKind.RECOMMENDATION and number is None and not reader.text("number"):
            reader.fail("number", _("A recommendation needs its number."))
        round_number = reader.number("round", low=Decimal(1), high=Decimal(999))
        plans.append(
            {
                "kind": kind,
                "title": reader.text("title", max_length=200),
                "body": reader.text("body"),
                "addressee": reader.lookup("addressee", organization, message),
                "author_organization": reader.lookup("author", organization, message),
                "round_number": int(round_number) if round_number is not None else None,
                "number": int(number) if number is not None else None,
                "title_en": reader.text("title_en", max_length=200),
            }
        )
    refuse_if_any(readers, Code.INVALID_PROPOSAL)
    created = []
    with transaction.atomic():
        for reader, plan in zip(readers, plans, strict=True):
            try:
                created.append(services.create_proposal(actor=actor, **plan))
            except DomainError as error:
                raise row_refusal(Code.INVALID_PROPOSAL, reader.row, error) from error
    return created
