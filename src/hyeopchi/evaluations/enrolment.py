"""The targets and the evaluators of a round from a spreadsheet (CSV or XLSX), read whole.

Every bad cell is reported with its row and column, and nothing is written unless every row is
good (``core.transfer``). The columns are documented in ``docs/evaluation/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from hyeopchi.core.tabular import Table
from hyeopchi.core.transfer import CellError, Column, ImportRefusedError, RowReader, refuse_if_any, rows_of
from hyeopchi.evaluations.enums import ConflictReason
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Evaluator, Round
from hyeopchi.evaluations.services import EvaluatorEntry, TargetSpec
from hyeopchi.organizations.models import Organization

TARGET_FILE_COLUMNS = [
    Column("code", "대상", "target", required=True),
    Column("organization", "기관", "organization", required=True),
    Column("name", "이름", "name"),
    Column("group", "비교군", "group", required=True),
    Column("size_factor", "규모계수", "size_factor"),
    Column("previous_total", "전년도 총점", "previous_total"),
]
EVALUATOR_FILE_COLUMNS = [
    Column("panel", "평가단", "panel", required=True),
    Column("pseudonym", "가명", "pseudonym", required=True),
    Column("name", "이름", "name", required=True),
    Column("account", "계정", "account"),
    Column("affiliation", "소속", "affiliation"),
    Column("employment", "근무 이력", "employment"),
    Column("residence", "거주지", "residence"),
    Column("region", "지역", "region"),
    Column("gender", "성별", "gender"),
    Column("age_band", "연령대", "age_band"),
    Column("expertise", "전문 분야", "expertise"),
    Column("pool", "후보군", "pool"),
    Column("capacity", "배정 한도", "capacity"),
    Column("conflicts", "이해충돌", "conflicts"),
]
YES = {"예", "네", "y", "yes", "true", "1", "o"}
_SEPARATORS = re.compile(r"[;,]")
_PSEUDONYM = re.compile(r"^[0-9A-Za-z가-힣_-]{1,20}$")

# How a file names an organization: its exact name, its 5-digit administrative code or its id.
OrganizationFinder = Callable[[str], Organization | None]
AccountFinder = Callable[[str], object | None]


def _unique(reader: RowReader, key: str, value: str, seen: dict[str, int], message: str) -> None:
    if value and value in seen:
        reader.fail(key, message % {"value": value, "row": seen[value]})
    elif value:
        seen[value] = reader.row


def group_specs(round_: Round, organizations: list[Organization], *, group: str, prefix: str) -> list[TargetSpec]:
    """Targets for ``organizations`` in one comparison group, coded ``prefix`` and a number after the
    round's last (T001, T002 …); organizations the round already has are left out."""
    taken_codes = set(round_.targets.values_list("code", flat=True))
    taken = set(round_.targets.values_list("organization_id", flat=True))
    specs = []
    number = len(taken_codes)
    for organization in organizations:
        if organization.pk in taken:
            continue
        number += 1
        while f"{prefix}{number:03d}" in taken_codes:
            number += 1
        specs.append(
            TargetSpec(organization=organization, code=f"{prefix}{number:03d}", name=organization.name, group=group)
        )
    return specs


def target_specs(table: Table, round_: Round, find: OrganizationFinder) -> list[TargetSpec]:
    """The targets a file enrols, in its order. Raises ImportRefusedError listing every bad cell,
    including a code or an organization the file or the round already has."""
    readers = rows_of(table, TARGET_FILE_COLUMNS, Code.FILE_REFUSED)
    taken_codes = set(round_.targets.values_list("code", flat=True))
    taken_organizations = set(round_.targets.values_list("organization_id", flat=True))
    codes: dict[str, int] = {}
    organizations: dict[str, int] = {}
    specs = []
    for reader in readers:
        code = reader.text("code", max_length=40)
        organization = reader.lookup("organization", find, _("No organization is called “%(value)s”."))
        group = reader.text("group", max_length=50)
        size = reader.number("size_factor", low=Decimal("0.0001"), high=Decimal(9999))
        previous = reader.number("previous_total", low=Decimal(0), high=Decimal(9999))
        name = reader.text("name", max_length=200)
        _unique(reader, "code", code, codes, _("“%(value)s” is already in row %(row)s."))
        if code in taken_codes:
            reader.fail("code", _("The round already has a target “%(value)s”.") % {"value": code})
        if organization is not None:
            _unique(
                reader,
                "organization",
                str(organization.pk),
                organizations,
                _("This organization is already in row %(row)s."),
            )
            if organization.pk in taken_organizations:
                reader.fail("organization", _("This organization is already a target of the round."))
        if not reader.problems:
            specs.append(
                TargetSpec(
                    organization=organization,
                    code=code,
                    name=name or organization.name,
                    group=group,
                    size_factor=size if size is not None else Decimal(1),
                    previous_total=previous,
                )
            )
    refuse_if_any(readers, Code.FILE_REFUSED)
    return specs


