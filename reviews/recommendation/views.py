"""The province's ranking page (R-RANK) and its actions, the summary workbook (R-SUMMARY), and
the ministry's overview of every authority's recommendation. The authority is always the
official's own, never taken from the URL; a declaration of another authority is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import permissions, workflow
from applications.models import Declaration
from greenlist.forms import batch_pk
from greenlist.models import Batch, ListKind
from greenlist.rules import require

from . import selectors, services, summary
from .forms import VetoForm

Refused = workflow.TransitionRefused


def _authority(user):
    require(user, "recommendation.rank")
    return selectors.official_authority(user)


def _declaration(user, pk) -> Declaration:
    """A declaration of the official's own authority that they may see; anything else is a 404."""
    authority = _authority(user)
    decl = Declaration.objects.select_related("batch", "authority").filter(pk=pk, authority=authority).first()
    if decl is None or not permissions.can_view(user, decl):
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


def _batch(request, pk=None) -> Batch:
    if pk is not None:
        return get_object_or_404(Batch, pk=pk)
    if request.GET.get("batch"):
        return get_object_or_404(Batch, pk=batch_pk(request.GET["batch"]))
    batch = Batch.objects.exclude(phase=Batch.Phase.CLOSED).first()
    if batch is None:
        raise Http404(_("没有找到该批次。"))
    return batch


def _kind(batch: Batch, value: str | None) -> str:
    if not value:
        return (batch.kinds_open or [ListKind.FACTORY])[0]
    if value not in ListKind.values:
        raise Http404(_("未知类别。"))
    return value


def _page_url(batch, kind) -> str:
    return f"{reverse('reviews:province')}?batch={batch.pk}&kind={kind}"


@login_required
def ranking_page(request):
    authority = _authority(request.user)
    batch = _batch(request)
    kind = _kind(batch, request.GET.get("kind"))
    counts = selectors.kind_counts(batch=batch, authority=authority)
    return render(request, "reviews/ranking.html", {
        "batch": batch,
        "batches": Batch.objects.all(),
        "authority": authority,
        "kind": kind,
        "tabs": [(k, ListKind(k).label, counts.get(k, 0)) for k in batch.kinds_open],
        "ranking": selectors.ranking_for(batch=batch, authority=authority, kind=kind),
    })


def _after_action(request, decl_or_batch, kind, *, message: str = "", error: str = ""):
    """htmx: the ranking section again, with the message in it; otherwise back to the page."""
    batch = getattr(decl_or_batch, "batch", decl_or_batch)
    if request.htmx:
        authority = _authority(request.user)
        return render(request, "reviews/ranking_section.html", {
            "batch": batch, "kind": kind, "message": message, "error": error,
            "ranking": selectors.ranking_for(batch=batch, authority=authority, kind=kind),
        }, status=403 if error else 200)
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect(_page_url(batch, kind))


@login_required
@require_POST
def recommend(request, pk):
    """R-RANK / R-QUOTA: recommend one candidate; it joins the recommended list at the end."""
    decl = _declaration(request.user, pk)
    try:
        services.recommend(actor=request.user, declaration=decl)
    except Refused as exc:
        if request.htmx:
            return _after_action(request, decl, decl.kind, error=exc.message)
        return render(request, "reviews/refused.html", {"decl": decl, "message": exc.message}, status=403)
    return _after_action(request, decl, decl.kind, message=_("已推荐：%(u)s") % {"u": decl.unit_name})


@login_required
@require_POST
def unrecommend(request, pk):
    """R-RANK: take back a recommendation before submission; the unit rejoins the candidates."""
    decl = _declaration(request.user, pk)
    try:
        services.unrecommend(actor=request.user, declaration=decl)
    except Refused as exc:
        return _after_action(request, decl, decl.kind, error=exc.message)
    return _after_action(request, decl, decl.kind, message=_("已撤回推荐：%(u)s") % {"u": decl.unit_name})


@login_required
@require_POST
def move(request, pk, direction):
    decl = _declaration(request.user, pk)
    try:
        services.move(actor=request.user, declaration=decl, direction=direction)
    except Refused as exc:
        return _after_action(request, decl, decl.kind, error=exc.message)
    return _after_action(request, decl, decl.kind, message=_("排序已保存。"))


