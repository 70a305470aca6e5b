"""Loads the indicator sets of evaluations.indicator_data (R-EVAL-1)."""
from django.db import migrations

from evaluations.indicator_data import load_indicator_sets


def load(apps, schema_editor):
    load_indicator_sets(apps.get_model("evaluations", "IndicatorSet"), apps.get_model("evaluations", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_indicators")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
