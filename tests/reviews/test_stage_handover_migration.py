"""The split of reviews/ into stage apps keeps every table and every row (migrations reviews 0009
and each stage's 0001). The database is taken back to the schema before the split, filled there
(the demo and the real national lists), then migrated forward: every table keeps its rows, and the
history rows, guardian grants and permissions still reach the same objects through their
renamed content types."""
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from guardian.models import UserObjectPermission

from greenlist.models import HistoryEntry
from reviews.expert_review.models import ExpertProfile
from reviews.supervision.models import GradeScale

STAGES = ("recommendation", "expert_review", "publication", "supervision")
BEFORE_SPLIT = [("reviews", "0008_one_pending_spot_check_per_unit"), *((label, None) for label in STAGES)]
# The models whose tables the reviews app created (their row-history tables came after the split,
# under the stage apps' own labels).
LABEL_OF = {model._meta.model_name: label for label in STAGES for model in apps.get_app_config(label).get_models()
            if model._meta.db_table.startswith("reviews_")}


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _review_tables() -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t.startswith("reviews_"))


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_forward_migration_keeps_rows_history_and_grants(reference_data, capsys, settings):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE_SPLIT)
    try:
        # Going back renamed the content types to "reviews", as a database from before the split has them.
        old = ContentType.objects.filter(app_label="reviews")
        old_types = {ct.pk: (LABEL_OF[ct.model], ct.model) for ct in old}
        assert sorted(model for _label, model in old_types.values()) == sorted(LABEL_OF)
        # The tables are the same before and after the split, so today's code can fill them; it
        # looks its types up under the stage labels, so they carry those while it writes.
        for pk, (label, _model) in old_types.items():
            ContentType.objects.filter(pk=pk).update(app_label=label)
        ContentType.objects.clear_cache()
        # The stage apps' row-history tables do not exist yet; the forward migration records the rows.
        settings.SIMPLE_HISTORY_ENABLED = False
        call_command("seed_demo")
        call_command("import_published_lists", "data/published_lists")
        # The policy row a data migration wrote may be gone: a committing test before this one ends
        # with a flush, and the reference_data fixture reloads authorities and indicators only.
        GradeScale.objects.get_or_create(from_year=2024)
        settings.SIMPLE_HISTORY_ENABLED = True
        capsys.readouterr()
        assert not ContentType.objects.filter(app_label__in=STAGES, model__in=LABEL_OF).exclude(
            pk__in=old_types).exists()
        ContentType.objects.filter(pk__in=old_types).update(app_label="reviews")
        ContentType.objects.clear_cache()

        counts = {table: _count(table) for table in _review_tables()}
        history = list(HistoryEntry.objects.filter(content_type_id__in=old_types)
                       .order_by("pk").values_list("pk", "content_type_id", "object_id", "action"))
        grants = UserObjectPermission.objects.filter(content_type_id__in=old_types).count()
        permissions = Permission.objects.filter(content_type_id__in=old_types).count()
    finally:
        _migrate(leaves)

    assert counts == {table: _count(table) for table in _review_tables()}
    assert counts["reviews_listentry"] > 6400  # the real lists, plus the demo's published units
    for label in ("reviews_recommendation", "reviews_expertassignment", "reviews_publicity",
                  "reviews_objection", "reviews_dynamictable", "reviews_spotcheck", "reviews_removal"):
        assert counts[label] > 0, f"the demo left {label} empty: the test would prove nothing for it"
    # The same content-type rows, now under the stage labels: nothing recreated, nothing orphaned.
    assert {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.filter(pk__in=old_types)} == old_types
    assert not ContentType.objects.filter(app_label="reviews").exists()
    assert UserObjectPermission.objects.filter(content_type_id__in=old_types).count() == grants
    assert Permission.objects.filter(content_type_id__in=old_types).count() == permissions > 0

    # Most history is on declarations (not moved); every row on a moved model is checked.
    assert {action for *_, action in history} >= {"submit_recommendation", "file_dynamic_table", "green_grade"}
    after = HistoryEntry.objects.in_bulk([pk for pk, *_ in history])
    for pk, type_id, object_id, action in history:
        entry = after[pk]
        assert (entry.content_type_id, entry.object_id, entry.action) == (type_id, object_id, action)
        model = entry.content_type.model_class()
        assert model is not None and model._meta.app_label in STAGES, entry.content_type
        assert model.objects.filter(pk=object_id).exists(), (model, object_id)
    # The stage apps' row-history tables came with the forward migration, which recorded each row once.
    for model in (ExpertProfile, GradeScale):
        assert model.history.filter(history_type="+").count() == model.objects.count() > 0, model
