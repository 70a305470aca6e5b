"""Celery wrapper for the recommendation stage's periodic job (beat: greenlist/celery.py)."""
from celery import shared_task

from . import reminders


@shared_task
def remind_recommendation_deadlines() -> int:
    """R-RANK: authorities that have not submitted are reminded 7 and 1 days before the deadline."""
    return reminders.remind_recommendation_deadlines()
