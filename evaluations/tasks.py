"""Celery wrappers for evaluation-side work: the self-evaluation report PDF."""
from celery import shared_task

from .reports import generate


@shared_task
def generate_self_evaluation_report(report_id: int) -> str | None:
    return generate(report_id)
