"""Pabulib's ``.pb`` format (pabulib.org/format): read an election, write it back.

A file has three sections, each a line ``META``, ``PROJECTS`` or ``VOTES`` followed by a header row
and ``;``-separated rows. Reading keeps every cell as written, so writing gives the same file back
with only the ``selected`` column set by a tally: ``diff`` against the published file shows what a
rule decided differently. Money is read exactly (``Fraction`` of the decimal written; costs in won
are whole numbers), never as floats.

Pure: text in, an ``Election`` out. A refusal is a ``PabulibError`` with the line it found, which the
edges translate (``budgeting.messages``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from hyeopchi.budgeting.tally import Ballot, Instance

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = ("approval", "ordinal", "cumulative", "scoring", "choose-1")
# The META keys a file must have to be tallied (the format lists more as required for publication;
# the writer keeps whatever the reader found).
NEEDED_META = ("num_projects", "num_votes", "budget", "vote_type")
MAX_BYTES = 200 * 1024 * 1024
# The format's order of PROJECTS columns; a column the writer adds goes where this order puts it.
PROJECT_COLUMNS = (
    "project_id",
    "cost",
    "votes",
    "score",
    "name",
    "category",
    "beneficiaries",
    "selected",
    "neighborhood",
    "subunit",
    "district",
    "description",
    "proposer",
    "public_id",
    "latitude",
    "longitude",
)


class PabulibError(ValueError):
    """The file is not a Pabulib election this reader can use; ``line`` is where it found out."""

    def __init__(self, code: str, line: int = 0, **params: str) -> None:
        super().__init__(f"{code} (line {line}): {params}" if line else f"{code}: {params}")
        self.code = code
        self.line = line
        self.params = params


@dataclass(frozen=True)
class Project:
    id: str
    cost: Fraction
    name: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vote:
    voter: str
    picks: tuple[str, ...]  # in the order written: the ranking of an ordinal ballot
    points: tuple[int, ...] = ()  # one per pick, for cumulative and scoring ballots


@dataclass
class Table:
    """A section as written: its header and its rows of cells."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file

    def column(self, name: str) -> int | None:
        return self.header.index(name) if name in self.header else None


@dataclass
class Election:
    meta: dict[str, str]
    projects: dict[str, Project]
    votes: list[Vote]
    project_table: Table
    vote_table: Table
    meta_header: list[str] = field(default_factory=lambda: ["key", "value"])
    final_newline: bool = True  # a few published files end without one
    newline: str = "\n"  # as the file had them (most published files end lines with CRLF)
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def budget(self) -> Fraction:
        return number(self.meta["budget"], self.meta_lines.get("budget", 0), key="budget")

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]

    @property
    def rule(self) -> str:
        return self.meta.get("rule", "unknown")

    def meta_int(self, key: str) -> int | None:
        value = self.meta.get(key, "").strip()
        if not value:
            return None
        line = self.meta_lines.get(key, 0)
        exact = number(value, line, key=key)
        if exact.denominator != 1:
            raise PabulibError("meta_not_a_whole_number", line, key=key, value=value)
        return int(exact)

    def published_selected(self) -> set[str] | None:
        """The projects the file says were selected (``selected`` ≥ 1), or None without the column."""
        index = self.project_table.column("selected")
        if index is None:
            return None
        return {row[0] for row in self.project_table.rows if row[index].strip() not in ("", "0")}


