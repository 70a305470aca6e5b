"""Pages of the life on the list: rechecks (the authority), spot checks and removal (the ministry),
and the ministry's list of listed units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenlist.forms import bound_data
from greenlist.rules import require
from reviews.publication.forms import ListEntryFilter

from .. import selectors
from ..forms import DrawForm, RecheckForm, RemovalForm, SpotCheckResultForm
from ..models import Recheck, SpotCheck, SpotCheckDraw
from ..services.rechecks import record_recheck
from ..services.removal import RemovalRefused, is_removed, remove_entry
from ..services.spotchecks import draw_spot_checks, record_spot_check

PAGE_SIZE = 30


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


@login_required
def rechecks(request):
    require(request.user, "supervision.follow_rechecks")
    status = request.GET.get("status", "")
    status = status if status in Recheck.Status.values else ""
    page, query = _page(request, selectors.rechecks_for(request.user, status=status))
    return render(request, "reviews/supervision/rechecks.html", {
        "page": page, "query": query, "status": status, "statuses": Recheck.Status.choices,
        "can_record": request.user.has_perm("supervision.record_rechecks"),
    })


@login_required
def recheck_record(request, pk):
    require(request.user, "supervision.record_rechecks")
    recheck = selectors.recheck_for(request.user, pk)
    if recheck is None:  # another region's recheck does not exist for this official
        raise Http404(_("没有找到该复核。"))
    form = RecheckForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            record_recheck(actor=request.user, recheck=recheck, passed=form.cleaned_data["result"] == "passed",
                           reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已登记“%(u)s”的复核结果。") % {"u": recheck.entry.unit_name})
            return redirect("reviews:rechecks")
    return render(request, "reviews/supervision/recheck_record.html", {"recheck": recheck, "form": form})


@login_required
def spot_checks(request):
    require(request.user, "supervision.check")
    form = DrawForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = draw_spot_checks(actor=request.user, size=data["size"], seed=data["seed"], kind=data["kind"],
                                    authority=data["authority"], note=data["note"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已抽取 %(n)d 家单位（随机种子 %(s)d）。") % {
                "n": draw.checks.count(), "s": draw.seed})
            return redirect("reviews:spot_check_draw", draw.pk)
    page, query = _page(request, selectors.draws())
    return render(request, "reviews/supervision/spot_checks.html", {"page": page, "query": query, "form": form},
                  status=400 if form.errors else 200)


@login_required
def spot_check_draw(request, pk):
    require(request.user, "supervision.check")
    draw = get_object_or_404(SpotCheckDraw.objects.select_related("authority", "drawn_by"), pk=pk)
    return render(request, "reviews/supervision/spot_check_draw.html", {
        "draw": draw, "checks": selectors.draw_checks(draw), "form": SpotCheckResultForm(),
    })


@login_required
@require_POST
def spot_check_result(request, pk):
    require(request.user, "supervision.check")
    check = get_object_or_404(SpotCheck.objects.select_related("entry"), pk=pk)
    form = SpotCheckResultForm(request.POST)
    if form.is_valid():
        try:
            record_spot_check(actor=request.user, check=check, clean=form.cleaned_data["result"] == "clean",
                              note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已登记“%(u)s”的抽查结果。") % {"u": check.entry.unit_name})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("reviews:spot_check_draw", check.draw_id)


@login_required
def listed_units(request):
    require(request.user, "supervision.check")
    filterset = ListEntryFilter(request.GET, queryset=selectors.listed_units())
    page, query = _page(request, filterset.qs)
    return render(request, "reviews/supervision/listed_units.html", {"filter": filterset, "page": page,
                                                                     "query": query})


@login_required
def remove(request, pk):
    require(request.user, "supervision.check")
    entry = get_object_or_404(selectors.listed_units(), pk=pk)
    if is_removed(entry):
        messages.info(request, _("“%(u)s”已被撤销。") % {"u": entry.unit_name})
        return redirect(entry.get_absolute_url())
    form = RemovalForm(*bound_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            remove_entry(actor=request.user, entry=entry, reason=data["reason"], removed_on=data["removed_on"],
                         note=data["note"])
        except ValidationError as exc:
            _form_errors(form, exc)
        except RemovalRefused as exc:
            messages.error(request, exc.message)
            return redirect(entry.get_absolute_url())
        else:
            messages.success(request, _("已撤销“%(u)s”，公开名单已显示撤销信息。") % {"u": entry.unit_name})
            return redirect(entry.get_absolute_url())
    return render(request, "reviews/supervision/remove.html", {"entry": entry, "form": form},
                  status=400 if form.errors else 200)
