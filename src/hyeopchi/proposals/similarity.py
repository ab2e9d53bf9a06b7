"""Which existing proposals look like the one being written (Korean-aware, no model files).

Korean attaches particles and endings to words (그늘막을, 그늘막이, 설치해 주세요), so exact words
rarely match. Each word loses a known particle or ending, then becomes its character bigrams;
two texts are compared by the cosine of their bigram counts, the title counting twice. Pure:
strings in, scores out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Decidim shows at most 10 proposals at a trigram similarity of 0.25 or more.
THRESHOLD = 0.25
LIMIT = 10

# Longest first, so 에서는 goes before 에서 and 는.
_ENDINGS = sorted(
    [
        "해주시기",
        "바랍니다",
        "해주세요",
        "해주십시오",
        "하겠습니다",
        "합니다",
        "입니다",
        "습니다",
        "했으면",
        "하면",
        "해요",
        "해야",
        "하여",
        "해서",
        "되어",
        "되면",
        "되는",
        "에서는",
        "에서도",
        "으로는",
        "으로도",
        "에게서",
        "에서",
        "으로",
        "에게",
        "까지",
        "부터",
        "처럼",
        "보다",
        "이나",
        "에는",
        "에도",
        "과는",
        "와는",
        "이며",
        "이고",
        "하고",
        "라도",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "에",
        "의",
        "로",
        "와",
        "과",
        "도",
        "만",
        "요",
        "께",
    ],
    key=len,
    reverse=True,
)
# Nouns whose last syllable looks like a particle (횡단보도 is not 횡단보 + 도).
_KEEP_SUFFIXES = (
    "보도",
    "인도",
    "차도",
    "제도",
    "속도",
    "정도",
    "지도",
    "회의",
    "협의",
    "결과",
    "효과",
    "놀이",
    "사이",
    "거리",
    "자리",
    "도로",
    "에너지",
)
_WORD = re.compile(r"[0-9a-z가-힣]+")
_STOP = frozenset({"요청", "제안", "건의", "관련", "문제", "필요", "부탁", "시민", "광주", "개선"})


def _stem(word: str) -> str:
    """The word without a known particle or ending (at least one letter stays)."""
    for ending in () if word.endswith(_KEEP_SUFFIXES) else _ENDINGS:
        if len(word) > len(ending) and word.endswith(ending):
            return word[: -len(ending)]
    return word


def stems(text: str) -> list[str]:
    return [_stem(word) for word in _WORD.findall(unicodedata.normalize("NFKC", text).lower())]


def words(text: str) -> list[str]:
    """Normalised words without their particles or endings, stop words left out."""
    return [word for word in stems(text) if word and word not in _STOP]


def bigrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in words(text):
        if len(word) == 1:
            continue
        grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


def profile(title: str, body: str = "") -> Counter[str]:
    """The bigram counts of a proposal, the title counting twice."""
    counts = bigrams(title)
    counts.update(counts)
    counts.update(bigrams(body))
    return counts


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[gram] for gram, count in a.items() if gram in b)
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm


def search_terms(title: str, limit: int = 8) -> list[str]:
    """Bigrams of the title to find candidates with, rarest-looking (least repeated) first."""
    grams = bigrams(title)
    return [gram for gram, _ in sorted(grams.items(), key=lambda item: (item[1], item[0]))][:limit]


@dataclass(frozen=True)
class Match:
    key: int
    score: float


def rank(
    title: str,
    body: str,
    candidates: Iterable[tuple[int, str, str]],
    *,
    threshold: float = THRESHOLD,
    limit: int = LIMIT,
) -> list[Match]:
    """Candidates ``(key, title, body)`` scoring at least ``threshold``, best first."""
    query = profile(title, body)
    scored = [Match(key, round(cosine(query, profile(t, b)), 4)) for key, t, b in candidates]
    kept = [m for m in scored if m.score >= threshold]
    kept.sort(key=lambda m: (-m.score, m.key))
    return kept[:limit]


def precision_recall(predicted: Sequence[int], relevant: Iterable[int]) -> tuple[float | None, float | None]:
    relevant_set = set(relevant)
    hits = sum(1 for key in predicted if key in relevant_set)
    precision = hits / len(predicted) if predicted else None
    recall = hits / len(relevant_set) if relevant_set else None
    return precision, recall


def search_grams(text: str) -> list[str]:
    """The terms a text is indexed and searched by: each word's character bigrams.

    Words keep their stop words here (a search for 요청 should find 요청); a one-letter word is
    its own term. Terms are distinct, in order of appearance.
    """
    grams: dict[str, None] = {}
    for stem in stems(text):
        if len(stem) == 1:
            grams.setdefault(stem)
        for i in range(len(stem) - 1):
            grams.setdefault(stem[i : i + 2])
    return list(grams)