def _employment(reader: RowReader, find: OrganizationFinder) -> list[dict[str, int | None]]:
    """“광주광역시:2019; 경기도 수원시” — each organization, with the last year worked there if past."""
    jobs: list[dict[str, int | None]] = []
    for part in filter(None, (p.strip() for p in _SEPARATORS.split(reader.text("employment", max_length=1000)))):
        name, _colon, year = part.rpartition(":") if re.search(r":\s*\d{4}$", part) else (part, "", "")
        organization = find(name.strip())
        if organization is None:
            reader.fail("employment", _("No organization is called “%(value)s”.") % {"value": name.strip()})
            continue
        until = int(year) if year.strip() else None
        if until is not None and not 1950 <= until <= 2199:
            reader.fail("employment", _("Give the last year as four digits, e.g. 2019."))
            continue
        jobs.append({"organization": organization.pk, "until": until})
    return jobs


def _conflicts(reader: RowReader, codes: set[str]) -> list[tuple[str, str]]:
    """“T01, T07:family” — target codes, each with a reason (code or label; declared by default)."""
    reasons = {str(value): str(value) for value in ConflictReason.values}
    reasons |= {str(label): str(value) for value, label in ConflictReason.choices}
    found = []
    for part in filter(None, (p.strip() for p in _SEPARATORS.split(reader.text("conflicts", max_length=2000)))):
        code, _colon, reason = part.partition(":")
        code, reason = code.strip(), reason.strip()
        if code not in codes:
            reader.fail("conflicts", _("The round has no target “%(value)s”.") % {"value": code})
        elif reason and reason not in reasons:
            reader.fail("conflicts", _("“%(value)s” is not one of the allowed values.") % {"value": reason})
        else:
            found.append((code, reasons.get(reason, ConflictReason.DECLARED.value)))
    return found


def evaluator_rows(
    table: Table, round_: Round, find: OrganizationFinder, find_account: AccountFinder
) -> list[EvaluatorEntry]:
    """The evaluators a file adds to the round's panels (a pool where ``후보군`` says so)."""
    readers = rows_of(table, EVALUATOR_FILE_COLUMNS, Code.FILE_REFUSED)
    panels = set(round_.panels.values_list("key", flat=True))
    taken = set(round_.panels.values_list("key", "evaluators__pseudonym"))
    codes = set(round_.targets.values_list("code", flat=True))
    seen: dict[str, int] = {}
    rows = []
    for reader in readers:
        panel = reader.text("panel", max_length=40)
        if panel and panel not in panels:
            reader.fail("panel", _("The round has no panel “%(value)s”.") % {"value": panel})
        pseudonym = reader.text("pseudonym", max_length=20)
        if pseudonym and not _PSEUDONYM.match(pseudonym):
            reader.fail("pseudonym", _("Use letters, digits, - and _ only, up to 20."))
        elif (panel, pseudonym) in taken:
            reader.fail("pseudonym", _("The panel already has “%(value)s”.") % {"value": pseudonym})
        _unique(reader, "pseudonym", f"{panel}/{pseudonym}", seen, _("This pseudonym is already in row %(row)s."))
        capacity = reader.number("capacity", low=Decimal(1), high=Decimal(10_000))
        evaluator = Evaluator(
            pseudonym=pseudonym,
            name=reader.text("name", max_length=100),
            user=reader.lookup("account", find_account, _("No account is called “%(value)s”.")),
            affiliation=reader.lookup("affiliation", find, _("No organization is called “%(value)s”.")),
            employment=_employment(reader, find),
            residence=reader.lookup("residence", find, _("No organization is called “%(value)s”.")),
            region=reader.text("region", max_length=50),
            gender=reader.text("gender", max_length=10),
            age_band=reader.text("age_band", max_length=10),
            expertise=reader.text("expertise", max_length=200),
            selected=reader.text("pool", max_length=10).lower() not in YES,
            capacity=int(capacity) if capacity is not None else None,
        )
        rows.append(EvaluatorEntry(panel, evaluator, _conflicts(reader, codes)))
    refuse_if_any(readers, Code.FILE_REFUSED)
    return rows


def refused_file(message: str) -> ImportRefusedError:
    return ImportRefusedError(Code.FILE_REFUSED, [CellError(0, _("file"), message)])
