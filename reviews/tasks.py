"""Celery wrappers for the reviews app's periodic jobs (see greenlist/celery.py's beat schedule)."""
from celery import shared_task

# --- supervision: rechecks and reminders (R-RECHECK; issue 6 reminders) -------------------


@shared_task
def schedule_rechecks() -> int:
    from .rechecks import schedule_rechecks as run

    return len(run())


@shared_task
def remind_waiting_engagements() -> int:
    from .reminders import remind_waiting_engagements as run

    return run()


@shared_task
def remind_recommendation_deadlines() -> int:
    from .reminders import remind_recommendation_deadlines as run

    return run()

# --- end supervision ----------------------------------------------------------------------
