"""The public statistics page and the CSV of each of its charts (no login: the lists are public)."""
import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import stats


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
