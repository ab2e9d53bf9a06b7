"""Money and scores on the budget pages: 1234567 → "1,234,567원"."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def won(value: Any) -> str:
    """Whole won with thousands separators (an exact fraction rounded to the nearest won)."""
    if value is None or value == "":
        return "—"
    amount = round(Fraction(value)) if not isinstance(value, int) else value
    return _("%(amount)s won") % {"amount": f"{amount:,}"}


@register.filter
def negate(value: Any) -> Any:
    return -value


@register.filter
def score(value: Fraction) -> str:
    """A whole score as it is, a weighted one to two decimals."""
    exact = Fraction(value)
    return f"{int(exact):,}" if exact.denominator == 1 else f"{float(exact):,.2f}"
