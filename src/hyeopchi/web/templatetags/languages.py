"""The language of a part of a page (WCAG 3.1.2): records kept only in Korean (a proposal's title,
a body without an English name, a grade) are marked ``lang="ko"`` where they appear on an English
page, so screen readers speak them in Korean and the language sweep can tell them from the
interface. A built-in of the templates (settings.TEMPLATES), so no template loads it."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy

register = template.Library()

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


@register.filter
def ko(value: Any) -> SafeString:
    """``value`` escaped, inside ``<span lang="ko">`` when it is Korean text on a page that is not."""
    text = "" if value is None else str(value)
    if HANGUL.search(text) and not (get_language() or "ko").startswith("ko"):
        return format_html('<span lang="ko">{}</span>', text)
    return SafeString(conditional_escape(text))


@register.filter
def lang_attribute(value: Any) -> SafeString:
    """`` lang="ko"`` for an element holding only ``value`` (an option of a select, which holds text
    only) when it is Korean text on a page that is not; else nothing."""
    text = "" if value is None else str(value)
    if HANGUL.search(text) and not (get_language() or "ko").startswith("ko"):
        return SafeString(' lang="ko"')
    return SafeString("")


# The grade words of Korean evaluations (정부합동평가, 경영평가, 혁신평가), in the page's language;
# a framework's other grades (S, A, 가, 나 …) are shown as written.
GRADE_NAMES = {
    "최우수": pgettext_lazy("grade", "outstanding"),
    "매우 우수": pgettext_lazy("grade", "very good"),
    "매우우수": pgettext_lazy("grade", "very good"),
    "우수": pgettext_lazy("grade", "good"),
    "보통": pgettext_lazy("grade", "average"),
    "미흡": pgettext_lazy("grade", "below average"),
    "매우 미흡": pgettext_lazy("grade", "poor"),
    "매우미흡": pgettext_lazy("grade", "poor"),
}


@register.filter
def grade_name(value: Any) -> SafeString:
    """A grade in the page's language when it is one of the usual grade words, else as written."""
    text = "" if value is None else str(value)
    known = GRADE_NAMES.get(text.strip())
    return ko(known if known is not None else text)
