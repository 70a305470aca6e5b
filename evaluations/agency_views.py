"""Agency registry pages: the agency's own registration, the ministry's list (with supervision)
and decision page, the evidence download, and the public list of approved agencies."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenlist.forms import bound_data
from greenlist.history import change_rows
from greenlist.models import HistoryEntry, Organisation
from greenlist.rules import require

from . import registry
from .agencies import AgencyProfile, profile_of
from .agency_forms import AgencyProfileForm, AgencySearchForm, DebarmentForm, DecisionForm

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    """The agency's own registration: submitted (again) for the ministry's approval."""
    agency = request.user.organisation
    require(request.user, "evaluations.act_for_agency", agency)
    profile = profile_of(agency)
    form = AgencyProfileForm(*bound_data(request), instance=profile or AgencyProfile(organisation=agency))
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in registry.PROFILE_FIELDS}
        evidence = request.FILES.get("evidence")
        try:
            registry.register_agency(actor=request.user, organisation=agency, evidence=evidence, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("机构登记信息已提交，请等待工业和信息化部审核。"))
            return redirect("evaluations:agency_profile")
    return render(request, "evaluations/agency_profile.html", {"form": form, "profile": profile, "agency": agency})


@login_required
def agency_list(request):
    """Ministry: every agency, its registration status, engagements per batch, conclusions, debarment."""
    require(request.user, "evaluations.review_agencies")
    search = AgencySearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    qs = registry.agencies(status=filters.get("status", ""), q=(filters.get("q") or "").strip())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page)
    stats = registry.supervision(a.pk for a in rows)
    for agency in rows:
        agency.profile = profile_of(agency)
        agency.stats = stats.get(agency.pk)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "evaluations/agency_list.html", {
        "page": page, "rows": rows, "filter": {"form": search}, "query": query,  # _filter_form.html's shape
    })


@login_required
@require_http_methods(["GET", "POST"])
def agency_review(request, pk):
    """Ministry: one agency's registration, the decision on it and its debarment."""
    require(request.user, "evaluations.review_agencies")
    agency = get_object_or_404(Organisation.objects.select_related("agency_profile"), pk=pk,
                               kind=Organisation.Kind.AGENCY)
    profile = profile_of(agency)
    posted = request.POST.get("form") if request.method == "POST" else None
    decision = DecisionForm(request.POST if posted == "decision" else None)
    debarment = DebarmentForm(request.POST if posted == "debarment" else None,
                              initial={"debarred_until": registry.default_debarment_end()})
    if profile is None and posted:
        raise Http404(_("该机构尚未提交登记信息。"))
    try:
        if posted == "decision" and decision.is_valid():
            registry.decide_agency(actor=request.user, profile=profile,
                                   approve=decision.cleaned_data["decision"] == "approve",
                                   reason=decision.cleaned_data["reason"])
            messages.success(request, _("审核结果已保存，并已通知该机构。"))
            return redirect("evaluations:agency_review", pk=agency.pk)
        if posted == "debarment" and debarment.is_valid():
            registry.debar_agency(actor=request.user, profile=profile, reason=debarment.cleaned_data["debarment_reason"],
                                  until=debarment.cleaned_data["debarred_until"])
            messages.success(request, _("已对该机构作出禁入处理，并已通知该机构。"))
            return redirect("evaluations:agency_review", pk=agency.pk)
    except ValidationError as exc:
        (decision if posted == "decision" else debarment).add_error(None, exc)
    history = list(HistoryEntry.objects.for_object(profile).select_related("actor")) if profile else []
    for entry in history:
        entry.state_label = AgencyProfile.Status(entry.to_state).label if entry.to_state else ""
        entry.change_rows = change_rows(entry, AgencyProfile)
    return render(request, "evaluations/agency_review.html", {
        "agency": agency, "profile": profile, "decision": decision, "debarment": debarment,
        "history": history, "stats": registry.supervision([agency.pk]).get(agency.pk),
    }, status=400 if posted else 200)


@login_required
def evidence_download(request, pk):
    """The registration's evidence: to the ministry and to the agency's own members."""
    profile = AgencyProfile.objects.select_related("organisation").filter(pk=pk).first()
    if profile is None or not profile.evidence:
        raise Http404(_("没有找到该材料。"))
    if not request.user.has_perm("evaluations.view_agency_evidence", profile.organisation):
        raise Http404(_("没有找到该材料。"))
    name = profile.evidence.name.rsplit("/", 1)[-1]
    suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
    return FileResponse(profile.evidence.open("rb"), as_attachment=True,
                        filename=f"机构证明材料-{profile.organisation.name}.{suffix}")


def public_list(request):
    """Public: approved agencies; a debarred one is marked and not shown as available."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL in text
    page = Paginator(registry.public_agencies(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluations/public_agencies.html", {
        "page": page, "q": q, "query": urlencode({"q": q}) if q else "",
    })
