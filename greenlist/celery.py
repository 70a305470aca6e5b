"""The Celery app: configured from Django settings (CELERY_* names), tasks found in each app."""
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenlist.settings")

app = Celery("greenlist")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_content_types(**kwargs):
    """A worker lives longer than the content-type rows it has cached: a flush (every
    transactional test) or a restore recreates them with new ids, and a history row written with
    a stale id breaks its foreign key. The lookup costs one query per model and task."""
    from django.contrib.contenttypes.models import ContentType  # this module loads before Django is set up

    ContentType.objects.clear_cache()

# Periodic jobs (Celery beat; `celery -A greenlist beat`, the compose file's beat service). Every
# job is idempotent: running it twice, or on two beats, creates nothing twice.
app.conf.beat_schedule = {
    "schedule-rechecks": {"task": "reviews.supervision.tasks.schedule_rechecks", "schedule": crontab(hour=2, minute=10)},
    "remind-waiting-engagements": {"task": "evaluations.tasks.remind_waiting_engagements",
                                   "schedule": crontab(hour=8, minute=0)},
    "remind-recommendation-deadlines": {"task": "reviews.recommendation.tasks.remind_recommendation_deadlines",
                                        "schedule": crontab(hour=8, minute=5)},
    "remind-dynamic-tables": {"task": "reviews.supervision.tasks.remind_dynamic_tables", "schedule": crontab(hour=8, minute=0)},
    "flag-overdue-dynamic-tables": {"task": "reviews.supervision.tasks.flag_overdue_dynamic_tables",
                                    "schedule": crontab(hour=1, minute=10)},
    "compute-green-grades": {"task": "reviews.supervision.tasks.compute_green_grades", "schedule": crontab(hour=2, minute=20)},
}
