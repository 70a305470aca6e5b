"""A file built in the background (the self-evaluation report, the published list's files): the
row the page polls, and the request, queueing and build steps every such file goes through the same
way, so a broker that is down or a worker that never comes is handled once and alike."""
from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)


class FileJob(models.Model):
    """The state of one file being built. A concrete model adds what is built from, `file`, the
    constraint of one live job, and STUCK_AFTER: a job still live after it is taken as lost
    (worker down, message dropped), so the page stops polling and the user may ask again."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("排队中")
        RUNNING = "running", gettext_lazy("生成中")
        DONE = "done", gettext_lazy("已生成")
        FAILED = "failed", gettext_lazy("生成失败")

    LIVE = (Status.PENDING, Status.RUNNING)
    STUCK_AFTER: datetime.timedelta

    status = models.CharField(gettext_lazy("状态"), max_length=8, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(gettext_lazy("错误信息"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("申请人"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(gettext_lazy("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(gettext_lazy("完成时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def is_stuck(self) -> bool:
        return self.is_live and self.created_at < timezone.now() - self.STUCK_AFTER

    @property
    def not_queued(self) -> bool:
        """Pending, but the task could not be handed to the queue (broker down)."""
        return self.status == self.Status.PENDING and bool(self.error)

    @property
    def polling(self) -> bool:
        """Whether the page should keep asking for the state."""
        return self.is_live and not self.is_stuck and not self.not_queued


def keep_live(live: FileJob | None) -> bool:
    """Whether a new request keeps `live`, the job already on its way. One stuck for STUCK_AFTER
    is given up (failed, saying so) and the caller makes a new one."""
    if live is None:
        return False
    if not live.is_stuck:
        return True
    live.status = live.Status.FAILED
    live.error = _("超过 %(m)d 分钟仍未完成，已放弃。") % {"m": live.STUCK_AFTER.total_seconds() // 60}
    live.finished_at = timezone.now()
    live.save(update_fields=["status", "error", "finished_at"])
    return False


def requeue_if_lost(live: FileJob, enqueue_later: Callable[[int], None]) -> None:
    """A kept job the broker never received (it was down) is handed over again on the next
    request, so the page's "try again" does what it says."""
    if live.not_queued:
        live.error = ""
        live.save(update_fields=["error"])
        transaction.on_commit(lambda: enqueue_later(live.pk), robust=True)


def enqueue(task, model: type[FileJob], pk: int, not_queued: str) -> None:
    """Hand the job to the worker. Called on commit: a broker that is down leaves the row pending
    with `not_queued` as its error for the page to show, never an error page."""
    try:
        task.delay(pk)
    except Exception:
        logger.exception("%s %s could not be queued", model._meta.label, pk)
        model.objects.filter(pk=pk, status=model.Status.PENDING).update(error=not_queued)


def run(model: type[FileJob], pk: int, build: Callable[[FileJob], Iterable[str]]) -> str | None:
    """The task's work: claim the live job, `build` its file (saved with save=False; returns the
    other fields it set), record done or failed. A failure is recorded on the row for the page to
    show, never raised: retrying a broken template would not help."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk, status__in=model.LIVE).first()
        if job is None:  # done, failed or given up meanwhile
            return None
        job.status = model.Status.RUNNING
        job.error = ""
        job.save(update_fields=["status", "error"])
    try:
        fields = list(build(job))
    except Exception as exc:
        logger.exception("%s %s failed", model._meta.label, pk)
        job.status = model.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:1000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job.status
    job.status = model.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "file", *fields, "finished_at"])
    return job.status
