"""Signals a domain sends where Django's own do not fire.

A bulk write (``write_rows``, ``bulk_create``, ``QuerySet.update``) saves no model instance, so
``post_save`` is silent; the code that writes in bulk sends ``rows_written`` with the model and the
primary keys it touched, once the rows are written (inside its transaction). Receivers that keep
derived data (the site search) listen to both.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender: the model class; pks: the primary keys of the rows inserted or changed.
rows_written = Signal()
