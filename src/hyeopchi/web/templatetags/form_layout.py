"""Template filters for laying out a form in groups."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def fields_named(form: forms.Form, names: str) -> list[forms.BoundField]:
    """The bound fields of ``form`` named in ``names`` (separated by spaces), in that order."""
    return [form[name] for name in names.split()]
