"""Choosing between a Korean text and its English version for the page being rendered."""

from __future__ import annotations

from django.utils.translation import get_language


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
