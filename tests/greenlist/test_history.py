"""R-FLOW-1: history rows are append-only."""
import pytest

from greenlist.models import HistoryEntry


@pytest.mark.django_db
def test_history_rows_cannot_be_changed_or_deleted(actors, walk, batch):
    """R-FLOW-1: neither a row nor a queryset of history can be edited or deleted."""
    decl = walk(batch, until="submitted")
    rows = HistoryEntry.objects.for_object(decl)
    entry = rows.get(action="submit")
    entry.note = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        rows.update(note="tampered")
    with pytest.raises(TypeError):
        rows.delete()
    assert HistoryEntry.objects.get(pk=entry.pk).note == ""
