"""The civic concepts changed (one request per group in the labelled sets, ADR 12): every proposal's
kept terms are computed again with the current list."""

from importlib import import_module

from django.db import migrations

compute_terms = import_module("hyeopchi.proposals.migrations.0006_similarity_terms").compute_terms


class Migration(migrations.Migration):
    dependencies = [("proposals", "0006_similarity_terms")]

    operations = [migrations.RunPython(compute_terms, migrations.RunPython.noop, elidable=True)]
