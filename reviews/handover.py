"""The one step that moved the review models from the reviews app to the stage apps (migrations
reviews 0009 and each stage's 0001). Tables keep their reviews_* names; the content types are
renamed, so history rows, guardian grants and permissions keep pointing at the same objects."""
from django.db import migrations


def _rename(apps, *, models, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        # A type already under the target label (never the case in a normal upgrade) is left alone
        # rather than merged: the rows pointing at either stay as they were.
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def take_over_content_types(label: str, models: tuple[str, ...]) -> migrations.RunPython:
    """A migration operation renaming the content types of `models` from reviews to `label` (and back)."""
    return migrations.RunPython(
        lambda apps, schema_editor: _rename(apps, models=models, source="reviews", target=label),
        lambda apps, schema_editor: _rename(apps, models=models, source=label, target="reviews"),
    )
