"""Reads of declarations for pages, exports and tasks: the joins are decided here, once."""

from greenlist.models import HistoryEntry

from . import permissions
from .models import Declaration, DeclarationStatus


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
    """The declaration's history, oldest first, with readable states for the page (the action's
    label is HistoryEntry.action_label)."""

    entries = list(HistoryEntry.objects.for_object(decl).select_related("actor"))
    for entry in entries:
        entry.from_state_label = _state_label(entry.from_state)
        entry.to_state_label = _state_label(entry.to_state)
    return entries


def _state_label(value: str) -> str:
    return DeclarationStatus(value).label if value in DeclarationStatus.values else value
