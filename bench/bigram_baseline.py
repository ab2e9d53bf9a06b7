"""The similar-proposal method the platform used before concepts: each word loses a known
particle or ending, then becomes its character bigrams; the title counts twice. Kept here as the
benchmark's baseline (bench_similarity.py scores it beside the method in use, in the same run).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

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
