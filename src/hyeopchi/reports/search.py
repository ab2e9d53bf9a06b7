"""One search over a site's public records: the entries of ``search_index``, narrowed by facets,
newest first. An entry matches when it holds every word of the query: the word's content words, or
the two-letter pieces of its stem as written (``core.korean.query_words``), so 그늘막, 그늘막을 and
그늘막 설치 find each other however the analyser splits them.

SQLite answers from an FTS5 table of the entries' terms, PostgreSQL from a GIN index on them (both
made by migration 0002). A query of only signs (no word) reads the titles.
Three queries answer any search: the facets' counts (one grouping of the matching entries by type,
body, year and status, from which every facet is counted with the other facets' choices applied,
as faceted search does), the page of results with each one's snippet cut by the database around
the first term it holds, and the names of the bodies shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf, StrIndex, Substr
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hyeopchi.budgeting.enums import Feasibility
from hyeopchi.core.korean import query_words
from hyeopchi.meetings.enums import Decision, DocumentKind, MeetingStatus, MinutesStatus
from hyeopchi.meetings.selectors import AWAITING_RECORD
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.enums import ProposalStatus
from hyeopchi.reports.enums import SearchKind
from hyeopchi.reports.models import SearchEntry
from hyeopchi.tasks.enums import TaskStatus

MAX_TERMS = 12
MAX_QUERY = 200
PAGE_SIZE = 20
# A snippet: this many characters before the first term found, and this many in all.
SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 220
FACETS = ("kind", "body", "year", "status")
# Beyond this many results a page is read by walking the newest-first index (the matches come soon);
# below it, from the text index's matches, sorted.
WALK_ABOVE = 1000


@dataclass(frozen=True)
class Filters:
    """The facets chosen (empty: any)."""

    kind: str = ""
    body: int | None = None
    year: int | None = None
    status: str = ""

    def value(self, facet: str) -> Any:
        return getattr(self, facet)


@dataclass(frozen=True)
class Hit:
    """One result: its entry (title, date, body, target) and its snippet, in pieces, each marked
    when it is a searched term."""

    entry: SearchEntry
    snippet: list[tuple[str, bool]]


@dataclass
class Results:
    query: str
    terms: list[str]
    filters: Filters
    total: int
    page: int
    pages: int
    hits: list[Hit]
    # facet → [(value, count)], the most frequent first (years newest first; types in their order)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    bodies: dict[int, Organization] = field(default_factory=dict)


_TERM = re.compile(r"^\w+$")


def _alternatives(words: list[tuple[str, list[list[str]]]]) -> list[list[list[str]]]:
    """Each word's sets of terms, only plain word characters kept (nothing a text-search syntax reads)."""
    found = []
    for _stem, alternatives in words:
        kept = [[term for term in terms if _TERM.match(term)][:MAX_TERMS] for terms in alternatives]
        kept = [terms for terms in kept if terms]
        if kept:
            found.append(kept)
    return found


def _matching(
    entries: QuerySet[SearchEntry], query: str, words: list[list[list[str]]], *, walking: bool = False
) -> QuerySet[SearchEntry]:
    """The entries holding every word; ``walking``: for a query that reads entries in date order and
    stops at a page, on PostgreSQL testing each row's stored vector rather than reading the index's
    matches."""
    if not words:
        words_as_typed = query.strip()
        return entries.filter(title__icontains=words_as_typed) if words_as_typed else entries
    if connection.vendor == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(f'"{term}"' for term in terms) + ")" for terms in word) + ")"
            for word in words
        )
        return entries.filter(
            pk__in=RawSQL("SELECT rowid FROM reports_search WHERE reports_search MATCH %s", [expression])
        )
    if connection.vendor == "postgresql":
        expression = " & ".join(
            "(" + " | ".join("(" + " & ".join(f"'{term}'" for term in terms) + ")" for terms in word) + ")"
            for word in words
        )
        if walking:
            return entries.filter(
                RawSQL("terms_vector @@ to_tsquery('simple', %s)", [expression], output_field=BooleanField())
            )
        # The condition itself, not ``id IN (…)``: the planner then reads only the index's matches
        # (with the subquery it scanned the whole table to join them: 66 against 28 ms for the facet
        # counts of a word found 19,250 times in 100,000 entries).
        return entries.filter(
            RawSQL(
                "to_tsvector('simple', terms) @@ to_tsquery('simple', %s)", [expression], output_field=BooleanField()
            )
        )
    condition = Q()
    for word in words:
        either = Q()
        for terms in word:
            both = Q()
            for term in terms:
                both &= Q(terms__contains=term)
            either |= both
        condition &= either
    return entries.filter(condition)


def _chosen(filters: Filters, but: str = "") -> dict[str, Any]:
    return {facet: filters.value(facet) for facet in FACETS if facet != but and filters.value(facet) not in ("", None)}


