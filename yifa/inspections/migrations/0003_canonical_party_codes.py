"""Codes entered before they were checked are rewritten in their one stored form
(yifa.lib.idcodes: full-width to ASCII, spaces and hyphens removed, upper case, a 15-digit resident
ID as its 18-digit form), so that searches match them. A value
that is not a valid code (masked, a wrong check character) is left as it is: this migration
changes how a number is written, never which number it is, and never fails on old data.
"""

from typing import Any

from django.db import migrations

from yifa.lib.idcodes import stored_party_code


def canonicalise(apps: Any, schema_editor: Any) -> None:
    Inspection = apps.get_model("inspections", "Inspection")
    for pk, code in Inspection.objects.values_list("pk", "party_code").iterator():
        if (new := stored_party_code(None, code)) != code:  # no kind on the record: either code
            Inspection.objects.filter(pk=pk).update(party_code=new)


class Migration(migrations.Migration):

    dependencies = [("inspections", "0002_status_version_steps")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
