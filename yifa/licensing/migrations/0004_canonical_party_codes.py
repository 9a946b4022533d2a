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
    Application = apps.get_model("licensing", "LicenceApplication")
    rows = Application.objects.values_list("pk", "applicant_kind", "applicant_code", "applicant_phone")
    for pk, kind, code, phone in rows.iterator():
        new = {"applicant_code": stored_party_code(kind, code), "applicant_phone": stored_phone(phone)}
        if new != {"applicant_code": code, "applicant_phone": phone}:
            Application.objects.filter(pk=pk).update(**new)
    Licence = apps.get_model("licensing", "Licence")
    for pk, kind, code in Licence.objects.values_list("pk", "application__applicant_kind", "holder_code").iterator():
        if (new := stored_party_code(kind, code)) != code:
            Licence.objects.filter(pk=pk).update(holder_code=new)


class Migration(migrations.Migration):

    dependencies = [("licensing", "0003_step_record")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
