"""Celery wrapper that builds a published list's file in the background."""
from celery import shared_task

from . import services


@shared_task
def generate_publication_export(export_id: int) -> str | None:
    """The published list's Excel or PDF (R-PUBLISH)."""
    return services.generate(export_id)
