"""Celery wrappers for the core's side effects."""
from celery import shared_task

from .notifications import mail_notification


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_notification_mail(notification_id: int) -> str:
    return mail_notification(notification_id)
