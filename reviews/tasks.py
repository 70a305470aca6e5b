"""Celery wrappers for the periodic jobs of the life on the list (beat: greenlist/celery.py).
Each takes an optional ISO date, so a test can freeze "today" through the real worker."""
import datetime

from celery import shared_task


def _day(today: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(today) if today else None


@shared_task
def remind_dynamic_tables(today: str | None = None) -> int:
    from .dynamic_services import send_reminders

    return send_reminders(today=_day(today))


@shared_task
def flag_overdue_dynamic_tables(today: str | None = None) -> int:
    from .dynamic_services import flag_overdue

    return flag_overdue(today=_day(today))


@shared_task
def compute_green_grades(year: int | None = None, today: str | None = None) -> dict:
    """The given year, or the latest year whose table deadline has passed (R-GREENCODE)."""
    from django.utils import timezone

    from .dynamic_services import last_closed_year
    from .greencode import compute_grades

    if year is None:
        year = last_closed_year(_day(today) or timezone.localdate())
    return {"year": year, **compute_grades(year=year)}
