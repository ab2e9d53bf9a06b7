"""Template filters for laying out a form in groups."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def fields_named(form: forms.Form, names: str) -> list[forms.BoundField]:
    """The bound fields of ``form`` named in ``names`` (separated by spaces), in that order; names
    the form does not have (a field it removed) are skipped."""
    return [form[name] for name in names.split() if name in form.fields]
