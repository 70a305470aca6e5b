"""R-REMOVE: a listed unit removed from the list (撤销). The list entry stays as published; the
removal is a row of its own beside it, public, with its reason, date and deciding official."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenlist.history import Action
from greenlist.rules import require
from greenlist.services import record_history

from ..models import Removal, RemovalReason


class RemovalRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def remove_entry(*, actor, entry, reason: str, removed_on: datetime.date | None = None, note: str = "") -> Removal:
    """R-REMOVE: the ministry removes a listed unit, once; history on the entry and its declaration."""
    require(actor, "supervision.remove")
    if reason not in RemovalReason.values:
        raise ValidationError({"reason": _("请从规定的撤销情形中选择原因。")})
    removed_on = removed_on or timezone.localdate()
    if removed_on > timezone.localdate():
        raise ValidationError({"removed_on": _("撤销日期不能晚于今天。")})
    if removed_on < entry.published_on:
        raise ValidationError({"removed_on": _("撤销日期不能早于发布日期。")})
    if Removal.objects.filter(entry=entry).exists():
        raise RemovalRefused(_("“%(u)s”已被撤销，不能重复撤销。") % {"u": entry.unit_name})
    try:
        with transaction.atomic():
            removal = Removal.objects.create(entry=entry, reason=reason, removed_on=removed_on,
                                             decided_by=actor, note=note.strip())
            data = {"reason": reason, "removed_on": removed_on.isoformat(), "removal": removal.pk}
            text = f"{removal.get_reason_display()}{'：' + removal.note if removal.note else ''}"
            record_history(entry, action=Action.REMOVE, actor=actor, from_state="listed", to_state="removed",
                           note=text, data=data)
            if entry.declaration_id:
                record_history(entry.declaration, action=Action.REMOVE_FROM_LIST, actor=actor, note=text, data=data)
    except IntegrityError:  # a second removal (two officials at once): the first one stands
        raise RemovalRefused(_("“%(u)s”已被撤销，不能重复撤销。") % {"u": entry.unit_name}) from None
    return removal


def is_removed(entry) -> bool:
    try:
        return entry.removal is not None
    except Removal.DoesNotExist:
        return False
