"""Publicity pages (R-PUBLICITY, R-PUBLISH): the public publicity notices and objection form; the
ministry's overview, publicity, publication, objections and the published list's files."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from applications import workflow
from applications.models import DeclarationStatus
from greenlist.forms import batch_pk, bound_data
from greenlist.models import Batch, HistoryEntry
from greenlist.rules import require
from reviews.recommendation import selectors as recommendation_selectors

from . import selectors, services
from .forms import ObjectionFilter, ObjectionForm, ResolveForm
from .models import Objection, Publicity


def _open_batch(request):
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
    require(request.user, "publication.manage")
    batch = _open_batch(request)
    publicity = selectors.current_publicity(batch) if batch else None
    return render(request, "reviews/ministry.html", {
        "batch": batch,
        "batches": Batch.objects.all(),
        "recommended": _capped(recommendation_selectors.ministry_queue(status=S.RECOMMENDED, batch=batch)),
        "shortlisted": _capped(recommendation_selectors.ministry_queue(status=S.SHORTLISTED, batch=batch)),
        "in_publicity": _capped(recommendation_selectors.ministry_queue(status=S.IN_PUBLICITY, batch=batch)),
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


S = DeclarationStatus


UNITS_PER_PAGE = 20


OBJECTIONS_PER_PAGE = 25


def _objection_rate(group, request) -> str:
    # Read on each request, so an operator (or a test) can change it without a restart of code.
    return settings.OBJECTION_RATE


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def publicity_index(request):
    page = Paginator(selectors.past_publicities(), 10).get_page(request.GET.get("page"))
    return render(request, "reviews/publicity/index.html", {
        "running": selectors.running_publicities(), "page": page, "query": "",
    })


@require_GET
def publicity_detail(request, pk):
    publicity = get_object_or_404(Publicity.objects.select_related("batch"), pk=pk)
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.publicity_units(publicity, q=q), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    agencies = selectors.agency_names(page.object_list)
    for decl in page.object_list:
        decl.agency_name = agencies.get(decl.pk, "")
    return render(request, "reviews/publicity/detail.html", {
        "publicity": publicity, "page": page, "q": q, "query": _query_without_page(request),
        "running": publicity.is_running(),
    })


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_objection_rate, method="POST", block=False)
def objection_new(request, pk, declaration_pk):
    """The public objection form: CSRF-protected, rate-limited per IP, refused outside the period."""
    publicity = get_object_or_404(Publicity.objects.select_related("batch"), pk=pk)
    decl = selectors.unit_in_publicity(publicity, declaration_pk)
    if decl is None:
        raise Http404(_("该单位不在本次公示名单中。"))
    form = ObjectionForm(*bound_data(request))
    context = {"publicity": publicity, "decl": decl, "form": form, "running": publicity.is_running()}
    if not context["running"]:
        return render(request, "reviews/publicity/objection_form.html", context,
                      status=403 if request.method == "POST" else 200)
    if request.method == "POST":
        if getattr(request, "limited", False):
            context["limited"] = True
            return render(request, "reviews/publicity/objection_form.html", context, status=429)
        if form.is_valid():
            try:
                objection = services.file_objection(
                    publicity=publicity, declaration=decl, ip_address=request.META.get("REMOTE_ADDR"),
                    **{k: form.cleaned_data[k] for k in ("name", "contact", "grounds", "evidence")})
            except ValidationError as exc:
                form.add_error("evidence", exc)
            except workflow.TransitionRefused as exc:
                context["refusal"] = exc.message
                return render(request, "reviews/publicity/objection_form.html", context, status=403)
            else:
                messages.success(request, _("您对“%(u)s”的异议已提交（受理编号 %(n)d），工业和信息化部将核实处理。") % {
                    "u": decl.unit_name, "n": objection.pk})
                return redirect(publicity.get_absolute_url())
        if form.errors.get("evidence") is None and request.FILES:
            # A browser cannot be told to keep a chosen file: say so, next to the file field.
            context["reselect_file"] = True
    return render(request, "reviews/publicity/objection_form.html", context,
                  status=400 if request.method == "POST" else 200)


def _current_batch(request):
    if request.GET.get("batch"):

        return get_object_or_404(Batch, pk=batch_pk(request.GET["batch"]))
    return Batch.objects.exclude(phase=Batch.Phase.CLOSED).first() or Batch.objects.first()


@login_required
@require_GET
def ministry_publicity(request):
    require(request.user, "publication.manage")
    batch = _current_batch(request)
    context = {"batch": batch, "batches": Batch.objects.all()}
    if batch is not None:
        units = (recommendation_selectors.ministry_queue(status=S.IN_PUBLICITY, batch=batch)
                 .annotate(open_objections=Count("objections", filter=Q(objections__status=Objection.Status.OPEN)),
                           all_objections=Count("objections")))
        context.update({
            "shortlisted": recommendation_selectors.ministry_queue(status=S.SHORTLISTED, batch=batch),
            "in_publicity": units,
            "state": selectors.publish_state(batch),
            "published": batch.entries.count(),
            **_exports_context(batch),
        })
    return render(request, "reviews/publicity/ministry.html", context)


def _exports_context(batch) -> dict:
    exports = selectors.latest_exports(batch)
    return {"exports": exports, "exports_polling": any(e is not None and e.polling for e in exports.values())}


@login_required
@require_GET
def exports_status(request, batch_pk):
    """The files card the ministry page polls while a file is being built."""
    require(request.user, "publication.manage")
    batch = get_object_or_404(Batch, pk=batch_pk)
    return render(request, "reviews/publicity/_exports.html", {"batch": batch, "published": batch.entries.count(),
                                                               **_exports_context(batch)})


@login_required
@require_POST
def exports_request(request, batch_pk):
    require(request.user, "publication.manage")
    batch = get_object_or_404(Batch, pk=batch_pk)
    try:
        services.request_exports(actor=request.user, batch=batch)
    except workflow.TransitionRefused as exc:
        messages.error(request, exc.message)
    if request.htmx:
        return exports_status(request, batch_pk)
    return redirect(f"{reverse('reviews:ministry_publicity')}?batch={batch.pk}")


@require_GET
def export_download(request, batch_pk, fmt):
    """The published list's file: public, like the list itself."""
    export = selectors.downloadable(batch_pk, fmt)
    if export is None:
        raise Http404(_("该批次的名单文件尚未生成。"))
    return FileResponse(export.file.open("rb"), content_type=export.content_type, as_attachment=True,
                        filename=export.filename)


