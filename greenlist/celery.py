"""The Celery app: configured from Django settings (CELERY_* names), tasks found in each app."""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenlist.settings")

app = Celery("greenlist")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (Celery beat; `celery -A greenlist beat`, the compose file's beat service). Every
# job is idempotent: running it twice, or on two beats, creates nothing twice.
app.conf.beat_schedule = {
    "schedule-rechecks": {"task": "reviews.tasks.schedule_rechecks", "schedule": crontab(hour=2, minute=10)},
    "remind-waiting-engagements": {"task": "reviews.tasks.remind_waiting_engagements",
                                   "schedule": crontab(hour=8, minute=0)},
    "remind-recommendation-deadlines": {"task": "reviews.tasks.remind_recommendation_deadlines",
                                        "schedule": crontab(hour=8, minute=5)},
    "remind-dynamic-tables": {"task": "reviews.tasks.remind_dynamic_tables", "schedule": crontab(hour=8, minute=0)},
    "flag-overdue-dynamic-tables": {"task": "reviews.tasks.flag_overdue_dynamic_tables",
                                    "schedule": crontab(hour=1, minute=10)},
    "compute-green-grades": {"task": "reviews.tasks.compute_green_grades", "schedule": crontab(hour=2, minute=20)},
}
