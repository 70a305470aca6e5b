"""The public face of the lists: search, detail and export of the published lists, the public
verification page with its QR code (R-GREENCODE) and the statistics (/stats/)."""

import csv
import tempfile

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from reviews.publication import models as publication_models
from reviews.publication import selectors as publication_selectors
from reviews.publication.forms import LIST_SORTS, ListEntryFilter
from reviews.publication.models import ListEntry
from reviews.supervision.services.greencode import grade_for
from reviews.supervision.services.removal import is_removed

from . import exports, selectors, stats, verification


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
        "batch_files": publication_selectors.published_files(),
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
    exports.write_list_workbook(filterset.qs.iterator(chunk_size=2000), out, title=_("绿色制造名单"))
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(out, as_attachment=True, filename=f"绿色制造名单-查询结果-{stamp}.xlsx",
                        content_type=publication_models.PublicationExport.CONTENT_TYPES["xlsx"])


def public_detail(request, pk):
    entry = get_object_or_404(ListEntry.objects.select_related("batch", "authority", "industry", "removal"), pk=pk)
    return render(request, "reviews/public_detail.html", {"entry": entry})


def _entry_or_404(code):
    entry = selectors.entry_by_code(code)
    if entry is None:
        raise Http404(_("没有找到该验证码对应的名单单位。"))
    return entry


def verify(request, code):
    entry = _entry_or_404(code)
    return render(request, "reviews/verify.html", {
        "entry": entry, "removal": entry.removal if is_removed(entry) else None,
        "verify_url": verification.verify_url(entry),
        # No grade for a removed unit: the code shows its status, not a grade it no longer holds.
        "grade": None if is_removed(entry) else grade_for(entry),
    })


def verify_qr(request, code, fmt):
    entry = _entry_or_404(code)
    if fmt == "png":
        body, content_type = verification.qr_png(entry), "image/png"
    else:
        body, content_type = verification.qr_svg(entry), "image/svg+xml"
    response = HttpResponse(body, content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="greenlist-verify-{entry.public_code}.{fmt}"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _filtered(request):
    form = stats.StatsFilter(request.GET or None)
    kind, batch = "", None
    if form.is_valid():
        kind, batch = form.cleaned_data["kind"], form.cleaned_data["batch"]
    return form, kind, batch


def stats_page(request):
    form, kind, batch = _filtered(request)
    charts = stats.charts(kind=kind, batch=batch)
    query = request.GET.urlencode()
    return render(request, "reviews/stats.html", {
        "form": form, "charts": charts, "query": query, "top": stats.TOP,
        "total": sum(row[-1] for row in charts["batches"].rows),
        "chart_data": {key: {"columns": c.columns, "rows": c.rows, **c.extra} for key, c in charts.items()},
    })


def stats_csv(request, chart):
    if chart not in stats.BUILDERS:
        raise Http404(_("没有这个统计图表。"))
    form, kind, batch = _filtered(request)
    data = stats.charts(kind=kind, batch=batch, only=chart)[chart]
    # UTF-8 with a byte-order mark: Excel on Windows opens the Chinese text correctly only so.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="greenlist-stats-{chart}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(data.columns)
    writer.writerows(data.rows)
    return response
