"""Which existing proposals ask for the same thing as the one being written (no model files).

A proposal becomes its terms: the content morphemes of its title and body (``core.korean``, which
takes particles, endings and spacing out of the way), each replaced by the civic concept it stands
for (``proposals.concepts``: 개똥 and 배설물 are one term), without the words every request uses
(요청, 설치, 주민 …). Two proposals are compared by the cosine of their term counts, the title
counting twice. Pure: strings in, scores out.

On the similarity benchmark (bench/bench_similarity.py), at the threshold in use, this scores
precision 0.809 at recall 0.804 on the tuning set, 0.891 at 0.573 on the held-out set and 0.801 at
0.500 on the second held-out set (mostly themes the concepts were not written for), where the
character bigrams it replaced scored 0.761 / 0.490, 0.886 / 0.380 and 0.675 / 0.320.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hyeopchi.core.korean import content_words
from hyeopchi.proposals.concepts import concept

# Chosen on the tuning set: the highest threshold whose recall there is at least 0.8.
THRESHOLD = 0.35
LIMIT = 10
# The title's concepts that find candidates, at most.
SEARCH_TERMS = 8

# What nearly every request says, whatever it asks for.
STOP = frozenset(
    {
        "요청",
        "제안",
        "건의",
        "부탁",
        "관련",
        "문제",
        "필요",
        "시민",
        "주민",
        "설치",
        "확대",
        "지원",
        "개선",
        "늘리",
        "만들",
        "하",
        "있",
        "없",
        "되",
        "주",
        "좋",
        "많",
        "같",
        "수",
        "곳",
        "때",
        "것",
        "등",
    }
)


def terms(text: str) -> list[str]:
    """The concepts of ``text``'s content words, in order, common request words left out."""
    return [concept(word) for word in content_words(text) if word not in STOP]


def profile(title: str, body: str = "") -> Counter[str]:
    """The term counts of a proposal, the title counting twice."""
    counts = Counter(terms(title))
    counts.update(counts)
    counts.update(terms(body))
    return counts


def stored(title: str, body: str = "") -> str:
    """``profile`` as a proposal keeps it: each term as often as it counts, between spaces (so a
    whole term can be looked for as `` term ``)."""
    counts = profile(title, body)
    return " " + " ".join(term for term, n in sorted(counts.items()) for _ in range(n)) + " " if counts else ""


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm


def search_terms(title: str) -> list[str]:
    """The title's distinct terms, to find candidates with."""
    return list(dict.fromkeys(terms(title)))[:SEARCH_TERMS]


@dataclass(frozen=True)
class Match:
    key: int
    score: float


def rank(
    title: str, body: str, candidates: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD, limit: int = LIMIT
) -> list[Match]:
    """Candidates ``(key, stored terms)`` scoring at least ``threshold``, best first."""
    query = profile(title, body)
    scored = [Match(key, round(cosine(query, Counter(text.split())), 4)) for key, text in candidates]
    kept = [m for m in scored if m.score >= threshold]
    kept.sort(key=lambda m: (-m.score, m.key))
    return kept[:limit]


def precision_recall(predicted: Sequence[int], relevant: Iterable[int]) -> tuple[float | None, float | None]:
    relevant_set = set(relevant)
    hits = sum(1 for key in predicted if key in relevant_set)
    precision = hits / len(predicted) if predicted else None
    recall = hits / len(relevant_set) if relevant_set else None
    return precision, recall
