"""Ministry expert review (R-REVIEW-1): who an expert is (region, employer, specialty) for the
conflict-of-interest check, and each assignment of an expert to a declaration with the expert's
review on it. The review lives on the assignment: one expert, one declaration, one opinion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.models import Authority, Organisation, RowHistory


class ExpertProfile(models.Model):
    """An expert's affiliation (专家信息). The employer is the portal's organisation when it has an
    account; otherwise its name, which the conflict check compares after normalising."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.CASCADE,
                                related_name="expert_profile")
    authority = models.ForeignKey(
        Authority, verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="+",
        help_text=_("专家工作单位所在的省级地区（计划单列市、兵团单列）；不得评审本地区推荐的申报"),
    )
    employer = models.ForeignKey(
        Organisation, verbose_name=_("工作单位（平台内）"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("工作单位在平台有账号时选择"),
    )
    employer_name = models.CharField(_("工作单位名称"), max_length=200, blank=True)
    specialty = models.CharField(_("专业领域"), max_length=100, blank=True)
    title = models.CharField(_("职称"), max_length=50, blank=True)

    history = RowHistory()  # who changed which values when (django-simple-history)

    class Meta:
        db_table = "reviews_expertprofile"  # created by the reviews app before the split
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["authority__sort_order", "user__full_name"]

    def __str__(self):
        return f"{self.user}（{self.employer_display}）"

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name or "—"


class LiveAssignments(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)

    def pending(self):
        return self.live().filter(submitted_at__isnull=True)


class ExpertAssignment(models.Model):
    """The ministry's assignment of one expert to one recommended declaration (专家评审任务) and
    the expert's review. Submitted once, then final; an unsubmitted one may be withdrawn, with
    a reason, which takes the expert's access away."""

    class Opinion(models.TextChoices):
        RECOMMEND = "recommend", _("建议列入")
        NOT_RECOMMEND = "not_recommend", _("不建议列入")

    declaration = models.ForeignKey(Declaration, verbose_name=_("申报"), on_delete=models.CASCADE,
                                    related_name="expert_assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.PROTECT,
                               related_name="expert_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分配人"), on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    score = models.DecimalField(_("评分"), max_digits=4, decimal_places=1, null=True, blank=True)
    opinion = models.CharField(_("评审意见"), max_length=16, choices=Opinion.choices, blank=True)
    comment = models.TextField(_("评审说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)

    objects = LiveAssignments.as_manager()

    class Meta:
        db_table = "reviews_expertassignment"  # created by the reviews app before the split
        verbose_name = _("专家评审任务")
        verbose_name_plural = _("专家评审任务")
        ordering = ["-assigned_at", "-pk"]
        constraints = [
            # No double assignment, also when two clicks or two reviewers race.
            models.UniqueConstraint(fields=["declaration", "expert"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_live_assignment_per_expert"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                                   name="expert_score_0_100"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | (Q(score__isnull=False) & ~Q(opinion="")),
                name="submitted_review_is_complete"),
            models.CheckConstraint(condition=Q(submitted_at__isnull=True) | Q(withdrawn_at__isnull=True),
                                   name="submitted_review_not_withdrawn"),
        ]
        indexes = [models.Index(fields=["expert", "submitted_at"])]

    def __str__(self):
        return f"{self.expert} → {self.declaration.unit_name}"

    def get_absolute_url(self):
        return reverse("reviews:expert_review", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
