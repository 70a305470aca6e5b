"""What a third-party agency does: engagements on declarations and its evaluation with report."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.files import RandomName, get_private_storage
from greenlist.models import ListKind, Organisation, RowHistory


class Engagement(models.Model):
    """An applicant engages an approved agency to evaluate one declaration (委托评价)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待接受")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已拒绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="engagements")
    agency = models.ForeignKey(
        Organisation, verbose_name=_("第三方评价机构"), on_delete=models.PROTECT, related_name="engagements",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("委托时间"), auto_now_add=True)
    # The agency's answer (see evaluations.engagements): accepted with its independence
    # declaration (R-AGENCY-2), or declined with a reason.
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decline_reason = models.TextField(_("拒绝理由"), blank=True)
    independence_declared_at = models.DateTimeField(_("独立性声明时间"), null=True, blank=True)
    independence_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("独立性声明人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("评价委托")
        verbose_name_plural = _("评价委托")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration"], condition=models.Q(status__in=["proposed", "accepted"]),
                name="one_live_engagement_per_declaration",
            ),
        ]

    def __str__(self):
        return f"{self.agency} → {self.declaration}"

    def current_evaluation(self) -> "Evaluation | None":
        """The evaluation of the declaration's current version (uses prefetched rows if any)."""
        version = self.declaration.version
        return next((e for e in self.evaluations.all() if e.version == version), None)


class Evaluation(models.Model):
    """The agency's evaluation of one submitted version of a declaration (第三方评价), with its
    signed report. A declaration returned for revision and submitted again is evaluated again."""

    class Conclusion(models.TextChoices):
        MEETS = "meets", _("符合要求")
        FAILS = "fails", _("不符合要求")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evaluations")
    version = models.PositiveSmallIntegerField(_("申报版本"))
    score = models.DecimalField(_("评价得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    conclusion = models.CharField(_("评价结论"), max_length=10, choices=Conclusion.choices, blank=True)
    on_site_date = models.DateField(_("现场评价日期"), null=True, blank=True)
    recommendations = models.TextField(_("改进建议"), blank=True)
    report = models.FileField(
        _("评价报告（PDF）"), upload_to=RandomName("evaluation-reports"), storage=get_private_storage, blank=True
    )
    summary = models.FileField(
        _("评价汇总表（系统生成）"), upload_to=RandomName("evaluation-summaries"), storage=get_private_storage,
        blank=True, editable=False,
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("第三方评价")
        verbose_name_plural = _("第三方评价")
        constraints = [models.UniqueConstraint(fields=["engagement", "version"], name="one_evaluation_per_version")]

    def __str__(self):
        return f"{self.engagement.declaration} — {self.get_conclusion_display() or '…'}"

    @property
    def is_complete(self) -> bool:
        return bool(self.score is not None and self.conclusion and self.report)


class IndicatorSet(models.Model):
    """A versioned indicator set (R-EVAL-1): per kind and scheme, e.g. GBT36132-2018."""

    code = models.CharField(_("方案"), max_length=32, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=ListKind.choices)
    name = models.CharField(_("名称"), max_length=100)

    history = RowHistory()  # who changed which values when (django-simple-history)

    class Meta:
        verbose_name = _("评价指标体系")
        verbose_name_plural = _("评价指标体系")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """One indicator of a set; see evaluations.indicator_data for the meaning of each type."""

    class Type(models.TextChoices):
        GATE = "gate", _("基本要求（一票否决）")
        QUALITATIVE = "qualitative", _("定性评分")
        QUANTITATIVE = "quantitative", _("定量评分")
        THRESHOLD = "threshold", _("限值要求")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("编号"), max_length=10)
    name = models.CharField(_("指标"), max_length=200)
    group_code = models.CharField(_("一级指标编号"), max_length=10)
    group_name = models.CharField(_("一级指标"), max_length=50)
    type = models.CharField(_("类型"), max_length=16, choices=Type.choices)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    max_points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, default=0)
    baseline = models.DecimalField(_("基准值"), max_digits=14, decimal_places=4, null=True, blank=True)
    leading = models.DecimalField(_("引领值"), max_digits=14, decimal_places=4, null=True, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    years = models.PositiveSmallIntegerField(_("填报年数"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    history = RowHistory()  # who changed which values when (django-simple-history)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["indicator_set", "order"]
        constraints = [models.UniqueConstraint(fields=["indicator_set", "code"], name="one_code_per_set")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def needs_reference(self) -> bool:
        """Baseline and leading value come from the industry guideline or product standard."""
        return self.type in (self.Type.QUANTITATIVE, self.Type.THRESHOLD) and self.baseline is None


class IndicatorScore(models.Model):
    """What the applicant (self-evaluation) or the agency (third party) recorded for one indicator
    of one declaration. The indicator fixes the scheme: never re-scored under a newer one."""

    class Source(models.TextChoices):
        SELF = "self", _("自评价")
        THIRD_PARTY = "third_party", _("第三方评价")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="indicator_scores")
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("是否满足"), null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("指标值"), max_digits=14, decimal_places=4, null=True, blank=True)
    year_values = models.JSONField(_("近三年指标值"), default=list, blank=True)
    baseline = models.DecimalField(_("基准值"), max_digits=14, decimal_places=4, null=True, blank=True)
    leading = models.DecimalField(_("引领值"), max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "source", "indicator"], name="one_score_per_indicator"),
        ]

    def __str__(self):
        return f"{self.declaration_id} {self.indicator.code} {self.points}"


from .agencies import AgencyProfile  # noqa: E402,F401
from .reports import SelfEvaluationReport  # noqa: E402,F401
