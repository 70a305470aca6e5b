"""Site-wide pages: the public home page, each role's dashboard, health, error pages."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from greenlist.celery import app
from greenlist.models import Batch, Role
from reviews.publication.models import ListEntry

from . import dashboards


def home(request):

    return render(request, "home.html", {
        "batches": Batch.objects.filter(phase=Batch.Phase.OPEN),
        "recent_entries": ListEntry.objects.select_related("authority", "batch").order_by("-published_on", "-pk")[:8],
        "entry_count": ListEntry.objects.count(),
    })


@login_required
def dashboard(request):

    return render(request, "dashboard.html", {
        "panels": dashboards.panels_for(request.user),
        # Applicants plan around the batches' deadlines.
        "open_batches": Batch.objects.filter(phase=Batch.Phase.OPEN) if request.user.has_role(Role.APPLICANT) else [],
    })


@never_cache
def healthz(request):
    """Liveness for load balancers and the CI: database and broker reachable."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 — any failure is reported, not raised
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有权限执行此操作。")
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    # One message for "absent" and "not yours": a 404 must not reveal that another's object exists.
    return render(request, "404.html", {"message": _("页面不存在，或您无权查看。")}, status=404)
