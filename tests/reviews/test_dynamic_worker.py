"""The dynamic-management jobs sent through the real broker to a real worker (started by .ci/run),
each twice: the second run creates nothing (R-DYN-1, R-GREENCODE)."""
import datetime
import os

import pytest
from django.conf import settings

from greenlist.models import Notification
from reviews.supervision.models import GreenGrade, OverdueFlag
from reviews.supervision.services import dynamic as dyn
from reviews.supervision.tasks import compute_green_grades, flag_overdue_dynamic_tables, remind_dynamic_tables
from tests.reviews.test_dynamic import complete, listed

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("GREENLIST_REAL_WORKER"), reason="needs the worker started by .ci/run"),
    pytest.mark.django_db(transaction=True),  # committed rows: the worker is another process
]
D = datetime.date


def twice(task, **kwargs):
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test must run against a broker"
    return task.delay(**kwargs).get(timeout=60), task.delay(**kwargs).get(timeout=60)


def test_reminder_job_through_the_worker(actors, batch):
    entry = listed(actors["applicant"], batch, published_on=D(2025, 6, 1))
    assert twice(remind_dynamic_tables, today="2026-04-08") == (1, 0)  # 7 days before 15 April
    assert list(Notification.objects.values_list("key", flat=True)) == [f"dyn-due:2025:entry-{entry.pk}:7d"]


def test_overdue_job_through_the_worker(actors, batch):
    entry = listed(actors["applicant"], batch, published_on=D(2025, 6, 1))
    assert twice(flag_overdue_dynamic_tables, today="2026-04-16") == (1, 0)
    assert list(OverdueFlag.objects.values_list("entry", "year")) == [(entry.pk, 2025)]


def test_grading_job_through_the_worker(actors, batch):
    entry = listed(actors["applicant"], batch, published_on=D(2025, 6, 1))
    dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, file=True, today=D(2026, 4, 1),
                   data=complete(entry, 2025))
    first, second = twice(compute_green_grades, today="2026-05-01")
    assert (first["year"], first["created"], second["created"], second["changed"]) == (2025, 1, 0, 0)
    assert list(GreenGrade.objects.values_list("entry", "grade")) == [(entry.pk, "B")]
