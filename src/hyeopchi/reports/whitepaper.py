"""Compiling a white paper from the records: every chapter's tables and figures, and the figures
narrative refers to, counted over the paper's period up to the edition's as-of date.

Reads the domains through their selectors only. The outline follows 광명시's 2023 white paper
(seed 004): foundations and structure, programs, outcomes and cases, voices, evaluation; staff may
retitle and reorder chapters, and each chapter prints its approved narrative first, then what it
compiles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import get_language, gettext_lazy, override, pgettext
from django.utils.translation import gettext as _

from hyeopchi.budgeting import selectors as budgeting
from hyeopchi.evaluations import selectors as evaluations
from hyeopchi.meetings import selectors as meetings
from hyeopchi.organizations import selectors as organizations
from hyeopchi.proposals import selectors as proposals
from hyeopchi.proposals.enums import ProposalKind
from hyeopchi.reports import dashboards
from hyeopchi.reports.charts import BarChart
from hyeopchi.reports.document import Block, Chapter, Document, Figure, Prose, Quote, Ref, Section, Table, cell
from hyeopchi.reports.document import paragraphs as split_paragraphs
from hyeopchi.reports.enums import ChapterKind, PassageStatus
from hyeopchi.reports.models import WhitePaper
from hyeopchi.tasks import selectors as tasks

# The figures narrative may refer to as {{key}}, with what each counts.
FIGURES = {
    "bodies": gettext_lazy("Governance bodies in the period"),
    "members": gettext_lazy("Members of those bodies at the end of the period"),
    "meetings_held": gettext_lazy("Meetings held in the period"),
    "attendance_percent": gettext_lazy("Attendance at those meetings (%)"),
    "programs": gettext_lazy("Programs with a session in the period"),
    "registrations": gettext_lazy("Confirmed registrations for those programs"),
    "proposals_submitted": gettext_lazy("Proposals, recommendations and consultation items submitted"),
    "proposals_answered": gettext_lazy("Of those, answered by the end of the period"),
    "proposals_accepted": gettext_lazy("Of those, accepted in full or in part"),
    "recommendations": gettext_lazy("Committee recommendations submitted"),
    "tasks_completed": gettext_lazy("Tasks completed in the period"),
    "budget_projects": gettext_lazy("Participatory budget projects funded"),
    "budget_won": gettext_lazy("Amount of those projects (won)"),
    "voices": gettext_lazy("Voices printed"),
}

# 광명시's five chapters (seed 004), the default outline: (kind, Korean title, English title).
DEFAULT_OUTLINE = (
    (ChapterKind.FOUNDATIONS, "민관협치의 목표와 체계", "Goals and structure of governance"),
    (ChapterKind.PROGRAMS, "주요 협치사업", "Main governance programs"),
    (ChapterKind.OUTCOMES, "협치 성과와 사례", "Outcomes and cases"),
    (ChapterKind.VOICES, "시민의 목소리", "Citizens' voices"),
    (ChapterKind.EVALUATION, "민관협치 평가", "Evaluation of governance"),
)


@dataclass
class Records:
    """What the chapters print, read once for the whole paper."""

    first: dt.date
    last: dt.date
    bodies: list[organizations.BodyFacts]
    held: list[meetings.BodyMeetings]
    programs: list[meetings.ProgramFacts]
    outcomes: list[proposals.KindOutcomes]
    funnel: dashboards.Panel
    by_owner: dashboards.Panel
    by_origin: list[tasks.Implementation]
    completed: list[tasks.CompletedTask]
    funded: list[budgeting.FundedProject]
    grades: list[evaluations.GradeFacts]

    def figures(self, voices: int) -> dict[str, str]:
        seats = sum(b.seats_recorded for b in self.held)
        present = sum(b.seats_present for b in self.held)
        values: dict[str, Any] = {
            "bodies": len(self.bodies),
            "members": sum(b.members for b in self.bodies),
            "meetings_held": sum(b.held for b in self.held),
            "attendance_percent": f"{(200 * present + seats) // (2 * seats)}%" if seats else "–",
            "programs": len(self.programs),
            "registrations": sum(p.registrations for p in self.programs),
            "proposals_submitted": sum(o.submitted for o in self.outcomes),
            "proposals_answered": sum(o.answered for o in self.outcomes),
            "proposals_accepted": sum(o.accepted + o.partially_accepted for o in self.outcomes),
            "recommendations": sum(o.submitted for o in self.outcomes if o.key == ProposalKind.RECOMMENDATION),
            "tasks_completed": len(self.completed),
            "budget_projects": len(self.funded),
            "budget_won": _("%(amount)s won") % {"amount": f"{sum(p.cost for p in self.funded):,}"},
            "voices": voices,
        }
        return {key: cell(value) for key, value in values.items()}


def read_records(paper: WhitePaper, *, as_of: dt.date) -> Records:
    site, body = paper.site, paper.body
    first, last = paper.period_start, min(paper.period_end, as_of)
    standings = tasks.implementation_standings(site, as_of=last, within=body)
    return Records(
        first=first,
        last=last,
        bodies=organizations.bodies_in_period(site, first=first, last=last, on=last, within=body),
        held=meetings.held_by_body(site, first=first, last=last, within=body),
        programs=meetings.programs_between(site, first=first, last=last, within=body),
        outcomes=proposals.outcomes_between(site, first=first, last=last, within=body),
        funnel=dashboards.funnel(site, as_of=last),
        by_owner=dashboards.implementation(site, as_of=last, standings=standings),
        by_origin=standings.by_origin,
        completed=tasks.completed_between(site, first=first, last=last, within=body),
        funded=budgeting.funded_between(site, first=first, last=last) if body is None else [],
        grades=evaluations.published_grades(site, first=first, last=last) if body is None else [],
    )


class _Numbering:
    """Tables and figures numbered per chapter: 표 3-2, 그림 2-1."""

    def __init__(self, chapter: int) -> None:
        self.chapter = chapter
        self.tables = 0
        self.figures = 0

    def table(self) -> str:
        self.tables += 1
        return f"{self.chapter}-{self.tables}"

    def figure(self) -> str:
        self.figures += 1
        return f"{self.chapter}-{self.figures}"


NUMBER = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?%?")


def _is_number(value: Any) -> bool:
    if value is None or isinstance(value, int | Decimal):
        return True
    return isinstance(value, str) and NUMBER.fullmatch(value) is not None


def _table(
    numbering: _Numbering, caption: str, header: list[str], rows: list[list[Any]], *, empty: str, source: str = ""
) -> Table:
    """A numbered table; a column is numeric (set right) when every value in it is a number."""
    numeric = tuple(
        bool(rows) and all(_is_number(row[n]) for row in rows) and any(row[n] is not None for row in rows)
        for n in range(len(header))
    )
    return Table(
        numbering.table(),
        caption,
        tuple(header),
        tuple(tuple(cell(v) for v in row) for row in rows),
        numeric,
        source,
        empty,
    )


def _figure(numbering: _Numbering, chart: BarChart, table: Table) -> Figure:
    return Figure(numbering.figure(), chart.title, chart, table)


def compile_paper(
    paper: WhitePaper, *, as_of: dt.date, language: str = "ko", on_progress: Callable[[int], None] | None = None
) -> Document:
    """The paper's document as of ``as_of``, in ``language``: every chapter of its outline with
    its approved narrative and what it compiles. ``on_progress`` hears the percentage done."""
    with override(language):
        return _compile(paper, as_of=as_of, language=language, on_progress=on_progress or (lambda _n: None))


def _compile(paper: WhitePaper, *, as_of: dt.date, language: str, on_progress: Callable[[int], None]) -> Document:
    records = read_records(paper, as_of=as_of)
    on_progress(40)
    voices = list(paper.voices.all())
    figures = records.figures(len(voices))
    english = language.startswith("en")

    def resolve(key: str) -> Ref:
        label = str(FIGURES.get(key, key))
        return Ref(key, figures.get(key, "?"), label)

    chapters = []
    outline = list(paper.chapters.prefetch_related("passages"))
    for n, chapter in enumerate(outline, start=1):
        numbering = _Numbering(n)
        sections: list[Section] = []
        prose = [
            Prose(p.approved_heading, split_paragraphs(p.approved_text, resolve))
            for p in chapter.passages.all()
            if p.status == PassageStatus.APPROVED and p.approved_text.strip()
        ]
        if prose:
            sections.append(Section("", tuple(prose)))
        sections.extend(COMPILERS[chapter.kind](paper, records, numbering, voices))
        title = (chapter.title_en or chapter.title) if english else chapter.title
        chapters.append(Chapter(n, title, tuple(sections)))
        on_progress(40 + 50 * n // max(len(outline), 1))
    period = f"{paper.period_start.isoformat()} – {paper.period_end.isoformat()}"
    return Document(
        title=(paper.title_en or paper.title) if english else paper.title,
        publisher=paper.publisher or paper.site.display_name,
        period=period,
        as_of=as_of.isoformat(),
        language=language,
        chapters=tuple(chapters),
        figures=figures,
    )


def _foundations(paper: WhitePaper, records: Records, numbering: _Numbering, _voices: list[Any]) -> list[Section]:
    english = _english()
    timeline = [
        [entry.on.isoformat(), (entry.text_en or entry.text) if english else entry.text]
        for entry in paper.timeline.all()
    ]
    timeline += [
        [b.valid_from.isoformat(), _("%(body)s set up") % {"body": b.name}]
        for b in records.bodies
        if b.valid_from and records.first <= b.valid_from <= records.last
    ]
    timeline.sort()
    held = {b.body: b for b in records.held}
    rows: list[list[Any]] = []
    for body in records.bodies:
        meetings_of = held.get(body.name)
        rows.append(
            [
                body.name,
                body.kind,
                body.basis,
                body.members,
                meetings_of.held if meetings_of else 0,
                meetings_of.attendance_percent if meetings_of else None,
            ]
        )
    timeline_table = _table(
        numbering,
        _("Ordinances, plans and bodies"),
        [pgettext("timeline", "Date"), _("What happened")],
        timeline,
        empty=_("No entries."),
    )
    bodies_count = len(records.bodies)
    meetings_total = sum(r[4] for r in rows)
    summary = _table(
        numbering,
        _("Committee statistics, %(first)s to %(last)s") % {"first": records.first, "last": records.last},
        [_("Bodies"), _("Members in office"), _("Meetings held"), _("Meetings per body"), _("Attendance (%)")],
        [
            [
                bodies_count,
                sum(b.members for b in records.bodies),
                meetings_total,
                _one_place(meetings_total, bodies_count),
                _attendance(records.held),
            ]
        ],
        empty="",
    )
    return [
        Section(_("Timeline"), (timeline_table,)),
        Section(
            _("Bodies and their members"),
            (
                summary,
                _table(
                    numbering,
                    _("Bodies, members on %(day)s and meetings held") % {"day": records.last},
                    [
                        pgettext("dashboard", "Body"),
                        _("Kind"),
                        _("Legal basis"),
                        _("Members in office"),
                        _("Meetings held"),
                        _("Attendance (%)"),
                    ],
                    rows,
                    empty=_("No bodies in the period."),
                ),
            ),
        ),
    ]


def _one_place(numerator: int, denominator: int) -> str | None:
    """numerator / denominator to one decimal place, rounded half up (None when dividing by 0)."""
    if not denominator:
        return None
    return str((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _attendance(held: list[meetings.BodyMeetings]) -> int | None:
    seats = sum(b.seats_recorded for b in held)
    present = sum(b.seats_present for b in held)
    return (200 * present + seats) // (2 * seats) if seats else None


def _programs(paper: WhitePaper, records: Records, numbering: _Numbering, _voices: list[Any]) -> list[Section]:
    panel = dashboards.meetings_held(paper.site, first=records.first, as_of=records.last, held=records.held)
    table = _table(numbering, panel.chart.title, panel.header, panel.rows, empty=_("No meetings held in the period."))
    meetings_block: Block = _figure(numbering, panel.chart, table) if panel.rows else table
    programs = _table(
        numbering,
        _("Programs and registrations"),
        [_("Program"), _("Kind"), _("Organizer"), _("Sessions"), _("Places"), _("Registrations confirmed")],
        [[p.title, p.kind, p.organizer, p.cohorts, p.places, p.registrations] for p in records.programs],
        empty=_("No programs in the period."),
    )
    return [Section(_("Meetings"), (meetings_block,)), Section(_("Programs, education and forums"), (programs,))]


def _outcomes(paper: WhitePaper, records: Records, numbering: _Numbering, _voices: list[Any]) -> list[Section]:
    proposals_table = _table(
        numbering,
        _("Proposals submitted and their answers"),
        [_("Kind"), _("Submitted"), _("Accepted"), _("Partially accepted"), _("Not accepted"), _("Answered")],
        [[o.kind, o.submitted, o.accepted, o.partially_accepted, o.not_accepted, o.answered] for o in records.outcomes],
        empty=_("No proposals in the period."),
    )
    blocks: list[Block] = [proposals_table]
    if records.funnel.rows and paper.body is None:
        blocks.append(
            _figure(
                numbering,
                records.funnel.chart,
                _table(numbering, records.funnel.chart.title, records.funnel.header, records.funnel.rows, empty=""),
            )
        )
    implementation: list[Block] = []
    owner = records.by_owner
    if owner.rows and paper.body is None:
        implementation.append(
            _figure(numbering, owner.chart, _table(numbering, owner.chart.title, owner.header, owner.rows, empty=""))
        )
    implementation.append(
        _table(
            numbering,
            _("Task implementation by origin"),
            [
                _("Origin"),
                _("Done on time"),
                _("Done late"),
                _("Overdue"),
                pgettext("tasks not done", "Open"),
                pgettext("dashboard", "Total"),
            ],
            [[o.name, o.on_time, o.late, o.overdue, o.open, o.total] for o in records.by_origin],
            empty=_("No tasks."),
        )
    )
    implementation.append(
        _table(
            numbering,
            _("Tasks completed in the period"),
            [
                _("Task"),
                _("Organization"),
                _("Kind"),
                _("End date"),
                _("First report"),
                _("Completed on"),
                _("Reports"),
            ],
            [
                [
                    t.title,
                    t.owner,
                    t.kind,
                    t.end_date.isoformat() if t.end_date else "",
                    t.first_report.isoformat(),
                    t.done_on.isoformat(),
                    t.reports,
                ]
                for t in records.completed
            ],
            empty=_("No tasks completed in the period."),
        )
    )
    sections = [
        Section(_("Proposals and recommendations"), tuple(blocks)),
        Section(_("Implementation"), tuple(implementation)),
    ]
    if paper.body is None:
        sections.append(
            Section(
                _("Participatory budget"),
                (
                    _table(
                        numbering,
                        _("Projects funded by participatory budgets"),
                        [_("Budget process"), _("Budget heading"), _("Project"), _("Cost (won)")],
                        [[p.process, p.heading, p.title, p.cost] for p in records.funded],
                        empty=_("No budget results published in the period."),
                    ),
                ),
            )
        )
        sections.append(
            Section(
                _("Evaluation results"),
                (
                    _table(
                        numbering,
                        _("Published evaluation grades"),
                        [_("Round"), _("Organization"), _("Group"), _("Rank"), _("Grade"), _("Total")],
                        [[g.round, g.target, g.group, g.rank, g.grade, g.total] for g in records.grades],
                        empty=_("No evaluation results published in the period."),
                    ),
                ),
            )
        )
    return sections


def _voices(_paper: WhitePaper, _records: Records, _numbering: _Numbering, voices: list[Any]) -> list[Section]:
    quotes = tuple(Quote(v.quote, v.speaker, v.affiliation) for v in voices)
    if not quotes:
        return []
    return [Section(_("Interviews"), quotes)]


def _evaluation(paper: WhitePaper, _records: Records, numbering: _Numbering, _voices: list[Any]) -> list[Section]:
    sections = []
    if paper.roundtable is not None:
        minutes = meetings.published_minutes(paper.roundtable)
        meeting = paper.roundtable
        heading = f"{meeting.display_title} ({meeting.start.date().isoformat()})"
        if minutes is not None and minutes.text.strip():
            sections.append(
                Section(heading, (Prose("", split_paragraphs(minutes.text, lambda key: Ref(key, "?", key))),))
            )
        else:
            sections.append(Section(heading, (Prose("", ((_("The minutes of this meeting are not published."),),)),)))
    if paper.evaluation_round is not None:
        indicators = evaluations.indicators_of(paper.evaluation_round)
        sections.append(
            Section(
                _("Indicators"),
                (
                    _table(
                        numbering,
                        _("Indicators of %(round)s") % {"round": paper.evaluation_round.display_title},
                        [_("Field"), _("Indicator code"), _("Indicator"), _("Points")],
                        [[i.field, i.key, i.name, i.points] for i in indicators],
                        empty=_("The framework has no indicators."),
                    ),
                ),
            )
        )
    return sections


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


COMPILERS: dict[str, Callable[[WhitePaper, Records, _Numbering, list[Any]], list[Section]]] = {
    ChapterKind.FOUNDATIONS: _foundations,
    ChapterKind.PROGRAMS: _programs,
    ChapterKind.OUTCOMES: _outcomes,
    ChapterKind.VOICES: _voices,
    ChapterKind.EVALUATION: _evaluation,
}
