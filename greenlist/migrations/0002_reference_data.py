"""Loads the 37 recommending authorities (R-AUTH-1) and GB/T 4754-2017 sections and
manufacturing divisions (R-INDUSTRY)."""
from django.db import migrations

from greenlist.reference_data import AUTHORITIES, MANUFACTURING_DIVISIONS, SECTIONS


def load(apps, schema_editor):
    Authority = apps.get_model("greenlist", "Authority")
    Industry = apps.get_model("greenlist", "Industry")
    by_code = {}
    for order, (code, name, short, kind, province) in enumerate(AUTHORITIES):
        by_code[code], _ = Authority.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "sort_order": order,
                      "province": by_code.get(province)},
        )
    sections = {}
    for code, name in SECTIONS:
        sections[code], _ = Industry.objects.update_or_create(
            code=code, defaults={"name": name, "level": "section", "parent": None}
        )
    for code, name in MANUFACTURING_DIVISIONS:
        Industry.objects.update_or_create(
            code=code, defaults={"name": name, "level": "division", "parent": sections["C"]}
        )


def unload(apps, schema_editor):
    apps.get_model("greenlist", "Industry").objects.filter(level="division").delete()
    apps.get_model("greenlist", "Industry").objects.filter(level="section").delete()
    apps.get_model("greenlist", "Authority").objects.exclude(province=None).delete()
    apps.get_model("greenlist", "Authority").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("greenlist", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
