"""R-SPOT: the ministry draws listed units for spot checks (抽查) at random with a recorded
seed, so anyone can redraw the same units from the same eligible set; units with three
consecutive clean checks are exempt for five years (586 notice, 五年内免于抽查)."""
from __future__ import annotations

import datetime
import random
import secrets
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenlist.history import Action
from greenlist.models import HistoryEntry
from greenlist.rules import require
from greenlist.services import record_history
from reviews.publication.models import ListEntry

from ..models import SpotCheck, SpotCheckDraw

CLEAN_RUN_FOR_EXEMPTION = 3


EXEMPTION_YEARS = 5


def exempt_until(results: list[tuple[datetime.date, str]]) -> datetime.date | None:
    """The date a unit's exemption ends, from its recorded checks (date, result) oldest first:
    the last three are clean → five years from the third; otherwise none."""
    recent = results[-CLEAN_RUN_FOR_EXEMPTION:]
    if len(recent) < CLEAN_RUN_FOR_EXEMPTION or any(r != SpotCheck.Result.CLEAN for _d, r in recent):
        return None
    last = recent[-1][0]
    try:
        return last.replace(year=last.year + EXEMPTION_YEARS)
    except ValueError:
        return last.replace(year=last.year + EXEMPTION_YEARS, day=28)


def eligible_entries(*, kind: str = "", authority=None, today: datetime.date | None = None) -> list:
    """Listed, not removed, not exempt, not already waiting for a check, in primary-key order:
    the deterministic order the seeded draw samples from."""

    today = today or timezone.localdate()
    qs = ListEntry.objects.filter(removal__isnull=True).exclude(spot_checks__result=SpotCheck.Result.PENDING)
    if kind:
        qs = qs.filter(kind=kind)
    if authority is not None:
        qs = qs.filter(authority=authority)
    candidates = list(qs.order_by("pk").distinct())
    history = defaultdict(list)
    for entry_id, checked_on, result in (
            SpotCheck.objects.filter(entry__in=[e.pk for e in candidates]).exclude(result=SpotCheck.Result.PENDING)
            .order_by("checked_on", "pk").values_list("entry_id", "checked_on", "result")):
        history[entry_id].append((checked_on, result))
    return [e for e in candidates if not ((until := exempt_until(history[e.pk])) and until > today)]


def pick(candidates: list, size: int, seed: int) -> list:
    """The same seed over the same ordered candidates picks the same units."""
    return random.Random(seed).sample(candidates, min(size, len(candidates)))


def draw_spot_checks(*, actor, size: int, seed: int | None = None, kind: str = "", authority=None,
                     note: str = "") -> SpotCheckDraw:
    require(actor, "supervision.draw_spot_checks")
    if size < 1:
        raise ValidationError({"size": _("抽取数量至少为 1。")})
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        return _draw(actor=actor, size=size, seed=seed, kind=kind, authority=authority, note=note)
    except IntegrityError:  # another draw took one of these units meanwhile
        raise ValidationError(_("另一次抽取同时选中了部分单位，本次未保存，请重新抽取。")) from None


def _draw(*, actor, size, seed, kind, authority, note) -> SpotCheckDraw:
    with transaction.atomic():
        candidates = eligible_entries(kind=kind, authority=authority)
        if not candidates:
            raise ValidationError(_("没有符合条件的可抽查单位（已撤销、免检或正在抽查的单位不参与抽取）。"))
        chosen = pick(candidates, size, seed)
        draw = SpotCheckDraw.objects.create(seed=seed, size=size, kind=kind, authority=authority,
                                            eligible_count=len(candidates), note=note.strip(), drawn_by=actor,
                                            drawn_on=timezone.localdate())
        SpotCheck.objects.bulk_create([SpotCheck(draw=draw, entry=e) for e in chosen])
        record_history(draw, action=Action.DRAW_SPOT_CHECKS, actor=actor, note=draw.note,
                       data={"seed": seed, "eligible": len(candidates), "entries": [e.pk for e in chosen],
                             # The eligible set changes as units are checked, listed or removed: kept
                             # with the seed, it lets anyone redraw this draw later (reproduce()).
                             "eligible_ids": [e.pk for e in candidates]})
        for entry in chosen:
            record_history(entry, action=Action.SPOT_CHECK_DRAWN, actor=actor, data={"draw": draw.pk})
    return draw


def reproduce(draw: SpotCheckDraw) -> list[int]:
    """The entries the draw's recorded seed picks from its recorded eligible set, in pick order:
    the same units it drew, whatever has happened since."""
    record = next(h for h in HistoryEntry.objects.for_object(draw) if h.action == Action.DRAW_SPOT_CHECKS)
    return pick(record.data["eligible_ids"], draw.size, record.data["seed"])


def record_spot_check(*, actor, check: SpotCheck, clean: bool, note: str = "",
                      checked_on: datetime.date | None = None) -> SpotCheck:
    require(actor, "supervision.draw_spot_checks")
    note = note.strip()
    if not clean and not note:
        raise ValidationError({"note": _("发现问题时须写明问题。")})
    with transaction.atomic():
        locked = SpotCheck.objects.select_for_update().get(pk=check.pk)
        if locked.result != SpotCheck.Result.PENDING:
            raise ValidationError(_("该单位的抽查结果已登记，不能重复登记。"))
        locked.result = SpotCheck.Result.CLEAN if clean else SpotCheck.Result.PROBLEMS
        locked.note, locked.recorded_by = note, actor
        locked.checked_on = checked_on or timezone.localdate()
        locked.save(update_fields=["result", "note", "recorded_by", "checked_on"])
        record_history(locked.entry, action=Action.SPOT_CHECK, actor=actor, to_state=locked.result, note=note,
                       data={"draw": locked.draw_id, "check": locked.pk})
    return locked
