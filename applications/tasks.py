"""Celery wrappers for applicant-side side effects."""
from celery import shared_task

from .notifications import mail_for_transition


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_transition_mail(history_id: int) -> list[str]:
    return mail_for_transition(history_id)
