"""Codes and phones entered before they were checked are rewritten in their one stored form
(yifa.lib.idcodes: full-width to ASCII, spaces and hyphens removed, upper case, a 15-digit resident
ID as its 18-digit form, phones as 13812345678 / 0579-84123456), so that searches match them. A value
that is not a valid code or phone (masked, a wrong check character) is left as it is: this migration
changes how a number is written, never which number it is, and never fails on old data.
"""

from typing import Any

from django.db import migrations

from yifa.lib.idcodes import stored_party_code, stored_phone


def canonicalise(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    for pk, kind, code, phone in Case.objects.values_list("pk", "party_kind", "party_code", "party_phone").iterator():
        new = {"party_code": stored_party_code(kind, code), "party_phone": stored_phone(phone)}
        if new != {"party_code": code, "party_phone": phone}:
            Case.objects.filter(pk=pk).update(**new)


class Migration(migrations.Migration):

    dependencies = [("cases", "0003_step_record")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
