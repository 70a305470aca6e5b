"""Celery wrappers for the core's side effects."""
from celery import shared_task

from . import notifications  # a module import: notifications imports this module too


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_notification_mail(notification_id: int) -> str:
    return notifications.mail_notification(notification_id)