def number(text: str, line: int, code: str = "meta_not_a_number", **place: str) -> Fraction:
    """``text`` as an exact number (``12``, ``12.5``, ``-3``); a ``PabulibError`` with ``code``
    naming ``place`` otherwise."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise PabulibError(code, line, value=text, **place) from None
    if not value.is_finite():
        raise PabulibError(code, line, value=text, **place)
    return Fraction(value)


def _rows(lines: list[tuple[int, str]]) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader((text for _, text in lines), delimiter=";")
    for (number_, _), row in zip(lines, reader, strict=True):
        yield number_, row


def _sections(text: str) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for number_, line in enumerate(text.splitlines(), start=1):
        name = line.strip()
        if name in SECTIONS:
            if name in sections:
                raise PabulibError("section_twice", number_, section=name)
            current = sections[name] = []
            continue
        if current is None:
            if name:
                raise PabulibError("text_before_meta", number_)
            continue
        if name:
            current.append((number_, line))
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError("missing_section", 0, section=name)
        if not sections[name]:
            raise PabulibError("missing_header", 0, section=name)
    return sections


def _table(lines: list[tuple[int, str]], section: str, first: str) -> Table:
    rows = list(_rows(lines))
    header_line, header = rows[0]
    header = [cell.strip() for cell in header]
    if not header or header[0] != first:
        raise PabulibError("bad_header", header_line, section=section, expected=first)
    table = Table(header=header)
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise PabulibError(
                "wrong_cell_count", line, section=section, count=str(len(row)), expected=str(len(header))
            )
        table.rows.append(row)
        table.lines.append(line)
    return table


def parse(text: str) -> Election:
    """Read a Pabulib election; every refusal names its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    sections = _sections(text)

    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    meta_rows = list(_rows(sections["META"]))
    for line, row in meta_rows[1:]:
        if len(row) < 2:
            raise PabulibError("wrong_cell_count", line, section="META", count=str(len(row)), expected="2")
        meta[row[0].strip()] = ";".join(row[1:]).strip()
        meta_lines[row[0].strip()] = line
    for key in NEEDED_META:
        if not meta.get(key):
            raise PabulibError("missing_meta", 0, key=key)
    if meta["vote_type"] not in VOTE_TYPES:
        raise PabulibError("unknown_vote_type", meta_lines["vote_type"], value=meta["vote_type"])

    project_table = _table(sections["PROJECTS"], "PROJECTS", "project_id")
    cost_at = project_table.column("cost")
    if cost_at is None:
        raise PabulibError("missing_column", sections["PROJECTS"][0][0], section="PROJECTS", column="cost")
    name_at = project_table.column("name")
    category_at = project_table.column("category")
    projects: dict[str, Project] = {}
    for line, row in zip(project_table.lines, project_table.rows, strict=True):
        key = row[0].strip()
        if key in projects:
            raise PabulibError("duplicate_project", line, project=key)
        cost = number(row[cost_at], line, "cost_not_a_number", project=key)
        if cost < 0:
            raise PabulibError("negative_cost", line, project=key, value=row[cost_at])
        categories = (
            tuple(c.strip() for c in row[category_at].split(",") if c.strip()) if category_at is not None else ()
        )
        projects[key] = Project(key, cost, row[name_at] if name_at is not None else "", categories)

    vote_table = _table(sections["VOTES"], "VOTES", "voter_id")
    vote_at = vote_table.column("vote")
    if vote_at is None:
        raise PabulibError("missing_column", sections["VOTES"][0][0], section="VOTES", column="vote")
    points_at = vote_table.column("points")
    if meta["vote_type"] in ("cumulative", "scoring") and points_at is None:
        raise PabulibError("missing_column", sections["VOTES"][0][0], section="VOTES", column="points")
    votes: list[Vote] = []
    voters: set[str] = set()
    for line, row in zip(vote_table.lines, vote_table.rows, strict=True):
        voter = row[0].strip()
        if voter in voters:
            raise PabulibError("duplicate_voter", line, voter=voter)
        voters.add(voter)
        picks = tuple(p.strip() for p in row[vote_at].split(",") if p.strip())
        for pick in picks:
            if pick not in projects:
                raise PabulibError("unknown_project", line, voter=voter, project=pick)
        if len(set(picks)) != len(picks):
            raise PabulibError("pick_twice", line, voter=voter)
        points: tuple[int, ...] = ()
        if points_at is not None and meta["vote_type"] in ("cumulative", "scoring"):
            cells = [p.strip() for p in row[points_at].split(",") if p.strip()]
            if len(cells) != len(picks):
                raise PabulibError("points_do_not_match", line, voter=voter)
            values = [number(cell, line, "bad_points", voter=voter) for cell in cells]
            if any(v.denominator != 1 or v < 0 for v in values):
                raise PabulibError("bad_points", line, voter=voter)
            points = tuple(int(v) for v in values)
        votes.append(Vote(voter, picks, points))

    election = Election(
        meta,
        projects,
        votes,
        project_table,
        vote_table,
        [c.strip() for c in meta_rows[0][1]],
        final_newline=text.endswith("\n"),
        meta_lines=meta_lines,
        newline="\r\n" if "\r\n" in text[:4096] else "\n",
    )
    _check_counts(election)
    return election


