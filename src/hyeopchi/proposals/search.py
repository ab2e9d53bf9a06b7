"""Searching proposals by the content words of their text (``core.korean``, kiwipiepy's analysis).

SQLite answers from an FTS5 table of the terms, PostgreSQL from a GIN index on them; both were made
by migration 0002, and migration 0005 recomputed the terms by morphemes. A query of only particles
or signs (no content word) reads the titles and bodies directly.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from hyeopchi.core.korean import query_terms
from hyeopchi.proposals.models import Proposal

MAX_TERMS = 12


def matching(proposals: QuerySet[Proposal], query: str) -> QuerySet[Proposal]:
    """The proposals whose text holds every content word of ``query`` (particles and endings
    aside, compounds written with or without spaces alike)."""
    terms = query_terms(query)[:MAX_TERMS]
    if not terms:
        words = query.strip()[:100]
        return proposals.filter(Q(title__icontains=words) | Q(body__icontains=words)) if words else proposals
    if connection.vendor == "sqlite":
        expression = " AND ".join(f'"{term}"' for term in terms)
        return proposals.filter(
            pk__in=RawSQL("SELECT rowid FROM proposals_search WHERE proposals_search MATCH %s", [expression])
        )
    if connection.vendor == "postgresql":
        return proposals.filter(
            pk__in=RawSQL(
                "SELECT id FROM proposals_proposal WHERE to_tsvector('simple', search_tokens) "
                "@@ plainto_tsquery('simple', %s)",
                [" ".join(terms)],
            )
        )
    for term in terms:
        proposals = proposals.filter(search_tokens__contains=term)
    return proposals