def _agrees(row: dict[str, Any], chosen: dict[str, Any]) -> bool:
    return all(row[facet] == value for facet, value in chosen.items())


def _facets(rows: list[dict[str, Any]], filters: Filters) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """The number of results, and each facet's values counted with the other facets' choices."""
    total = sum(row["n"] for row in rows if _agrees(row, _chosen(filters)))
    facets: dict[str, list[tuple[Any, int]]] = {}
    order = {kind.value: n for n, kind in enumerate(SearchKind)}
    for facet in FACETS:
        chosen = _chosen(filters, but=facet)
        counts: Counter[Any] = Counter()
        for row in rows:
            if row[facet] not in ("", None) and _agrees(row, chosen):
                counts[row[facet]] += row["n"]
        if facet == "kind":
            facets[facet] = sorted(counts.items(), key=lambda pair: order.get(pair[0], len(order)))
        elif facet == "year":
            facets[facet] = sorted(counts.items(), reverse=True)
        else:
            facets[facet] = sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))
    return total, facets


def _snippet_start(terms: list[str]) -> Any:
    """Where the snippet starts: a little before the first of the first three terms the text holds."""
    if not terms:
        return Value(1)
    found = [NullIf(StrIndex("text", Value(term)), Value(0)) for term in terms[:3]]
    first = Coalesce(*found, Value(1)) if len(found) > 1 else Coalesce(found[0], Value(1))
    return Greatest(first - Value(SNIPPET_BEFORE), Value(1))


def _pieces(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut where a term occurs, each occurrence marked."""
    if not terms or not text:
        return [(text, False)] if text else []
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def search(site: Organization, query: str, filters: Filters | None = None, *, page: int = 1) -> Results:
    """The public entries of ``site`` that hold every content word of ``query`` (all of them for an
    empty query), narrowed by ``filters``, newest first, a page of ``PAGE_SIZE`` at a time."""
    filters = filters or Filters()
    query = query.strip()[:MAX_QUERY]
    analysed = query_words(query)
    # What a result marks: each word's stem, and its content words.
    terms = list(
        dict.fromkeys(
            [stem for stem, _alts in analysed] + [t for _stem, alts in analysed for t in (alts[0] if alts else [])]
        )
    )
    public = SearchEntry.objects.filter(site=site, public=True)
    alternatives = _alternatives(analysed)
    rows = list(_matching(public, query, alternatives).values(*FACETS).annotate(n=Count("id")).order_by())
    total, facets = _facets(rows, filters)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chosen = _chosen(filters)
    if "year" in chosen:  # as a range of dates, which the newest-first index walks
        year = chosen.pop("year")
        chosen |= {"date__gte": dt.date(year, 1, 1), "date__lte": dt.date(year, 12, 31)}
    listed = (
        _matching(public, query, alternatives, walking=total > WALK_ABOVE)
        .filter(**chosen)
        .annotate(excerpt=Substr("text", _snippet_start(terms), SNIPPET_LENGTH))
        .only("kind", "body", "year", "date", "status", "title", "target", "site")
        .order_by("-date", "-id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    hits = []
    for entry in listed if total else []:
        excerpt = " ".join(str(getattr(entry, "excerpt", "")).split())
        hits.append(Hit(entry=entry, snippet=_pieces(excerpt, terms)))
    wanted = {hit.entry.body_id for hit in hits} | {value for value, _count in facets.get("body", [])}
    bodies = {o.pk: o for o in Organization.objects.filter(pk__in=[pk for pk in wanted if pk is not None])}
    return Results(
        query=query,
        terms=terms,
        filters=filters,
        total=total,
        page=page,
        pages=pages,
        hits=hits,
        facets=facets,
        bodies=bodies,
    )


def status_labels() -> dict[tuple[str, str], str]:
    """What each type's statuses are called, in the current language."""
    kinds: dict[str, list[tuple[str, Any]]] = {
        SearchKind.MEETING: [*MeetingStatus.choices, (AWAITING_RECORD, _("record pending"))],
        SearchKind.AGENDA_ITEM: Decision.choices,
        SearchKind.MINUTES: MinutesStatus.choices,
        SearchKind.PROPOSAL: ProposalStatus.choices,
        SearchKind.TASK: TaskStatus.choices,
        SearchKind.PROGRESS_REPORT: TaskStatus.choices,
        SearchKind.BUDGET_PROJECT: [*Feasibility.choices, ("selected", pgettext("budget project", "selected"))],
        SearchKind.DOCUMENT: [
            *DocumentKind.choices,
            ("evidence", _("evidence of progress")),
            ("project_file", _("budget project file")),
        ],
    }
    return {(str(kind), str(value)): str(label) for kind, choices in kinds.items() for value, label in choices}
