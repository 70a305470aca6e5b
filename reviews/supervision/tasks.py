"""Celery wrappers for the periodic jobs of the life on the list (beat: greenlist/celery.py).
Each job is idempotent; the dynamic-management ones take an optional ISO date, so a test can
freeze "today" through the real worker."""
import datetime

from celery import shared_task
from django.utils import timezone

from .services import dynamic, greencode, rechecks


def _day(today: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(today) if today else None


@shared_task
def schedule_rechecks() -> int:
    """R-RECHECK: units listed three years ago become due for their authority's recheck."""
    return len(rechecks.schedule_rechecks())


@shared_task
def remind_dynamic_tables(today: str | None = None) -> int:
    return dynamic.send_reminders(today=_day(today))


@shared_task
def flag_overdue_dynamic_tables(today: str | None = None) -> int:
    return dynamic.flag_overdue(today=_day(today))


@shared_task
def compute_green_grades(year: int | None = None, today: str | None = None) -> dict:
    """The given year, or the latest year whose table deadline has passed (R-GREENCODE)."""
    if year is None:
        year = dynamic.last_closed_year(_day(today) or timezone.localdate())
    return {"year": year, **greencode.compute_grades(year=year)}
