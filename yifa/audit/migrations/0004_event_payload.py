"""Store with each audit event the canonical JSON its hash was computed over.

Existing events get it re-derived from their columns exactly as `verify` used to (in batches
of 5,000 by id); an event whose columns were already altered gets the altered text, and its
hash no longer matches, so `verify` still reports it.
"""

import json
from datetime import UTC

from django.db import migrations, models

BATCH = 5000
FIELDS = ("chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id",
          "agency_id", "before", "after")


def canonical(row: dict) -> str:
    # Frozen copy of chain.event_fields + chain.canonical_text as of this migration.
    row = {**row, "at": row["at"].astimezone(UTC).isoformat(timespec="microseconds")}
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fill(apps, schema_editor):
    event = apps.get_model("audit", "AuditEvent")
    table = schema_editor.connection.ops.quote_name(event._meta.db_table)
    last = 0
    while True:
        rows = list(event.objects.filter(pk__gt=last).order_by("pk").values("pk", *FIELDS)[:BATCH])
        if not rows:
            return
        with schema_editor.connection.cursor() as cur:
            cur.executemany(f"UPDATE {table} SET payload = %s WHERE id = %s",  # noqa: S608 -- the model's table
                            [(canonical({f: r[f] for f in FIELDS}), r["pk"]) for r in rows])
        last = rows[-1]["pk"]


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_merge_seal_changes'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='payload',
            field=models.TextField(blank=True, default='', verbose_name='规范内容'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
