"""Pages of dynamic management (R-DYN-1) and the green code (R-GREENCODE): the unit's 动态管理
list and table form, a table's page with the authority's review, the authority's review list, the
overdue flags, and the ministry's overview of filing rates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenlist.forms import bound_data
from greenlist.models import HistoryEntry
from greenlist.rules import require
from reviews.publication.models import ListEntry

from .. import selectors
from ..forms import DynamicTableFilter, DynamicTableForm, ReviewForm
from ..models import DynamicTable, Grade, GradeScale, GreenGrade
from ..policy import KEY_INDICATORS, deadline_for, deadlines_for
from ..services import dynamic as services
from ..services.greencode import compute_grades

PAGE_SIZE = 30


STATE_LABELS = dict(DynamicTable.Status.choices)


def _add_errors(exc: ValidationError, form) -> None:
    """A service's refusal, next to the field it names (or above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year") or default)
    except ValueError:
        return default


@login_required
def unit_list(request):
    require(request.user, "supervision.file_tables")
    today = timezone.localdate()
    page, query = _page(request, selectors.unit_entries(request.user))
    years = {y for entry in page if entry.declaration_id for y in services.open_years(entry, today)}
    deadlines = deadlines_for(years)
    for entry in page:
        tables = {t.year: t for t in entry.dynamic_tables.all()}
        flags = {f.year for f in entry.overdue_flags.all()}
        entry.rows = []
        for year in services.open_years(entry, today) if entry.declaration_id else []:
            deadline = deadlines[year]
            entry.rows.append({"year": year, "deadline": deadline, "table": tables.get(year), "flagged": year in flags,
                               "overdue": today > deadline})
        entry.grade = next(iter(entry.green_grades.all()), None)
    return render(request, "reviews/dynamic/unit_list.html", {"page": page, "query": query})


def _own_entry(user, pk) -> ListEntry:
    entry = ListEntry.objects.select_related("declaration", "batch", "authority").filter(pk=pk).first()
    if entry is None or not user.has_perm("supervision.file_table", entry):
        raise Http404(_("没有找到该名单单位，或您无权填报。"))
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def unit_form(request, entry_pk, year):
    require(request.user, "supervision.file_tables")
    entry = _own_entry(request.user, entry_pk)
    if year not in services.open_years(entry):
        raise Http404(_("该年度不在可填报范围内。"))
    table = DynamicTable.objects.filter(entry=entry, year=year).first()
    if table is not None and table.is_filed:
        return redirect(table)
    form = DynamicTableForm(*bound_data(request), entry=entry, year=year, table=table)
    if request.method == "POST" and form.is_valid():
        filing = request.POST.get("action") == "file"
        if filing and not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("报送前请勾选承诺。"))
        else:
            try:
                table = services.save_table(actor=request.user, entry=entry, year=year, data=form.service_data(),
                                            file=filing)
            except ValidationError as exc:
                _add_errors(exc, form)
            else:
                if filing:
                    messages.success(request, _("%(y)s 年度动态管理表已报送%(late)s。") % {
                        "y": year, "late": _("（逾期报送）") if table.late else ""})
                    return redirect(table)
                messages.success(request, _("草稿已保存。"))
                return redirect("reviews:dynamic_form", entry.pk, year)
    return render(request, "reviews/dynamic/form.html", {
        "entry": entry, "year": year, "form": form, "table": table,
        "deadline": table.deadline if table else deadline_for(year),
    }, status=400 if form.errors else 200)


def _visible_table(user, pk) -> DynamicTable:
    table = (DynamicTable.objects.select_related("entry__declaration", "entry__batch", "entry__authority",
                                                 "filed_by", "reviewed_by").filter(pk=pk).first())
    if table is None or not user.has_perm("supervision.view_table", table):
        raise Http404(_("没有找到该动态管理表，或您无权查看。"))
    return table


@login_required
def table_detail(request, pk):
    table = _visible_table(request.user, pk)
    return _render_detail(request, table, ReviewForm())


def _render_detail(request, table, form, status=200):
    can_review = (request.user.has_perm("supervision.review_table", table)
                  and table.status in (DynamicTable.Status.FILED, DynamicTable.Status.ONSITE))
    return render(request, "reviews/dynamic/detail.html", {
        "table": table, "entry": table.entry, "can_review": can_review, "form": form,
        "grade": GreenGrade.objects.filter(table=table).first(),
        "history": [(h, h.action_label, STATE_LABELS.get(h.to_state, h.to_state))
                    for h in HistoryEntry.objects.for_object(table).select_related("actor")],
        "indicator_units": {i.code: i.unit for i in KEY_INDICATORS[table.entry.kind]},
    }, status=status)


@login_required
@require_POST
def review(request, pk):
    require(request.user, "supervision.review_tables")
    table = _visible_table(request.user, pk)
    if not request.user.has_perm("supervision.review_table", table):
        raise Http404(_("没有找到该动态管理表，或您无权查看。"))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_table(actor=request.user, table=table, decision=form.cleaned_data["decision"],
                                  note=form.cleaned_data["note"])
        except ValidationError as exc:
            _add_errors(exc, form)
        else:
            messages.success(request, _("审核结论已记录：%(u)s") % {"u": table.entry.unit_name})
            return redirect(table)
    return _render_detail(request, table, form, status=400)


@login_required
def authority_list(request):
    require(request.user, "supervision.follow_tables")
    filterset = DynamicTableFilter(request.GET, queryset=selectors.authority_tables(request.user))
    page, query = _page(request, filterset.qs)
    return render(request, "reviews/dynamic/authority_list.html", {
        "filter": filterset, "page": page, "query": query,
        "authority": getattr(request.user.organisation, "authority", None),
    })


@login_required
def overdue_list(request):
    require(request.user, "supervision.follow_tables")
    year = _year(request, services.last_closed_year(timezone.localdate()))
    page, query = _page(request, selectors.overdue_flags(request.user, year=year))
    return render(request, "reviews/dynamic/overdue_list.html", {"page": page, "query": query, "year": year})


@login_required
def ministry_overview(request):
    require(request.user, "supervision.oversee")
    year = _year(request, services.open_round(timezone.localdate()))
    rates = selectors.filing_rates(year)
    total = selectors.Rate(authority=None)
    for r in rates:
        for f in ("obliged", "offline", "filed", "late", "flagged"):
            setattr(total, f, getattr(total, f) + getattr(r, f))
    return render(request, "reviews/dynamic/ministry.html", {
        "year": year, "rates": rates, "total": total, "deadline": deadline_for(year),
        "years": range(timezone.localdate().year, 2016, -1), "scale": GradeScale.for_year(year),
        "grade_counts": _grade_counts(year),
    })


def _grade_counts(year) -> list[tuple[str, int]]:
    counts = dict(GreenGrade.objects.filter(year=year).values_list("grade").annotate(n=Count("pk")))
    return [(grade, counts.get(grade, 0)) for grade in Grade.values]


@login_required
@require_POST
def compute_year_grades(request):
    """Admin-triggered run of the green-code job (the beat runs it daily after the deadline)."""
    require(request.user, "supervision.oversee")
    year = _year(request, services.last_closed_year(timezone.localdate()))
    c = compute_grades(year=year, actor=request.user)["counts"]  # each new grade writes its history row
    messages.success(request, _("%(y)s 年度企业绿码已计算：A+ %(ap)d 家，A %(a)d 家，B %(b)d 家。") % {
        "y": year, "ap": c["A+"], "a": c["A"], "b": c["B"]})
    return redirect(f"{reverse('reviews:dynamic_ministry')}?year={year}")
