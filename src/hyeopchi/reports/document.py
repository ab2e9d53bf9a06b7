"""A compiled white paper as plain data (pure: no database, no files).

The compiler (`hyeopchi.reports.whitepaper`) fills a `Document` from the records; the renderers
turn the same `Document` into the web edition, the PDF and the HWPX file. Tables and figures are
numbered per chapter, as Korean white papers number them (표 3-2, 그림 2-1). Narrative keeps its
live references (``{{key}}``) as `Ref` runs that carry the figure's key and its value, so a reader
of the web edition sees where a number comes from and no number is retyped.

The content hash is SHA-256 of the document's canonical JSON: the same records and texts, as of the
same day, give the same hash, whatever the output format and whenever it is generated.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hyeopchi.core.canonical import canonical_json
from hyeopchi.reports.charts import BarChart, Series

REFERENCE = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


@dataclass(frozen=True)
class Ref:
    """A live reference in narrative: the figure's key and its value as printed."""

    key: str
    value: str
    label: str


Run = str | Ref


@dataclass(frozen=True)
class Prose:
    """Narrative: an optional heading and paragraphs of runs."""

    heading: str
    paragraphs: tuple[tuple[Run, ...], ...]
    kind: str = "prose"


@dataclass(frozen=True)
class Table:
    number: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    source: str = ""
    empty: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Figure:
    """A chart with its number and caption; its table (the same numbers) follows it."""

    number: str
    caption: str
    chart: BarChart
    table: Table
    kind: str = "figure"


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    affiliation: str
    kind: str = "quote"


Block = Prose | Table | Figure | Quote


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    sections: tuple[Section, ...]

    @property
    def anchor(self) -> str:
        return f"chapter-{self.number}"


@dataclass(frozen=True)
class Document:
    title: str
    publisher: str
    period: str
    as_of: str
    language: str
    chapters: tuple[Chapter, ...]
    figures: Mapping[str, str] = field(default_factory=dict)

    def canonical(self) -> str:
        return canonical_json(dataclasses.asdict(self))

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def tables(self) -> list[Table]:
        """Every table, those under figures included, in reading order."""
        found: list[Table] = []
        for block in self.blocks():
            if isinstance(block, Table):
                found.append(block)
            elif isinstance(block, Figure):
                found.append(block.table)
        return found

    def blocks(self) -> list[Block]:
        return [block for chapter in self.chapters for section in chapter.sections for block in section.blocks]


def references(text: str) -> list[str]:
    """The keys referred to in ``text``, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in REFERENCE.finditer(text):
        seen.setdefault(match.group(1), None)
    return list(seen)


def paragraphs(text: str, resolve: Callable[[str], Ref]) -> tuple[tuple[Run, ...], ...]:
    """``text`` split into paragraphs at blank lines, each a tuple of text and references
    resolved by ``resolve``; lines within a paragraph are joined by a space."""
    found = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        joined = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if not joined:
            continue
        runs: list[Run] = []
        position = 0
        for match in REFERENCE.finditer(joined):
            if match.start() > position:
                runs.append(joined[position : match.start()])
            runs.append(resolve(match.group(1)))
            position = match.end()
        if position < len(joined):
            runs.append(joined[position:])
        found.append(tuple(runs))
    return tuple(found)


def plain(runs: tuple[Run, ...]) -> str:
    """A paragraph as text, references replaced by their values."""
    return "".join(run if isinstance(run, str) else run.value for run in runs)


def cell(value: Any) -> str:
    """A table cell as printed: numbers with thousands separators, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "O" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _runs(runs: list[Any]) -> tuple[Run, ...]:
    return tuple(run if isinstance(run, str) else Ref(**run) for run in runs)


def _table_from(data: Mapping[str, Any]) -> Table:
    return Table(
        number=data["number"],
        caption=data["caption"],
        header=tuple(data["header"]),
        rows=tuple(tuple(row) for row in data["rows"]),
        numeric=tuple(data["numeric"]),
        source=data.get("source", ""),
        empty=data.get("empty", ""),
    )


def _block_from(data: Mapping[str, Any]) -> Block:
    kind = data["kind"]
    if kind == "prose":
        return Prose(data["heading"], tuple(_runs(p) for p in data["paragraphs"]))
    if kind == "quote":
        return Quote(data["text"], data["speaker"], data["affiliation"])
    if kind == "figure":
        chart = data["chart"]
        return Figure(
            data["number"],
            data["caption"],
            BarChart(
                title=chart["title"],
                description=chart["description"],
                categories=tuple(chart["categories"]),
                series=tuple(Series(s["name"], tuple(s["values"])) for s in chart["series"]),
                stacked=chart["stacked"],
            ),
            _table_from(data["table"]),
        )
    return _table_from(data)


def from_json(data: Mapping[str, Any]) -> Document:
    """A document from its stored JSON (``dataclasses.asdict``); the same content hash as before."""
    return Document(
        title=data["title"],
        publisher=data["publisher"],
        period=data["period"],
        as_of=data["as_of"],
        language=data["language"],
        chapters=tuple(
            Chapter(
                c["number"],
                c["title"],
                tuple(Section(s["title"], tuple(_block_from(b) for b in s["blocks"])) for s in c["sections"]),
            )
            for c in data["chapters"]
        ),
        figures=dict(data.get("figures", {})),
    )
