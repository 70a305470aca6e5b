"""Celery wrappers for evaluation-side work: the self-evaluation report PDF, the mail on an
engagement's answer."""
from celery import shared_task

from . import engagements, reminders, reports


@shared_task
def generate_self_evaluation_report(report_id: int) -> str | None:
    return reports.generate(report_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_engagement_mail(engagement_id: int) -> list[str]:
    return engagements.mail_engagement_answer(engagement_id)


@shared_task
def generate_evaluation_summary(evaluation_id: int) -> str | None:
    return reports.generate_evaluation_summary(evaluation_id)


@shared_task
def remind_waiting_engagements() -> int:
    """Engagements the agency has not answered within the week (beat, 08:00)."""
    return reminders.remind_waiting_engagements()
