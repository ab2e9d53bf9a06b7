"""Korean words as search finds them: the content morphemes of a text, by kiwipiepy.

Korean attaches particles and endings to words (그늘막을, 설치해 주세요) and writes compounds with
or without spaces (버스노선, 버스 노선). kiwipiepy's morphological analyser splits both: nouns, verb
and adjective stems, roots, foreign words and numbers are kept; particles, endings and suffixes go.
Its model ships as a package (kiwipiepy-model), so nothing is downloaded. The analyser loads once
per process (about 2 s and 300 MB; ``warm_up`` does it before a server forks its workers) and is
then shared; one call takes about a millisecond.
"""

from __future__ import annotations

import threading
import unicodedata
import warnings
from functools import lru_cache
from typing import Any

from kiwipiepy import Kiwi  # type: ignore[import-untyped]

# Nouns (common, proper, numerals), roots, foreign words, numbers, hanja, verb and adjective stems.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "XR", "SL", "SN", "SH", "VV", "VA"})
# Longer texts are cut: a search or a title is short, a body's first part carries its subject.
MAX_CHARACTERS = 20_000

_lock = threading.Lock()
_analyser: Any = None


def analyser() -> Any:
    """The process's one analyser, made on first use."""
    global _analyser
    if _analyser is None:
        with _lock:
            if _analyser is None:
                # No thread pool (0: the analysis runs in the calling thread), since a server
                # forks its workers after loading it; the notice about 0's meaning is expected.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    kiwi = Kiwi(num_workers=0)
                kiwi.tokenize("준비")  # the model loads on the first analysis
                _analyser = kiwi
    return _analyser


def warm_up() -> None:
    """Load the analyser now (a server calls this before it forks its workers)."""
    analyser()


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """The content morphemes of ``text``, lower-cased, in order (repeats kept)."""
    normal = unicodedata.normalize("NFKC", text[:MAX_CHARACTERS]).lower().replace("\x00", " ")
    if not normal.strip():
        return ()
    return tuple(token.form for token in analyser().tokenize(normal) if token.tag.split("-")[0] in CONTENT_TAGS)


def _pieces(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def index_terms(text: str) -> list[str]:
    """The terms a text is indexed by: its content words, and the two-letter pieces of each word
    of three letters or more (a search for 횡단 finds 횡단보도). Distinct, in order."""
    terms: dict[str, None] = {}
    for word in content_words(text):
        terms.setdefault(word)
        if len(word) >= 3:
            for piece in _pieces(word):
                terms.setdefault(piece)
    return list(terms)


def query_terms(text: str) -> list[str]:
    """The terms a search asks for: its content words, distinct, in order."""
    return list(dict.fromkeys(content_words(text)))
