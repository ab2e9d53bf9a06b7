"""Similar proposals by civic concepts: each proposal keeps its terms (``similarity.stored``).

On SQLite, adding a column rebuilds the table, and the rebuilt table has lost the triggers that
keep the search table in step (0002): they are made again.
"""

from typing import Any

from django.db import migrations, models

from hyeopchi.proposals.similarity import stored

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS proposals_search_insert",
    "DROP TRIGGER IF EXISTS proposals_search_update",
    "DROP TRIGGER IF EXISTS proposals_search_delete",
    "CREATE TRIGGER proposals_search_insert AFTER INSERT ON proposals_proposal BEGIN "
    "INSERT INTO proposals_search(rowid, tokens) VALUES (new.id, new.search_tokens); END",
    "CREATE TRIGGER proposals_search_update AFTER UPDATE OF search_tokens ON proposals_proposal "
    "BEGIN UPDATE proposals_search SET tokens = new.search_tokens WHERE rowid = new.id; END",
    "CREATE TRIGGER proposals_search_delete AFTER DELETE ON proposals_proposal BEGIN "
    "DELETE FROM proposals_search WHERE rowid = old.id; END",
]


def restore_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def compute_terms(apps: Any, schema_editor: Any) -> None:
    Proposal = apps.get_model("proposals", "Proposal")
    for proposal in Proposal.objects.only("pk", "title", "body").iterator(chunk_size=2000):
        Proposal.objects.filter(pk=proposal.pk).update(similarity_terms=stored(proposal.title, proposal.body))


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_search_by_morphemes")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="similarity_terms",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(restore_triggers, restore_triggers, elidable=False),
        migrations.RunPython(compute_terms, migrations.RunPython.noop, elidable=True),
    ]
