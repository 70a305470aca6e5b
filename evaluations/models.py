"""What a third-party agency does: engagements on declarations and its evaluation with report."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.files import RandomName, get_private_storage
from greenlist.models import Organisation


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
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACCEPTED)
    created_at = models.DateTimeField(_("委托时间"), auto_now_add=True)

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
