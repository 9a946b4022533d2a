"""Ship the statutory document kinds and their number patterns (yifa/documents/data/document_kinds.json)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "document_kinds.json"


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        DocumentKind.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