@login_required
@require_GET
def objection_list(request):
    require(request.user, "publication.manage")
    filterset = ObjectionFilter(request.GET, queryset=selectors.ministry_objections())
    page = Paginator(filterset.qs, OBJECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/publicity/objection_list.html", {
        "filter": filterset, "page": page, "query": _query_without_page(request),
        "open_count": Objection.objects.filter(status=Objection.Status.OPEN).count(),
    })


def _objection_or_404(user, pk) -> Objection:
    require(user, "publication.manage")
    return get_object_or_404(selectors.ministry_objections(), pk=pk)


def _detail(request, objection, form, status=200):
    history = HistoryEntry.objects.for_object(objection).select_related("actor")
    return render(request, "reviews/publicity/objection_detail.html", {
        "objection": objection, "form": form, "history": history,
        "others": selectors.ministry_objections().filter(declaration=objection.declaration).exclude(pk=objection.pk),
    }, status=status)


@login_required
@require_GET
def objection_detail(request, pk):
    objection = _objection_or_404(request.user, pk)
    return _detail(request, objection, ResolveForm() if objection.is_open else None)


@login_required
@require_POST
def objection_resolve(request, pk):
    """A decision is confirmed on a second page before it is recorded: upholding is irreversible."""
    objection = _objection_or_404(request.user, pk)
    form = ResolveForm(request.POST)
    if not objection.is_open:
        messages.error(request, _("该异议已处理，不能重复处理。"))
        return redirect(objection.get_absolute_url())
    if not form.is_valid():
        return _detail(request, objection, form, status=400)
    if request.POST.get("edit"):
        return _detail(request, objection, form)
    if request.POST.get("confirmed") != "1":
        return render(request, "reviews/publicity/objection_confirm.html", {"objection": objection, "form": form})
    try:
        services.resolve_objection(actor=request.user, objection=objection, upheld=form.upheld,
                                     reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        form.add_error("reason", exc)
        return _detail(request, objection, form, status=400)
    except workflow.TransitionRefused as exc:
        messages.error(request, exc.message)
        return redirect(objection.get_absolute_url())
    if form.upheld:
        messages.success(request, _("已认定异议成立，“%(u)s”已移出公示名单。") % {"u": objection.declaration.unit_name})
    else:
        messages.success(request, _("已认定异议不成立，“%(u)s”保留在公示名单中。") % {"u": objection.declaration.unit_name})
    return redirect(objection.get_absolute_url())


@login_required
@require_GET
def objection_evidence(request, pk):
    objection = _objection_or_404(request.user, pk)
    if not objection.evidence:
        raise Http404(_("该异议没有证明材料。"))
    return FileResponse(objection.evidence.open("rb"), content_type=objection.evidence_type, as_attachment=True,
                        filename=objection.evidence_download_name)
