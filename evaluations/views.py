"""Agency pages: my engagements, the evaluation form, and the report download."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications import frozen, permissions, workflow
from applications.models import Declaration, DeclarationStatus
from applications.selectors import declaration_detail
from greenlist.forms import bound_data
from greenlist.rules import require

from . import indicators, reports, scoring, selectors, services
from .engagements import cap_usage as engagement_cap_usage
from .forms import EvaluationForm, IndicatorScoresForm
from .models import Engagement, Evaluation, IndicatorScore


def agency_of(user):
    """The agency the user acts for; anyone else is refused."""
    require(user, "evaluations.act_for_agency", user.organisation)
    return user.organisation


@login_required
def engagement_list(request):
    agency = agency_of(request.user)
    engagements = selectors.engagements_for_agency(agency, status=request.GET.get("status", "").replace("\x00", ""))
    page = Paginator(engagements, 20).get_page(request.GET.get("page"))
    return render(request, "evaluations/engagements.html", {
        "page": page, "agency": agency, "proposals": list(selectors.proposals_for_agency(agency)),
        "cap_usage": engagement_cap_usage(agency, selectors.batches_for_agency(agency)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, pk):
    agency = agency_of(request.user)
    engagement = (
        Engagement.objects.filter(declaration_id=pk, agency=agency, status=Engagement.Status.ACCEPTED)
        .select_related("declaration__batch", "declaration__authority").first()
    )
    if engagement is None or not permissions.has_perm(request.user, "applications.evaluate_declaration",
                                                       engagement.declaration):
        raise Http404(_("没有找到该评价委托，或您的机构未受托评价该申报。"))
    decl = engagement.declaration
    if decl.status != DeclarationStatus.SUBMITTED:
        messages.info(request, _("该申报当前不在第三方评价阶段（状态：%(s)s）。") % {"s": decl.get_status_display()})
        return redirect(decl)
    evaluation = Evaluation.objects.filter(engagement=engagement, version=decl.version).first()
    form = EvaluationForm(*bound_data(request), instance=evaluation)
    error = None
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_evaluation(actor=request.user, engagement=engagement, submit=submit,
                                     **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except workflow.TransitionRefused as exc:
            error = exc.message
            evaluation = Evaluation.objects.filter(engagement=engagement, version=decl.version).first()
            form = EvaluationForm(request.POST, instance=evaluation)
        else:
            messages.success(request, _("评价已提交，申报已转省级主管部门。") if submit else _("评价草稿已保存。"))
            return redirect(decl if submit else request.path)
    return render(request, "evaluations/evaluate.html", {
        "decl": decl, "form": form, "evaluation": evaluation, "error": error,
        "scored": indicators.result(decl, IndicatorScore.Source.THIRD_PARTY),
    }, status=403 if error else 200)


@login_required
def summary_download(request, pk):
    """The generated evaluation summary: like a submitted report, to whoever may see the declaration."""
    evaluation = Evaluation.objects.select_related("engagement__declaration").filter(pk=pk).first()
    if evaluation is None or not evaluation.summary or not evaluation.submitted_at \
            or not permissions.can_view(request.user, evaluation.engagement.declaration):
        raise Http404(_("没有找到该文件。"))
    decl = evaluation.engagement.declaration
    return FileResponse(evaluation.summary.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"第三方评价汇总表-{decl.unit_name}.pdf")


@login_required
def report_download(request, pk):
    """The signed report: once submitted, to those who may see the declaration; before that,
    only to the agency that is writing it."""
    evaluation = Evaluation.objects.select_related("engagement__declaration", "engagement__agency").filter(pk=pk).first()
    if evaluation is None or not evaluation.report:
        raise Http404(_("没有找到该报告。"))
    decl: Declaration = evaluation.engagement.declaration
    own_draft = request.user.organisation == evaluation.engagement.agency and permissions.has_perm(
        request.user, "applications.evaluate_declaration", decl)
    if not (own_draft or (evaluation.submitted_at and permissions.can_view(request.user, decl))):
        raise Http404(_("没有找到该报告。"))
    return FileResponse(evaluation.report.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"第三方评价报告-{decl.unit_name}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def self_evaluation(request, pk):
    """The applicant's self-evaluation against the declaration's indicator set, with the score
    breakdown per group. Read-only once submitted (R-FLOW-2)."""
    decl = declaration_detail(request.user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    _refuse_draft_under_revision(request.user, decl)
    editable = decl.is_editable and permissions.has_perm(request.user, "applications.change_declaration", decl)
    indicator_set = indicators.scheme_for(decl)
    items = indicators.indicators_of(indicator_set)
    scores = indicators.recorded(decl, IndicatorScore.Source.SELF)
    form = IndicatorScoresForm(bound_data(request)[0], indicators=items, scores=scores,
                               first_year=decl.batch.year - 3)  # the last three years before the batch
    error = None
    if request.method == "POST":
        if not editable:
            raise workflow.TransitionRefused(
                _("申报已提交（状态：%(s)s），自评价已冻结，不能修改。") % {"s": decl.get_status_display()}, code="frozen")
        if form.is_valid():
            outcome = indicators.save_self_evaluation(actor=request.user, declaration=decl, entries=form.entries())
            messages.success(request, _("自评价已保存，当前得分 %(t)s 分。") % {"t": outcome.total})
            return redirect("applications:self_evaluation", pk=decl.pk)
        error = _("部分指标填写有误，请检查标红的项。")
    outcome = scoring.score(items, scores)
    return render(request, "evaluations/self_evaluation.html", {
        "decl": decl, "form": form, "outcome": outcome, "indicator_set": indicator_set,
        "editable": editable, "error": error, **reports.status_context(request.user, decl),
        "page_title": _("自评价"), "score_label": _("自评价得分"), "save_label": _("保存自评价"),
        "read_only_note": _("申报已提交或您无修改权限，自评价为只读。"), "show_report": True,
    })


def _refuse_draft_under_revision(user, decl):
    """R-FLOW-2: the self-evaluation of a returned declaration being revised is the applicant's."""
    if not frozen.shows_draft_to(user, decl):
        raise PermissionDenied(_("申报已退回修改，申报单位正在修改自评价。重新提交前，请在申报详情页查看第 %(n)d 版提交的内容。")
                               % {"n": decl.version})


