"""Celery wrappers for official work after evaluation: the published list's files."""
from celery import shared_task


@shared_task
def generate_publication_export(export_id: int) -> str | None:
    from .publication import generate

    return generate(export_id)
