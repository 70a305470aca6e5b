"""R-FLOW-1: history rows are append-only, and their actions are one vocabulary."""
import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from applications.workflow import TRANSITIONS
from greenlist import history
from greenlist.history import Action
from greenlist.models import HistoryEntry
from greenlist.services import record_history


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


def test_every_action_has_its_own_label():
    """One label per action: none missing, none shared by two actions, every transition's among them."""
    assert len(Action.values) == len(Action) and all(str(label).strip() for label in Action.labels)
    assert len({str(label) for label in Action.labels}) == len(Action)
    for member in Action:
        assert str(member.label) != member.value, member
    for transition in TRANSITIONS:
        assert isinstance(transition.action, Action) and transition.label == transition.action.label


@pytest.mark.django_db
def test_record_history_refuses_an_action_outside_the_vocabulary(batch):
    """A typo (or a bare string, even a known one) cannot reach the table; a member can."""
    before = HistoryEntry.objects.count()
    for wrong in ("submti", "submit", "", None):
        with pytest.raises(TypeError):
            record_history(batch, action=wrong, actor=None)
    assert HistoryEntry.objects.count() == before
    entry = record_history(batch, action=Action.CREATE_BATCH, actor=None)
    assert HistoryEntry.objects.get(pk=entry.pk).action == "create_batch"
    assert entry.action_label == Action.CREATE_BATCH.label


@pytest.mark.django_db
def test_every_action_the_demo_writes_is_in_the_vocabulary():
    """The demo walks every stage: each action it writes is a member, and has a label on the pages."""
    call_command("seed_demo")
    written = set(HistoryEntry.objects.values_list("action", flat=True))
    assert len(written) >= 20, written  # the demo ran through the stages
    assert written <= set(Action.values), written - set(Action.values)
    for value in written:
        assert HistoryEntry(action=value).action_label == Action(value).label


def test_an_edit_keeps_only_what_changed_as_json():
    """Dates and Decimals as text, a related object by its name, unchanged fields left out."""
    before = {"on": datetime.date(2024, 1, 2), "capital": Decimal("1.50"), "name": "旧", "ticked": False, "same": 3}
    after = {"on": datetime.date(2024, 2, 1), "capital": Decimal("2"), "name": "新", "ticked": True, "same": 3}
    found = history.changes(before, after)
    assert found == {"on": ["2024-01-02", "2024-02-01"], "capital": ["1.50", "2"], "name": ["旧", "新"],
                     "ticked": [False, True]}
    assert json.loads(json.dumps(found)) == found
