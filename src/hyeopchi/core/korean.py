"""Korean words as search finds them: the content morphemes of a text, by kiwipiepy.

Korean attaches particles and endings to words (그늘막을, 설치해 주세요) and writes compounds with
or without spaces (버스노선, 버스 노선). kiwipiepy's morphological analyser splits both: nouns, verb
and adjective stems, roots, foreign words and numbers are kept; particles, endings and suffixes go.
Its model ships as a package (kiwipiepy-model), so nothing is downloaded. The analyser loads once
per process (about 2 s and 300 MB; ``warm_up`` does it before a server forks its workers) and is
then shared; one call takes about a millisecond.
"""

from __future__ import annotations

import re
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


def _normal(text: str) -> str:
    """The text as analysed: its first ``MAX_CHARACTERS``, NFKC-normalised, lower-cased."""
    return unicodedata.normalize("NFKC", text[:MAX_CHARACTERS]).lower()


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """The content morphemes of ``text``, lower-cased, in order (repeats kept)."""
    normal = _normal(text).replace("\x00", " ")
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


# -- the site search: morphemes and the pieces of words as written ----------------------------------
#
# The analyser reads a word alone less surely than in a sentence (그늘막 alone comes out as an
# interjection and two adverbs; 그늘막을 as 그늘 + 막), so the site search also keeps the two-letter
# pieces of every word as written. A word of a query then matches a text that holds all its content
# words, or all the pieces of its stem (the word without its particles and endings).

_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Trailing parts of a word that are not its stem: particles, endings, suffixes, the copula, signs.
_NOT_STEM = ("J", "E", "XS", "VC", "S")
MAX_QUERY_WORDS = 8


def _written_words(text: str) -> list[str]:
    return _WORD.findall(_normal(text))


def _pieces_of(word: str) -> list[str]:
    """A word's two-letter pieces; a word of one letter is its own piece."""
    return _pieces(word) if len(word) >= 2 else [word]


def written_pieces(text: str) -> list[str]:
    """The two-letter pieces of the words of ``text`` that hold Hangul, as written (particles
    included), distinct, in order."""
    terms: dict[str, None] = {}
    for word in _written_words(text):
        if _HANGUL.search(word):
            terms.update(dict.fromkeys(_pieces_of(word)))
    return list(terms)


def search_terms(text: str) -> list[str]:
    """What the site search indexes a text by: its ``index_terms`` and its ``written_pieces``."""
    return list(dict.fromkeys([*index_terms(text), *written_pieces(text)]))


def query_words(text: str) -> list[tuple[str, list[list[str]]]]:
    """Each word of a query (at most ``MAX_QUERY_WORDS``): its stem, to mark in a result, and the
    sets of terms any one of which, held whole, matches it — its content words, and the pieces of
    its stem."""
    words: list[tuple[str, list[list[str]]]] = []
    for word in _written_words(text)[:MAX_QUERY_WORDS]:
        tokens = list(analyser().tokenize(word))
        content = list(dict.fromkeys(t.form for t in tokens if t.tag.split("-")[0] in CONTENT_TAGS))
        while tokens and tokens[-1].tag.startswith(_NOT_STEM):
            tokens.pop()
        stem = word[: tokens[-1].start + tokens[-1].len] if tokens else word
        alternatives = [content] if content else []
        if _HANGUL.search(stem):
            pieces = list(dict.fromkeys(_pieces_of(stem)))
            if pieces not in alternatives:
                alternatives.append(pieces)
        elif not content:
            alternatives.append([stem])
        words.append((stem, alternatives))
    return words
