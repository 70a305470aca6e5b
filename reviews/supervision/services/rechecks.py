"""R-RECHECK: every three years after listing, a unit is due for recheck (复核) by its
authority. A beat job creates the Recheck rows (once per entry and cycle) and tells the
authority; the authority's official records the result for its own region only."""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from greenlist.history import Action
from greenlist.notifications import notify
from greenlist.rules import require
from greenlist.services import authority_officials, record_history
from reviews.publication.models import ListEntry

from ..models import Recheck

RECHECK_YEARS = 3  # "每三年复核" (2020 notice)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_cycle(published_on: datetime.date, today: datetime.date) -> int:
    """The latest three-year cycle whose anniversary has been reached (0: none yet)."""
    cycle = (today.year - published_on.year) // RECHECK_YEARS
    while cycle > 0 and _add_years(published_on, cycle * RECHECK_YEARS) > today:
        cycle -= 1
    return cycle


def listed_by(today: datetime.date) -> datetime.date:
    """The latest listing date whose third anniversary has come by `today`. On 28 February of a
    common year that is 29 February three years earlier (its anniversary is the 28th)."""
    cutoff = _add_years(today, -RECHECK_YEARS)
    leap_day = cutoff + datetime.timedelta(days=1)
    if (leap_day.month, leap_day.day) == (2, 29) and _add_years(leap_day, RECHECK_YEARS) <= today:
        return leap_day
    return cutoff


def schedule_rechecks(*, today: datetime.date | None = None) -> list[Recheck]:
    """The beat job: a Recheck for each listed (not removed) unit whose cycle came due; each
    authority is told once per batch and cycle. Running it twice creates nothing twice."""

    today = today or timezone.localdate()
    candidates = (ListEntry.objects.filter(published_on__lte=listed_by(today), removal__isnull=True)
                  .select_related("batch", "authority").order_by("pk"))
    created, by_authority = [], defaultdict(list)
    for entry in candidates:
        cycle = due_cycle(entry.published_on, today)
        with transaction.atomic():
            recheck, new = Recheck.objects.get_or_create(
                entry=entry, cycle=cycle,
                defaults={"due_on": _add_years(entry.published_on, cycle * RECHECK_YEARS)})
            if new:
                record_history(entry, action=Action.RECHECK_DUE, actor=None, to_state="recheck_due",
                               data={"recheck": recheck.pk, "cycle": cycle})
        if new:
            created.append(recheck)
            by_authority[(entry.authority, entry.batch, cycle)].append(entry)
    for (authority, batch, cycle), entries in by_authority.items():
        notify(recipients=authority_officials(authority), key=f"recheck-due:{batch.pk}:{authority.code}:{cycle}",
               subject=_("%(b)s %(n)d 家单位已到复核期") % {"b": batch.name, "n": len(entries)},
               body=_("以下单位列入名单已满三年，请组织复核并登记结果：%(u)s") % {
                   "u": "、".join(e.unit_name for e in entries)},
               url=reverse("reviews:rechecks"))
    return created


def record_recheck(*, actor, recheck: Recheck, passed: bool, reason: str = "") -> Recheck:
    """R-RECHECK: the authority of the unit's region records the result once; a failure needs a reason."""
    reason = reason.strip()
    require(actor, "supervision.record_recheck", recheck)
    if not passed and not reason:
        raise ValidationError({"reason": _("复核未通过时须填写理由。")})
    with transaction.atomic():
        locked = Recheck.objects.select_for_update().get(pk=recheck.pk)
        if locked.status != Recheck.Status.DUE:
            raise ValidationError(_("该复核已登记结果，不能重复登记。"))
        locked.status = Recheck.Status.PASSED if passed else Recheck.Status.FAILED
        locked.reason, locked.recorded_by, locked.recorded_at = reason, actor, timezone.now()
        locked.save(update_fields=["status", "reason", "recorded_by", "recorded_at"])
        record_history(locked, action=Action.RECORD_RECHECK, actor=actor, from_state=Recheck.Status.DUE,
                       to_state=locked.status, note=reason)
        record_history(locked.entry, action=Action.RECHECK, actor=actor, to_state=locked.status, note=reason,
                       data={"recheck": locked.pk, "cycle": locked.cycle})
    return locked
