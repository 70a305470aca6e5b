"""The in-app inbox (站内通知): the signed-in user's notifications, read and unread, and the
unread count of the header badge."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .notifications import Notification
from .rules import RulesAnswered

PAGE_SIZE = 20


def _unread_subquery():
    return Coalesce(Subquery(
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .values("recipient").annotate(n=Count("pk")).values("n")[:1]), 0)


class UnreadCountBackend(RulesAnswered, ModelBackend):
    """ModelBackend that loads the signed-in user together with the unread count, so the header
    badge costs no query of its own on every page."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.annotate(unread_notifications=_unread_subquery()) \
            .filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def unread_count(user) -> int:
    if hasattr(user, "unread_notifications"):
        return user.unread_notifications
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    qs = Notification.objects.filter(recipient=request.user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else "",
    })


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one notification read and go where it points (or back to the inbox)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.url if request.POST.get("open") else request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    n = Notification.objects.filter(Q(recipient=request.user), read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("已将 %(n)d 条通知标记为已读。") % {"n": n})
    return redirect("notifications:list")
