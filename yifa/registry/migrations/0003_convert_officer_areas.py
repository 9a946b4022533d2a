"""Convert each certificate's stored area (a place name) into region codes (GB/T 2260), resolved
only against the region tree. Areas that name no one region keep their text, get no codes (so the
officer-on-case check refuses them) and are flagged `area_unresolved`; they are listed here and
in the registry's officer list for the registry to correct."""

import sys

from django.db import migrations


def convert(apps, schema_editor):
    from yifa.registry.regions import Node, Tree, resolve_area

    Region = apps.get_model("registry", "Region")
    Officer = apps.get_model("registry", "Officer")
    tree = Tree.of(Node(c, n, p) for c, n, p in Region.objects.values_list("code", "name", "path"))
    unresolved = []
    for officer in Officer.objects.only("pk", "area", "certificate_no").iterator():
        resolved = resolve_area(officer.area, tree)
        Officer.objects.filter(pk=officer.pk).update(area_codes=list(resolved.codes), area_unresolved=not resolved.ok)
        if not resolved.ok:
            unresolved.append(f"{officer.certificate_no}：{officer.area}")
    if unresolved:
        sys.stdout.write(f"\n  执法区域未能对应行政区划的执法证 {len(unresolved)} 个 / certificates with an unresolved area: "
                         + "；".join(unresolved[:50]) + ("……" if len(unresolved) > 50 else "") + "\n")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_officer_area_codes")]
    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
