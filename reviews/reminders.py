"""Reminder jobs (Celery beat) for what someone must act on: an engagement the agency has not
answered, and the batch's recommendation deadline for authorities that have not finished.
Each notification has a key per occasion, so a job that runs twice tells nobody twice."""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Declaration, DeclarationStatus
from greenlist.models import Authority, Batch, Role
from greenlist.notifications import notify

from .ranking_models import AuthorityRecommendation
from .rechecks import authority_officials

ENGAGEMENT_WAIT_DAYS = 5  # an agency answers a proposal within a working week
DEADLINE_REMINDER_DAYS = (7, 1)  # reminders before the recommendation deadline, furthest first


def remind_waiting_engagements(*, now: datetime.datetime | None = None) -> int:
    """Engagements proposed more than ENGAGEMENT_WAIT_DAYS ago and still unanswered → the agency."""
    from evaluations.models import Engagement

    now = now or timezone.now()
    waiting = (Engagement.objects.filter(status=Engagement.Status.PROPOSED,
                                         created_at__lt=now - datetime.timedelta(days=ENGAGEMENT_WAIT_DAYS))
               .select_related("agency__group", "declaration").order_by("pk"))
    sent = 0
    for engagement in waiting:
        staff = get_user_model().objects.filter(groups=engagement.agency.group).filter(groups__name=Role.AGENCY_STAFF)
        sent += len(notify(
            recipients=staff, key=f"engagement-waiting:{engagement.pk}",
            subject=_("评价委托待答复：%(u)s") % {"u": engagement.declaration.unit_name},
            body=_("“%(u)s”于 %(d)s 委托贵机构评价，至今尚未答复，请尽快接受或拒绝。") % {
                "u": engagement.declaration.unit_name, "d": date_format(timezone.localtime(engagement.created_at))},
            url=reverse("evaluations:engagement_answer", args=[engagement.pk]),
        ))
    return sent


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
