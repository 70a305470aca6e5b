"""The applicant's self-evaluation report (自评价报告, R-EVAL-5): a PDF built by a Celery task from
the declaration's recorded self-evaluation, with the state the page polls while it is built."""
from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import frozen, permissions, workflow
from applications.models import Declaration
from greenlist import filejobs, pdf
from greenlist.filejobs import FileJob
from greenlist.files import RandomName, get_private_storage
from greenlist.history import Action
from greenlist.services import record_history

from . import (
    indicators,
    scoring,
    tasks,  # tasks call back into this module: import the module, not names
)
from .models import Evaluation, IndicatorScore

# A report still pending or running after this long is taken as lost (worker down, message
# dropped): the page stops polling and the applicant may ask again.
STUCK_AFTER = datetime.timedelta(minutes=10)


class SelfEvaluationReport(FileJob):
    """One generated (or being generated) self-evaluation report of a declaration."""

    STUCK_AFTER = STUCK_AFTER

    declaration = models.ForeignKey(
        Declaration, verbose_name=gettext_lazy("申报"), on_delete=models.CASCADE,
        related_name="self_evaluation_reports",
    )
    version = models.PositiveSmallIntegerField(gettext_lazy("申报版本"))
    file = models.FileField(
        gettext_lazy("报告文件"), upload_to=RandomName("self-evaluation-reports"), storage=get_private_storage,
        blank=True,
    )
    total = models.DecimalField(gettext_lazy("自评价总分"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta(FileJob.Meta):
        verbose_name = gettext_lazy("自评价报告")
        verbose_name_plural = gettext_lazy("自评价报告")
        constraints = [
            # Double-click safe even when two requests race past the check in request_report.
            models.UniqueConstraint(
                fields=["declaration"], condition=models.Q(status__in=["pending", "running"]),
                name="one_live_self_evaluation_report",
            ),
        ]

    def __str__(self):
        return f"{self.declaration_id} v{self.version} {self.status}"

    @property
    def filename(self) -> str:
        return f"自评价报告-{self.declaration.unit_name}-v{self.version}.pdf"


# -- reads ---------------------------------------------------------------------------------------

def latest_report(decl: Declaration) -> SelfEvaluationReport | None:
    return SelfEvaluationReport.objects.filter(declaration=decl).first()


def can_request(user, decl: Declaration) -> bool:
    """Only the applicant asks for the report; anyone who may see the declaration may download it."""

    return permissions.has_perm(user, "applications.change_declaration", decl)


def status_context(user, decl: Declaration) -> dict:
    """What templates/evaluations/_report_status.html needs."""
    report = latest_report(decl)
    if report is not None:
        report.declaration = decl
    return {
        "decl": decl,
        "report": report,
        "report_can_request": can_request(user, decl) and (report is None or not report.polling),
        "report_outdated": bool(report and report.status == report.Status.DONE
                                and report.created_at < decl.updated_at),
        "report_stuck_minutes": int(STUCK_AFTER.total_seconds() // 60),
    }


def report_for_download(user, report_pk: int) -> SelfEvaluationReport | None:
    report = (SelfEvaluationReport.objects.select_related("declaration")
              .filter(pk=report_pk, status=SelfEvaluationReport.Status.DONE).first())
    if report is None or not report.file or not permissions.can_view(user, report.declaration):
        return None
    decl = report.declaration
    if not frozen.shows_draft_to(user, decl) and decl.submitted_at and report.created_at > decl.submitted_at:
        return None  # made from the draft under revision: the applicant's until it resubmits (R-FLOW-2)
    return report


# -- the action ----------------------------------------------------------------------------------

def request_report(*, actor, declaration: Declaration) -> SelfEvaluationReport:
    """Queue the report of the declaration's current self-evaluation. A request while one is
    pending or running returns that one; one stuck for STUCK_AFTER is given up and replaced.
    The report only reads the declaration, so it may be asked for after submission too."""

    if not permissions.can_view(actor, declaration):
        raise Http404(_("没有找到该申报，或您无权查看。"))
    if not can_request(actor, declaration):
        raise workflow.TransitionRefused(_("只有申报单位可以生成自评价报告。"), code="no_permission")
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        live = SelfEvaluationReport.objects.filter(declaration=decl, status__in=SelfEvaluationReport.LIVE).first()
        if filejobs.keep_live(live):
            filejobs.requeue_if_lost(live, _enqueue)
            return live
        report = SelfEvaluationReport.objects.create(declaration=decl, version=decl.version, requested_by=actor)
        record_history(decl, action=Action.REQUEST_SELF_EVALUATION_REPORT, actor=actor,
                       data={"report": report.pk, "version": decl.version})
        # robust: a broker that is down leaves the row pending (and says so), never an error page.
        transaction.on_commit(lambda: _enqueue(report.pk), robust=True)
    return report


def _enqueue(report_pk: int) -> None:
    filejobs.enqueue(tasks.generate_self_evaluation_report, SelfEvaluationReport, report_pk,
                     _("后台任务服务暂不可用，报告尚未开始生成。请稍后再次点击“生成自评价报告”。"))


# -- the task's work -----------------------------------------------------------------------------

def generate(report_id: int) -> str | None:
    """Build the PDF of a queued report (called by the Celery task)."""
    return filejobs.run(SelfEvaluationReport, report_id, _build)


def _build(report: SelfEvaluationReport) -> list[str]:
    decl = Declaration.objects.select_related("batch", "authority", "industry", "applicant").get(
        pk=report.declaration_id)
    context = report_context(decl)
    report.file.save(f"{report.pk}.pdf", ContentFile(pdf.render_pdf("pdf/self_evaluation_report.html", context)),
                     save=False)
    report.total = context["outcome"].total
    return ["total"]


def report_context(decl: Declaration, source: str = "self") -> dict:
    """The report's content: the declaration, its scheme and the score breakdown, each indicator
    with what was recorded for it in words."""

    indicator_set = indicators.scheme_for(decl)
    rows = indicators.recorded(decl, source)
    outcome = scoring.score(indicators.indicators_of(indicator_set), rows)
    gates = [item for group in outcome.groups for item in group.items if item.indicator.type == "gate"]
    groups = [
        {"code": g.code, "name": g.name, "points": _num(g.points), "max_points": _num(g.max_points),
         "scored": bool(g.max_points), "items": [_item_row(item, rows.get(item.indicator.code)) for item in g.items]}
        for g in outcome.groups
    ]
    return {
        "decl": decl,
        "indicator_set": indicator_set,
        "outcome": outcome,
        "groups": groups,
        "group_summary": "；".join(_("%(g)s %(p)s / %(m)s 分") % {"g": g["name"], "p": g["points"], "m": g["max_points"]}
                                  for g in groups if g["scored"]),
        "gates_total": len(gates),
        "gates_met": sum(1 for item in gates if item.complete and not item.vetoed),
        "generated_at": timezone.localtime(),
    }


def _num(value) -> str:
    if value is None or value == "":
        return "—"
    text = format(value, "f") if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _item_row(item, recorded) -> dict:
    """One table row: the recorded value, the reference it is scored against, the points."""
    ind = item.indicator
    unit = "" if not ind.unit else ind.unit if ind.unit.startswith("%") else f" {ind.unit}"
    value, reference, result = "—", "", ""
    if ind.type == "gate":
        if recorded is not None and recorded.met is not None:
            value = _("满足") if recorded.met else _("不满足")
        result = _("未填写") if not item.complete else _("一票否决") if item.vetoed else _("符合要求")
    else:
        if recorded is not None:
            if ind.type == "qualitative":
                value = _("逐项打分") if recorded.points is not None else "—"
            elif ind.years > 1 and recorded.year_values:
                value = _("近%(n)d年：") % {"n": ind.years} + " / ".join(_num(v) for v in recorded.year_values) + unit
            elif recorded.value is not None:
                value = _num(recorded.value) + unit
            baseline, leading = ind.baseline, ind.leading
            if baseline is None:
                baseline, leading = recorded.baseline, recorded.leading
            if ind.type == "quantitative" and baseline is not None:
                reference = _("基准值 %(b)s，引领值 %(l)s") % {"b": _num(baseline), "l": _num(leading)}
            elif ind.type == "threshold" and baseline is not None:
                reference = _("限值 %(b)s") % {"b": _num(baseline)}
        if not item.complete:
            result = _("未填写")
        elif ind.type == "threshold":
            result = _("达标") if not item.vetoed else _("未达标")
        else:
            result = _("%(p)s / %(m)s 分") % {"p": _num(item.points), "m": _num(item.max_points)}
    return {"code": ind.code, "name": ind.name, "type": ind.get_type_display(), "value": value,
            "reference": reference, "result": result, "vetoed": item.vetoed, "complete": item.complete}


def generate_evaluation_summary(evaluation_id: int) -> str | None:
    """R-EVAL-5: the standard evaluation summary, generated from the agency's indicator-by-indicator
    scoring beside its signed report; returns the stored file name."""


    evaluation = (Evaluation.objects.select_related("engagement__agency", "engagement__declaration__batch",
                                                    "engagement__declaration__authority")
                  .filter(pk=evaluation_id, submitted_at__isnull=False).first())
    if evaluation is None:
        return None
    decl = evaluation.engagement.declaration
    context = {**report_context(decl, IndicatorScore.Source.THIRD_PARTY), "evaluation": evaluation}
    evaluation.summary.save(f"{evaluation.pk}.pdf", ContentFile(pdf.render_pdf("pdf/evaluation_summary.html", context)),
                            save=False)
    evaluation.save(update_fields=["summary", "updated_at"])
    return evaluation.summary.name
