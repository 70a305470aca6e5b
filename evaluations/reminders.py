"""The reminder (Celery beat) for an engagement the agency has not answered within the week. Each
notification has a key per engagement, so a job that runs twice tells nobody twice."""
from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.models import Engagement
from greenlist.models import Role
from greenlist.notifications import notify

ENGAGEMENT_WAIT_DAYS = 5  # an agency answers a proposal within a working week


def remind_waiting_engagements(*, now: datetime.datetime | None = None) -> int:
    """Engagements proposed more than ENGAGEMENT_WAIT_DAYS ago and still unanswered → the agency."""

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