@login_required
@require_POST
def reorder(request, batch_pk, kind):
    """The drag-and-drop: the section's declarations in their new order."""
    authority = _authority(request.user)
    batch = _batch(request, batch_pk)
    kind = _kind(batch, kind)
    try:
        order = [int(v) for v in request.POST.getlist("order")]
    except ValueError:
        raise Http404(_("没有找到该申报，或您无权查看。")) from None
    # Declarations of another authority are not ours to see: a 404, as for every other endpoint.
    if Declaration.objects.filter(pk__in=order).exclude(authority=authority).exists():
        raise Http404(_("没有找到该申报，或您无权查看。"))
    try:
        services.reorder(actor=request.user, batch=batch, authority=authority, kind=kind,
                        section=request.POST.get("section", ""), order=order)
    except Refused as exc:
        return _after_action(request, batch, kind, error=exc.message)
    return _after_action(request, batch, kind, message=_("排序已保存。"))


@login_required
@require_http_methods(["GET", "POST"])
def veto(request, pk):
    """R-VETO-2: record a negative-list item found later; the unit leaves the recommendation."""
    decl = _declaration(request.user, pk)
    form = VetoForm(request.POST if request.method == "POST" else None, batch=decl.batch)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.veto(actor=request.user, declaration=decl, item=form.cleaned_data["item"],
                         source=form.cleaned_data["source"], note=form.cleaned_data["note"])
        except Refused as exc:
            error = exc.message
        else:
            messages.success(request, _("已记录否决项，%(u)s已移出推荐。") % {"u": decl.unit_name})
            return redirect(_page_url(decl.batch, decl.kind))
    if error is None:
        try:
            workflow.find_transition(decl, "veto")
        except Refused as exc:
            error = exc.message
    return render(request, "reviews/ranking_veto.html", {"decl": decl, "form": form, "error": error},
                  status=403 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, batch_pk):
    """Confirmation page, then the submission that locks the authority's recommendation."""
    authority = _authority(request.user)
    batch = _batch(request, batch_pk)
    error = None
    if request.method == "POST":
        try:
            services.submit(actor=request.user, batch=batch, authority=authority)
        except Refused as exc:
            error = exc.message
        else:
            messages.success(request, _("已报送%(b)s推荐结果，推荐已锁定。") % {"b": batch})
            return redirect(_page_url(batch, _kind(batch, None)))
    rankings = [selectors.ranking_for(batch=batch, authority=authority, kind=k) for k in batch.kinds_open]
    return render(request, "reviews/ranking_submit.html", {
        "batch": batch, "authority": authority, "rankings": rankings, "error": error,
        "record": rankings[0].record if rankings else None,
        "deadline_passed": not batch.recommendation_open(),
    }, status=403 if error else 200)


@login_required
def summary_workbook(request, batch_pk):
    """R-SUMMARY: the 推荐汇总表 of the official's authority, built from the page's selector."""
    authority = _authority(request.user)
    batch = _batch(request, batch_pk)
    content = summary.workbook(batch=batch, authority=authority)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = summary.content_disposition(batch, authority)
    return response


OVERVIEW_PAGE_SIZE = 20


@login_required
def ministry_overview(request):
    """Every authority's recommendation per kind: recommended against quota, submitted or not."""
    require(request.user, "recommendation.follow")
    batch = _batch(request)
    kind = request.GET.get("kind", "")
    if kind and kind not in batch.kinds_open:
        raise Http404(_("未知类别。"))
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    authorities = summary.overview_authorities(batch=batch, q=q, status=status)
    page = Paginator(authorities, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reviews/ministry_recommendations.html", {
        "batch": batch, "batches": Batch.objects.all(), "kind": kind, "q": q, "status": status,
        "kinds": [(k, ListKind(k).label) for k in batch.kinds_open],
        "page": page, "rows": summary.overview_rows(batch=batch, authorities=list(page), kind=kind),
        "query": query.urlencode(), "deadline_passed": not batch.recommendation_open(),
    })
