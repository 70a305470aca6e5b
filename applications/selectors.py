"""Reads of declarations for pages, exports and tasks: the joins are decided here, once."""

from greenlist import history
from greenlist.history import Action
from greenlist.models import HistoryEntry

from . import permissions
from .details import DETAILS_MODELS
from .models import Declaration, DeclarationStatus
from .negative_list import NegativeListAnswer, items_for


def declarations_for(user):
    """Every declaration the user may see, newest first; DeclarationFilter narrows it."""
    return (
        permissions.visible_declarations(user)
        .select_related("batch", "authority", "industry", "applicant")
        .order_by("-updated_at", "-pk")
    )


def declaration_detail(user, pk: int) -> Declaration | None:
    return (
        permissions.visible_declarations(user)
        .select_related("batch", "authority", "industry", "applicant")
        .prefetch_related("versions")
        .filter(pk=pk)
        .first()
    )


def history_for(decl: Declaration) -> list[HistoryEntry]:
    """The declaration's history, oldest first, with readable states and an edit's old → new
    values for the page (the action's label is HistoryEntry.action_label)."""

    entries = list(HistoryEntry.objects.for_object(decl).select_related("actor"))
    for entry in entries:
        entry.from_state_label = _state_label(entry.from_state)
        entry.to_state_label = _state_label(entry.to_state)
        entry.change_rows = _change_rows(decl, entry)
    return entries


def hide_draft_changes(entries: list[HistoryEntry]) -> None:
    """R-FLOW-2: who sees the version a declaration was returned from does not see the draft being
    revised, nor its values in the history: the changes since the last return are left out."""
    returns = [n for n, entry in enumerate(entries) if entry.action == Action.RETURN]
    for entry in entries[returns[-1] + 1:] if returns else []:
        entry.change_rows = []


def _change_rows(decl: Declaration, entry: HistoryEntry) -> list[tuple[str, str, str]]:
    if not entry.data.get("changes"):
        return []
    if entry.action == Action.DECLARE_NEGATIVE_LIST:
        return history.change_rows(entry, labels={i.code: i.wording for i in items_for(decl.batch)},
                                   choices=dict(NegativeListAnswer.Answer.choices))
    model = DETAILS_MODELS.get(decl.kind) if entry.data.get("part") == "details" else Declaration
    return history.change_rows(entry, model)


def _state_label(value: str) -> str:
    return DeclarationStatus(value).label if value in DeclarationStatus.values else value
