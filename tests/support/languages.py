"""Finds text in the wrong language on a page: English words on a Korean page, Hangul on an English
page, outside the parts marked with their own language (``lang``), code, scripts and ``translate="no"``.

A Korean page may quote English inside Korean text (골목길 LED 가로등, ‘Man-to-man빨간펜’): a text
with Hangul in it is Korean. The window title is left out: it cannot mark a part's language.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
# Names and formats written the same in both languages.
SHARED = frozenset(
    [
        "CSV",
        "XLSX",
        "JSON",
        "iCal",
        "API",
        "RRULE",
        "PDF",
        "HWP",
        "HWPX",
        "DOCX",
        "PNG",
        "JPEG",
        "OpenAPI",
        "URL",
        "TOTP",
        "SMS",
        "ICS",
        "UTF",
        "BOM",
        "YAML",
        "Kakao",
        "Naver",
        "KRW",
    ]
)
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
ADDRESS = re.compile(r"https?://\S+|\S+@\S+|/[\w./?=&%#-]+")


class _Sweep(HTMLParser):
    def __init__(self, page_language: str, names: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.shared = SHARED | names
        self.open: list[tuple[str, str, bool]] = []  # tag, its lang, whether its text is exempt
        self.found: list[str] = []

    def _language(self) -> str:
        return next((lang for _, lang, _ in reversed(self.open) if lang), self.page_language)

    def _exempt(self) -> bool:
        return any(exempt for _, _, exempt in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        lang = values.get("lang", "")[:2]
        exempt = tag in {"script", "style", "code", "pre", "title"} or values.get("translate") == "no"
        if tag != "html" and tag not in VOID:
            self.open.append((tag, lang, exempt))
        if exempt or self._exempt():
            return
        language = lang or self._language()
        for name in ("aria-label", "title", "placeholder", "alt"):
            if values.get(name):
                self._check(values[name], language)
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self._check(values["value"], language)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._exempt():
            self._check(data, self._language())

    def _check(self, text: str, language: str) -> None:
        text = ADDRESS.sub(" ", text)
        if language == "ko":
            if not HANGUL.search(text) and any(word not in self.shared for word in WORD.findall(text)):
                self.found.append(" ".join(text.split()))
        elif language == "en" and HANGUL.search(text):
            self.found.append(" ".join(text.split()))


def wrong_language(html: str, page_language: str, names: frozenset[str] = frozenset()) -> list[str]:
    """The texts of ``html`` that are not in the language they are marked (or the page is) in;
    ``names`` (the signed-in person's user name) are the same in every language."""
    sweep = _Sweep(page_language, names)
    sweep.feed(html)
    return sweep.found
