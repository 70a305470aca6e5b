"""The supervision beat jobs sent through the real broker to a real Celery worker, twice each:
the second run creates nothing (R-RECHECK; reminders)."""
import datetime
import os

import pytest
from django.utils import timezone

from evaluations import tasks as tasks
from evaluations.models import Engagement
from greenlist.models import Authority, Batch, Industry, ListKind, Notification
from reviews.publication.models import ListEntry
from reviews.recommendation import tasks as recommendation_tasks
from reviews.supervision import tasks as supervision_tasks
from reviews.supervision.models import Recheck

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("GREENLIST_REAL_WORKER"), reason="needs the worker started by .ci/run"),
]


@pytest.mark.django_db(transaction=True)  # committed rows: the worker is another process
def test_recheck_job_runs_twice_through_the_real_worker(actors, batch, settings):
    """R-RECHECK: the worker marks the unit due once and tells the authority once."""
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test must run against a broker"
    today = timezone.localdate()
    entry = ListEntry.objects.create(
        batch=batch, kind=ListKind.FACTORY, unit_name="三年前列入的工厂", authority=Authority.objects.get(code="33"),
        industry=Industry.objects.get(code="26"), published_on=today - datetime.timedelta(days=3 * 366))

    assert supervision_tasks.schedule_rechecks.delay().get(timeout=60) == 1
    assert supervision_tasks.schedule_rechecks.delay().get(timeout=60) == 0
    assert Recheck.objects.filter(entry=entry).count() == 1
    assert Notification.objects.filter(recipient=actors["province"], key__startswith="recheck-due:").count() == 1


@pytest.mark.django_db(transaction=True)
def test_reminder_jobs_run_twice_through_the_real_worker(actors, walk, batch, settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test must run against a broker"
    decl = walk(batch, until="draft", accept=False)
    Engagement.objects.filter(declaration=decl).update(created_at=timezone.now() - datetime.timedelta(days=10))

    assert tasks.remind_waiting_engagements.delay().get(timeout=60) == 1
    assert tasks.remind_waiting_engagements.delay().get(timeout=60) == 0
    assert Notification.objects.filter(recipient=actors["agency"]).count() == 1

    walk(batch, until="evaluated")  # waits for the province, whose deadline is in a week
    Batch.objects.filter(pk=batch.pk).update(recommendation_deadline=timezone.localdate() + datetime.timedelta(days=7))
    assert recommendation_tasks.remind_recommendation_deadlines.delay().get(timeout=60) == 1
    assert recommendation_tasks.remind_recommendation_deadlines.delay().get(timeout=60) == 0
    assert Notification.objects.filter(recipient=actors["province"], key__startswith="rec-deadline:").count() == 1
