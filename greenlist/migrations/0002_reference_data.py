"""Loads the 37 recommending authorities (R-AUTH-1) and GB/T 4754-2017 sections and
manufacturing divisions (R-INDUSTRY)."""
from django.db import migrations

from greenlist.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("greenlist", "Authority"), apps.get_model("greenlist", "Industry"))


def unload(apps, schema_editor):
    apps.get_model("greenlist", "Industry").objects.filter(level="division").delete()
    apps.get_model("greenlist", "Industry").objects.filter(level="section").delete()
    apps.get_model("greenlist", "Authority").objects.exclude(province=None).delete()
    apps.get_model("greenlist", "Authority").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("greenlist", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
