"""In-app notifications with their e-mail: what someone must act on (reminders, objections).
A notification has a key per recipient, so a job that runs twice tells nobody twice."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import tasks  # a module import: tasks imports this module too

logger = logging.getLogger(__name__)


class Notification(models.Model):
    """One message to one user. `key` names the occasion (e.g. "dyn-due:2027:entry-12:7d"); the
    pair (recipient, key) is unique, which is what makes reminders idempotent."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(_("事由标识"), max_length=120)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.recipient} {self.subject}"


def notify(*, recipients, key: str, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """Create the notification for each active recipient that does not have `key` yet and mail
    those after commit. Returns only the new ones: a second run returns []."""
    created = []
    for user in recipients:
        if not user.is_active:
            continue
        try:
            with transaction.atomic():  # a savepoint: a concurrent duplicate must not break the caller
                created.append(Notification.objects.create(
                    recipient=user, key=key, subject=str(subject), body=str(body), url=url))
        except IntegrityError:
            continue
    for notification in created:
        if notification.recipient.email:
            pk = notification.pk
            transaction.on_commit(lambda pk=pk: _queue_mail(pk), robust=True)
    return created


def _queue_mail(pk: int) -> None:
    tasks.send_notification_mail.delay(pk)


def mail_notification(pk: int) -> str:
    """Send one notification's mail once; returns the address written to ("" if none)."""

    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("recipient").filter(pk=pk).first()
        if n is None or n.mailed_at is not None or not n.recipient.email:
            return ""
        body = f"{n.body}\n\n{settings.SITE_URL.rstrip('/')}{n.url}" if n.url else n.body
        send_mail(f"[绿色制造名单] {n.subject}", body, None, [n.recipient.email])
        n.mailed_at = timezone.now()
        n.save(update_fields=["mailed_at"])
    logger.info("notification %s mailed to %s", pk, n.recipient.email)
    return n.recipient.email
