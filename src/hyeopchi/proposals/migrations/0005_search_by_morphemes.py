"""Search terms by morphemes (ADR 11): every proposal's terms are recomputed; the SQLite trigger
and the PostgreSQL index follow the column."""

from typing import Any

from django.db import migrations

from hyeopchi.core.korean import index_terms


def recompute_terms(apps: Any, schema_editor: Any) -> None:
    Proposal = apps.get_model("proposals", "Proposal")
    for proposal in Proposal.objects.only("pk", "title", "body").iterator(chunk_size=2000):
        Proposal.objects.filter(pk=proposal.pk).update(
            search_tokens=" ".join(index_terms(f"{proposal.title} {proposal.body}"))
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_comment_edits_and_revisions")]

    operations = [migrations.RunPython(recompute_terms, migrations.RunPython.noop, elidable=True)]