def _check_counts(election: Election) -> None:
    for key, found in (("num_projects", len(election.projects)), ("num_votes", len(election.votes))):
        declared = election.meta_int(key)
        if declared != found:
            raise PabulibError("wrong_count", election.meta_lines[key], key=key, value=str(declared), found=str(found))
    if election.budget <= 0:
        raise PabulibError("bad_budget", election.meta_lines["budget"], value=election.meta["budget"])


def read(path: str) -> Election:
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise PabulibError("too_large", 0, value=str(MAX_BYTES // (1024 * 1024)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PabulibError("not_utf8", text_line(raw, error.start)) from None
    return parse(text)


def text_line(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _write_rows(out: io.StringIO, header: list[str], rows: Iterable[list[str]], newline: str) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)


def write(election: Election, selected: Iterable[str] | None = None, meta: Mapping[str, str] | None = None) -> str:
    """The election as a ``.pb`` text (UTF-8 without BOM when encoded), its cells as read; with
    ``selected``, the ``selected`` column says 1 for those projects and 0 for the others (added
    where the format's column order puts it when the file had none); ``meta`` replaces or adds
    META values."""
    out = io.StringIO()
    nl = election.newline
    out.write("META" + nl)
    values = dict(election.meta)
    values.update(meta or {})
    _write_rows(out, election.meta_header, ([key, value] for key, value in values.items()), nl)
    out.write("PROJECTS" + nl)
    header = list(election.project_table.header)
    rows = [list(row) for row in election.project_table.rows]
    if selected is not None:
        chosen = set(selected)
        at = election.project_table.column("selected")
        if at is None:
            later = set(PROJECT_COLUMNS[PROJECT_COLUMNS.index("selected") + 1 :])
            at = next((i for i, column in enumerate(header) if column in later), len(header))
            header.insert(at, "selected")
            for row in rows:
                row.insert(at, "")
        for row in rows:
            row[at] = "1" if row[0].strip() in chosen else "0"
    _write_rows(out, header, rows, nl)
    out.write("VOTES" + nl)
    _write_rows(out, election.vote_table.header, election.vote_table.rows, nl)
    text = out.getvalue()
    return text if election.final_newline else text.removesuffix(nl)


def instance(election: Election) -> Instance:
    """The election as a tally's input: like ballots counted together, ordinal ranks worth k … 1 for
    k ranks (k is ``max_length``, or the longest ballot), and ``min_project_score_threshold`` as
    the minimum score whatever the rule."""
    counts: dict[tuple[tuple[str, ...], tuple[int, ...]], int] = {}
    for vote in election.votes:
        key = (vote.picks, vote.points)
        counts[key] = counts.get(key, 0) + 1
    ranks: tuple[int, ...] = ()
    if election.vote_type == "ordinal":
        k = election.meta_int("max_length") or max((len(v.picks) for v in election.votes), default=0)
        ranks = tuple(range(k, 0, -1))
    threshold = election.meta.get("min_project_score_threshold", "").strip()
    return Instance(
        budget=election.budget,
        costs={key: project.cost for key, project in election.projects.items()},
        ballots=[Ballot(picks, points, count) for (picks, points), count in counts.items()],
        vote_type=election.vote_type,
        rank_points=ranks,
        min_score=number(
            threshold, election.meta_lines.get("min_project_score_threshold", 0), key="min_project_score_threshold"
        )
        if threshold
        else None,
    )