@login_required
@require_http_methods(["GET", "POST"])
def third_party_scores(request, pk):
    """The engaged agency scores the applicant's indicator set, indicator by indicator; the
    evaluation's score is this scoring's total. Read-only outside the evaluation stage."""
    agency = agency_of(request.user)
    decl = declaration_detail(request.user, pk)
    if decl is None or not permissions.has_perm(request.user, "applications.evaluate_declaration", decl) \
            or not decl.engagements.filter(agency=agency, status=Engagement.Status.ACCEPTED).exists():
        raise Http404(_("没有找到该评价委托，或您的机构未受托评价该申报。"))
    editable = decl.status == DeclarationStatus.SUBMITTED
    indicator_set = indicators.scheme_for(decl)
    items = indicators.indicators_of(indicator_set)
    scores = indicators.recorded(decl, IndicatorScore.Source.THIRD_PARTY)
    form = IndicatorScoresForm(bound_data(request)[0], indicators=items, scores=scores,
                               first_year=decl.batch.year - 3)
    error = None
    if request.method == "POST":
        if not editable:
            raise workflow.TransitionRefused(
                _("申报当前状态为“%(s)s”，不在第三方评价阶段。") % {"s": decl.get_status_display()}, code="wrong_state")
        if form.is_valid():
            outcome = indicators.save_third_party_scores(actor=request.user, declaration=decl, entries=form.entries())
            messages.success(request, _("第三方评价打分已保存，当前得分 %(t)s 分。") % {"t": outcome.total})
            return redirect("evaluations:scores", pk=decl.pk)
        error = _("部分指标填写有误，请检查标红的项。")
    return render(request, "evaluations/self_evaluation.html", {
        "decl": decl, "form": form, "outcome": scoring.score(items, scores), "indicator_set": indicator_set,
        "editable": editable, "error": error, "page_title": _("第三方评价打分"),
        "score_label": _("第三方评价得分"), "save_label": _("保存评分"),
        "read_only_note": _("申报不在第三方评价阶段，评分为只读。"), "show_report": False,
    })


# -- the self-evaluation report (R-EVAL-5) ------------------------------------------------------

def _visible_declaration(request, pk) -> Declaration:
    decl = declaration_detail(request.user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


@login_required
@require_http_methods(["POST"])
def self_evaluation_report_request(request, pk):
    """Queue the report; htmx gets the status card back, a plain form post the page."""
    decl = _visible_declaration(request, pk)
    report = reports.request_report(actor=request.user, declaration=decl)
    if request.htmx:
        return _report_status(request, decl)
    report.refresh_from_db()  # an eager task has run by now
    if report.status == report.Status.DONE:
        messages.success(request, _("自评价报告已生成。"))
    elif report.status == report.Status.FAILED:
        messages.error(request, _("自评价报告生成失败。"))
    else:
        messages.info(request, _("已提交生成自评价报告的请求，生成后可在本页下载。"))
    return redirect("applications:self_evaluation", pk=decl.pk)


@login_required
@require_http_methods(["GET"])
def self_evaluation_report_status(request, pk):
    """The status card the page polls while the report is queued or being built; refused like
    the page while a returned declaration is revised (the card shows the draft's total)."""
    decl = _visible_declaration(request, pk)
    _refuse_draft_under_revision(request.user, decl)
    return _report_status(request, decl)


def _report_status(request, decl):
    return render(request, "evaluations/_report_status.html", reports.status_context(request.user, decl))


@login_required
@require_http_methods(["GET"])
def self_evaluation_report_download(request, report_pk):
    report = reports.report_for_download(request.user, report_pk)
    if report is None:
        raise Http404(_("没有找到该报告，或您无权查看。"))
    return FileResponse(report.file.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=report.filename)
