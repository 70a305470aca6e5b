"""Official pages (province, ministry) and the public list pages."""
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from applications import workflow
from applications.models import DeclarationStatus
from greenlist.models import Batch, Role
from greenlist.views import batch_pk

from . import publication, selectors, services
from .filters import LIST_SORTS, ListEntryFilter
from .models import ListEntry

S = DeclarationStatus


def _require_role(user, role):
    if not user.has_role(role):
        raise PermissionDenied(_("此页面仅限%(r)s使用。") % {"r": Role(role).label})


def _current_batch(request):
    batches = Batch.objects.exclude(phase=Batch.Phase.CLOSED)
    if request.GET.get("batch"):
        return get_object_or_404(Batch, pk=batch_pk(request.GET["batch"]))
    return batches.first()


# The overview shows the first few of each list; "全部" leads to the full, paginated page.
OVERVIEW_ROWS = 5


def _capped(queryset) -> dict:
    rows = list(queryset[:OVERVIEW_ROWS])
    return {"rows": rows, "count": len(rows) if len(rows) < OVERVIEW_ROWS else queryset.count()}


@login_required
def ministry(request):
    _require_role(request.user, Role.MINISTRY_REVIEWER)
    batch = _current_batch(request)
    publicity = selectors.current_publicity(batch) if batch else None
    return render(request, "reviews/ministry.html", {
        "batch": batch,
        "batches": Batch.objects.all(),
        "recommended": _capped(selectors.ministry_queue(status=S.RECOMMENDED, batch=batch)),
        "shortlisted": _capped(selectors.ministry_queue(status=S.SHORTLISTED, batch=batch)),
        "in_publicity": _capped(selectors.ministry_queue(status=S.IN_PUBLICITY, batch=batch)),
        "publicity": publicity,
        "publicity_over": publicity is not None and timezone.localdate() > publicity.ends_on,
    })


@login_required
@require_POST
def start_publicity(request, batch_pk):
    batch = get_object_or_404(Batch, pk=batch_pk)
    try:
        publicity = services.start_publicity(actor=request.user, batch=batch)
    except workflow.TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("公示已开始：%(a)s 至 %(b)s。") % {
            "a": date_format(publicity.starts_on), "b": date_format(publicity.ends_on)})
    return redirect(f"{reverse('reviews:ministry_publicity')}?batch={batch.pk}")


@login_required
@require_POST
def publish(request, batch_pk):
    batch = get_object_or_404(Batch, pk=batch_pk)
    try:
        entries = services.publish(actor=request.user, batch=batch)
    except workflow.TransitionRefused as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('reviews:ministry_publicity')}?batch={batch.pk}")
    messages.success(request, _("名单已发布，共 %(n)d 家。") % {"n": len(entries)})
    return redirect(f"{reverse('reviews:ministry_publicity')}?batch={batch.pk}")


# --- public pages -------------------------------------------------------------------------

def _filtered_list(request) -> ListEntryFilter:
    return ListEntryFilter(request.GET, queryset=selectors.public_list())


def public_list(request):
    """An invalid condition (a crafted year, a batch that does not exist) is not dropped silently:
    the page says which one is wrong and shows no entries rather than the whole list, which a
    citizen would take for the filtered result (answered 400, so no crawler keeps it). A crafted
    sort order changes no row: the list keeps its default order and the field says why."""
    filterset = _filtered_list(request)
    invalid = bool(set(filterset.errors) - {"ordering"})
    entries = filterset.queryset.none() if invalid else filterset.qs
    page = selectors.KeysFirstPaginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/public_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(), "invalid": invalid,
        "columns": _sort_columns(request), "export_query": _without(request, "page"),
        "batch_files": publication.published_files(),
    }, status=400 if invalid else 200)


def _without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _sort_columns(request) -> dict:
    """Header links of the sortable columns: a click sorts ascending, a second click descending."""
    current = request.GET.get("ordering", "")
    query = request.GET.copy()
    query.pop("page", None)
    columns = {}
    for param, label, _fields in LIST_SORTS:
        active = current.lstrip("-") == param
        query["ordering"] = f"-{param}" if current == param else param
        columns[param] = {"label": label, "url": f"?{query.urlencode()}", "active": active,
                          "desc": active and current.startswith("-")}
    return columns


@ratelimit(key="ip", rate=lambda group, request: settings.LIST_EXPORT_RATE, block=False)
def public_list_export(request):
    """R-PUBLISH: exactly the rows the list page shows for the same search, filter and order, in
    one workbook (write-only, read through a server-side cursor, streamed from a temporary file)."""
    if getattr(request, "limited", False):
        return render(request, "403.html", {"message": _("导出过于频繁，请稍后再试。")}, status=429)
    filterset = _filtered_list(request)
    if not filterset.is_valid():
        return redirect(f"{reverse('lists:search')}?{request.GET.urlencode()}")
    out = tempfile.TemporaryFile()
    publication.write_list_workbook(filterset.qs.iterator(chunk_size=2000), out, title=_("绿色制造名单"))
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(out, as_attachment=True, filename=f"绿色制造名单-查询结果-{stamp}.xlsx",
                        content_type=publication.PublicationExport.CONTENT_TYPES["xlsx"])


def public_detail(request, pk):
    entry = get_object_or_404(ListEntry.objects.select_related("batch", "authority", "industry", "removal"), pk=pk)
    return render(request, "reviews/public_detail.html", {"entry": entry})
