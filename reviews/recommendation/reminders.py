"""Reminders before the batch's recommendation deadline (Celery beat) for authorities that have not
submitted (R-RANK). Each notification has a key per occasion, so a job that runs twice tells
nobody twice."""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Declaration, DeclarationStatus
from greenlist.models import Authority, Batch
from greenlist.notifications import notify
from greenlist.services import authority_officials

from .models import AuthorityRecommendation

DEADLINE_REMINDER_DAYS = (7, 1)  # reminders before the recommendation deadline, furthest first


def _reminder_step(days_left: int) -> int | None:
    """Which reminder is due with `days_left` before the deadline: the nearest step not yet passed
    (a beat that missed a day still sends it; the key keeps it to once)."""
    steps = [d for d in DEADLINE_REMINDER_DAYS if 0 <= days_left <= d]
    return min(steps) if steps else None


def unfinished_authorities(batch: Batch):
    """Authorities with declarations in the batch that have not submitted their recommendation
    (R-RANK): the submission, not the last decision, is what the deadline asks for."""
    submitted = AuthorityRecommendation.objects.filter(batch=batch, submitted_at__isnull=False)
    declared = Declaration.objects.filter(batch=batch).exclude(status=DeclarationStatus.DRAFT)
    return (Authority.objects.filter(pk__in=declared.values("authority"))
            .exclude(pk__in=submitted.values("authority")).order_by("sort_order", "code"))


def remind_recommendation_deadlines(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    batches = Batch.objects.filter(recommendation_deadline__gte=today,
                                   recommendation_deadline__lte=today + datetime.timedelta(days=max(DEADLINE_REMINDER_DAYS)))
    sent = 0
    for batch in batches:
        days_left = (batch.recommendation_deadline - today).days
        step = _reminder_step(days_left)
        if step is None:
            continue
        for authority in unfinished_authorities(batch):
            sent += len(notify(
                recipients=authority_officials(authority), key=f"rec-deadline:{batch.pk}:{authority.code}:{step}d",
                subject=(_("%(b)s 推荐今日截止") % {"b": batch.name} if days_left == 0 else
                         _("%(b)s 推荐截止还有 %(n)d 天") % {"b": batch.name, "n": days_left}),
                body=_("%(b)s 的省级推荐将于 %(d)s 截止，贵单位尚有申报未处理，请按期完成推荐排序。") % {
                    "b": batch.name, "d": date_format(batch.recommendation_deadline)},
                url=f"{reverse('reviews:province')}?batch={batch.pk}",
            ))
    return sent
