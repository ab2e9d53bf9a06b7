"""Searching proposals by the character bigrams of their words (see ``similarity.search_grams``).

SQLite answers from an FTS5 table of the terms, PostgreSQL from a GIN index on them; both are
made by migration 0003. A search for a one-letter word, which has no bigram, reads the titles and
bodies directly.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from hyeopchi.proposals.models import Proposal
from hyeopchi.proposals.similarity import search_grams

MAX_TERMS = 12


def matching(proposals: QuerySet[Proposal], query: str) -> QuerySet[Proposal]:
    """The proposals whose text holds every word of ``query`` (particles aside)."""
    grams = search_grams(query)[:MAX_TERMS]
    singles = [g for g in grams if len(g) == 1]
    pairs = [g for g in grams if len(g) > 1]
    if pairs:
        if connection.vendor == "sqlite":
            expression = " AND ".join(f'"{gram}"' for gram in pairs)
            proposals = proposals.filter(
                pk__in=RawSQL("SELECT rowid FROM proposals_search WHERE proposals_search MATCH %s", [expression])
            )
        elif connection.vendor == "postgresql":
            proposals = proposals.filter(
                pk__in=RawSQL(
                    "SELECT id FROM proposals_proposal WHERE to_tsvector('simple', search_tokens) "
                    "@@ plainto_tsquery('simple', %s)",
                    [" ".join(pairs)],
                )
            )
        else:
            for gram in pairs:
                proposals = proposals.filter(search_tokens__contains=gram)
    for single in singles:
        proposals = proposals.filter(Q(title__icontains=single) | Q(body__icontains=single))
    return proposals
