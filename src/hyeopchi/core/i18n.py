"""Choosing between a Korean text and its English version for the page being rendered."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, override


def in_page_language(korean: str, english: str) -> str:
    """The English text when the page is in English and one is known, else the Korean."""
    if english and (get_language() or "ko").startswith("en"):
        return english
    return korean


class BilingualTitleMixin:
    """``display_title`` for models with a Korean ``title`` and an optional ``title_en``."""

    title: str
    title_en: str

    @property
    def display_title(self) -> str:
        return in_page_language(self.title, self.title_en)


def bilingual(message: Any, **values: Any) -> tuple[str, str]:
    """A lazy message in Korean and in English, for texts stored once for everyone (notifications)."""
    texts = []
    for language in ("ko", "en"):
        with override(language):
            texts.append(str(message) % {key: str(value) for key, value in values.items()})
    return texts[0], texts[1]
