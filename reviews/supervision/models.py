"""The life of a unit on the list: its annual dynamic-management table (动态管理表, R-DYN-1) and the
flag when it is late, the green-code grade and its cut-offs (R-GREENCODE), rechecks every three
years (R-RECHECK), spot checks (R-SPOT) and removal (R-REMOVE)."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from greenlist.models import Authority, ListKind, RowHistory


class DynamicTable(models.Model):
    """One listed unit's table for one year. Draft → filed (frozen); the authority then accepts it
    or asks for an on-site assessment (which it may later accept)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FILED = "filed", _("已报送")
        ACCEPTED = "accepted", _("审核通过")
        ONSITE = "onsite", _("需现场核查")

    entry = models.ForeignKey("publication.ListEntry", verbose_name=_("名单条目"), on_delete=models.PROTECT,
                              related_name="dynamic_tables")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    # Changes (变更情况): each with what it became and a note.
    name_changed = models.BooleanField(_("名称变更"), default=False)
    new_name = models.CharField(_("变更后名称"), max_length=300, blank=True)
    name_note = models.CharField(_("名称变更说明"), max_length=500, blank=True)
    uscc_changed = models.BooleanField(_("统一社会信用代码变更"), default=False)
    new_uscc = models.CharField(_("变更后统一社会信用代码"), max_length=18, blank=True)
    uscc_note = models.CharField(_("代码变更说明"), max_length=500, blank=True)
    address_changed = models.BooleanField(_("地址变更"), default=False)
    new_address = models.CharField(_("变更后地址"), max_length=300, blank=True)
    address_note = models.CharField(_("地址变更说明"), max_length=500, blank=True)
    boundary_changed = models.BooleanField(_("边界变更"), default=False)
    boundary_note = models.CharField(_("边界变更说明"), max_length=500, blank=True)
    merger = models.BooleanField(_("兼并重组"), default=False)
    merger_note = models.CharField(_("兼并重组说明"), max_length=500, blank=True)
    # {item code: {"answer": "yes"|"no", "explanation": str}} against the policy's wording.
    negative_answers = models.JSONField(_("否决项"), default=dict, blank=True)
    # {indicator code: decimal as text}
    indicators = models.JSONField(_("关键指标"), default=dict, blank=True)
    score = models.DecimalField(_("年度得分"), max_digits=4, decimal_places=1, null=True, blank=True,
                                help_text=_("0—100，用于企业绿码评级"))
    deadline = models.DateField(_("报送截止日期"))
    late = models.BooleanField(_("逾期报送"), default=False, editable=False)
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", editable=False)
    # The wording of items and indicators as filed (R-FLOW-2's spirit: what was filed stays readable).
    frozen = models.JSONField(default=dict, blank=True, editable=False)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        db_table = "reviews_dynamictable"  # created by the reviews app before the split
        verbose_name = _("动态管理表")
        verbose_name_plural = _("动态管理表")
        ordering = ["-year", "entry__unit_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "year"], name="one_dynamic_table_per_year")]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.entry} {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:dynamic_table", args=[self.pk])

    @property
    def is_filed(self) -> bool:
        return self.status != self.Status.DRAFT

    def changes(self) -> list[tuple[str, str, str]]:
        """(what, became, note) for each change ticked."""
        rows = [
            (self.name_changed, _("名称"), self.new_name, self.name_note),
            (self.uscc_changed, _("统一社会信用代码"), self.new_uscc, self.uscc_note),
            (self.address_changed, _("地址"), self.new_address, self.address_note),
            (self.boundary_changed, _("边界"), "", self.boundary_note),
            (self.merger, _("兼并重组"), "", self.merger_note),
        ]
        return [(str(label), value, note) for ticked, label, value, note in rows if ticked]


# Shown to the authority and the ministry; R-REMOVE names "the table not filed" as a trigger.
OVERDUE_REASON = _("建议撤销：未按期报送动态管理表")


class OverdueFlag(models.Model):
    """A listed unit that had not filed the year's table when the deadline passed. It stays when
    the unit files late (the table then shows "逾期报送"); the removal itself is a decision."""

    entry = models.ForeignKey("publication.ListEntry", verbose_name=_("名单条目"), on_delete=models.PROTECT,
                              related_name="overdue_flags")
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("报送截止日期"))
    flagged_on = models.DateField(_("标记日期"))

    class Meta:
        db_table = "reviews_overdueflag"  # created by the reviews app before the split
        verbose_name = _("未按期报送标记")
        verbose_name_plural = _("未按期报送标记")
        ordering = ["-year", "entry__authority__sort_order", "entry__unit_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "year"], name="one_overdue_flag_per_year")]

    def __str__(self):
        return f"{self.entry} {self.year}: {OVERDUE_REASON}"

    @property
    def reason(self):
        return OVERDUE_REASON


class Grade(models.TextChoices):
    A_PLUS = "A+", "A+"
    A = "A", "A"
    B = "B", "B"


class GradeScale(models.Model):
    """(policy) The cut-offs in force from `from_year` on: the top `a_plus_percent` are A+, the next
    `a_percent` are A, everyone else B. The latest row of a year or before applies."""

    from_year = models.PositiveSmallIntegerField(_("起始年度"), unique=True)
    a_plus_percent = models.DecimalField(_("A+ 比例（%）"), max_digits=4, decimal_places=1, default=Decimal("5"))
    a_percent = models.DecimalField(_("A 比例（%）"), max_digits=4, decimal_places=1, default=Decimal("35"))
    notice = models.CharField(_("依据文件"), max_length=100, blank=True)

    history = RowHistory()  # who changed which values when (django-simple-history)

    class Meta:
        db_table = "reviews_gradescale"  # created by the reviews app before the split
        verbose_name = _("企业绿码评级比例")
        verbose_name_plural = _("企业绿码评级比例")
        ordering = ["-from_year"]
        constraints = [models.CheckConstraint(condition=models.Q(a_plus_percent__gte=0, a_percent__gte=0)
                                              & models.Q(a_plus_percent__lte=100, a_percent__lte=100),
                                              name="grade_scale_percentages")]

    def __str__(self):
        return f"{self.from_year}: A+ {self.a_plus_percent}% / A {self.a_percent}% / B"

    @classmethod
    def for_year(cls, year: int) -> GradeScale:
        """The scale in force; without any row, the policy values as unsaved defaults."""
        return cls.objects.filter(from_year__lte=year).order_by("-from_year").first() or cls(from_year=year)


class GreenGrade(models.Model):
    """One factory's grade for one year, computed from its filed table (never without one)."""

    entry = models.ForeignKey("publication.ListEntry", verbose_name=_("名单条目"), on_delete=models.PROTECT,
                              related_name="green_grades")
    year = models.PositiveSmallIntegerField(_("年度"))
    table = models.OneToOneField(DynamicTable, verbose_name=_("动态管理表"), on_delete=models.PROTECT,
                                 related_name="green_grade")
    grade = models.CharField(_("评级"), max_length=2, choices=Grade.choices)
    score = models.DecimalField(_("年度得分"), max_digits=4, decimal_places=1)
    rank = models.PositiveIntegerField(_("名次"), help_text=_("同分同名次"))
    graded_count = models.PositiveIntegerField(_("参评数"))
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    class Meta:
        db_table = "reviews_greengrade"  # created by the reviews app before the split
        verbose_name = _("企业绿码评级")
        verbose_name_plural = _("企业绿码评级")
        ordering = ["-year", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "year"], name="one_green_grade_per_year")]

    def __str__(self):
        return f"{self.entry} {self.year}: {self.grade}"


class Recheck(models.Model):
    class Status(models.TextChoices):
        DUE = "due", gettext_lazy("待复核")
        PASSED = "passed", gettext_lazy("复核通过")
        FAILED = "failed", gettext_lazy("复核未通过")

    entry = models.ForeignKey("publication.ListEntry", verbose_name=gettext_lazy("名单条目"), on_delete=models.PROTECT,
                              related_name="rechecks")
    cycle = models.PositiveSmallIntegerField(gettext_lazy("复核轮次"), help_text=gettext_lazy("列入名单后的第几个三年"))
    due_on = models.DateField(gettext_lazy("应复核日期"))
    status = models.CharField(gettext_lazy("状态"), max_length=8, choices=Status.choices, default=Status.DUE)
    reason = models.TextField(gettext_lazy("复核意见"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("复核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(gettext_lazy("复核时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_recheck"  # created by the reviews app before the split
        verbose_name = gettext_lazy("复核")
        verbose_name_plural = gettext_lazy("复核")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "cycle"], name="one_recheck_per_entry_cycle")]

    def __str__(self):
        return f"{self.entry} 第{self.cycle}轮复核"


class RemovalReason(models.TextChoices):
    """The triggers of R-REMOVE (2024 Measures art.22; 2025 notice for the bottom 5%)."""

    NEGATIVE_LIST = "negative_list", gettext_lazy("负面清单事项")
    MAJOR_ACCIDENT = "major_accident", gettext_lazy("重大事故")
    ON_SITE_FAILED = "on_site_failed", gettext_lazy("现场评估关键指标不达标")
    TABLE_NOT_FILED = "table_not_filed", gettext_lazy("未按期报送动态管理表")
    FALSIFIED_DATA = "falsified_data", gettext_lazy("数据造假")
    MATERIAL_CHANGE = "material_change", gettext_lazy("重大变化不再符合")
    BOTTOM_FIVE_PERCENT = "bottom_five_percent", gettext_lazy("连续三年排名后5%")


class Removal(models.Model):
    entry = models.OneToOneField("publication.ListEntry", verbose_name=gettext_lazy("名单条目"), on_delete=models.PROTECT,
                                 related_name="removal")
    reason = models.CharField(gettext_lazy("撤销原因"), max_length=24, choices=RemovalReason.choices)
    removed_on = models.DateField(gettext_lazy("撤销日期"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("决定人"), on_delete=models.PROTECT,
                                   related_name="+")
    note = models.TextField(gettext_lazy("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_removal"  # created by the reviews app before the split
        verbose_name = gettext_lazy("撤销记录")
        verbose_name_plural = gettext_lazy("撤销记录")
        ordering = ["-removed_on", "-pk"]

    def __str__(self):
        return f"{self.entry} {self.get_reason_display()} {self.removed_on}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("a removal is irreversible and final")
        super().save(*args, **kwargs)


class SpotCheckDraw(models.Model):
    """One draw: its seed, its filters and how many units were eligible, so it can be redone."""

    seed = models.BigIntegerField(gettext_lazy("随机种子"))
    size = models.PositiveSmallIntegerField(gettext_lazy("抽取数量"))
    kind = models.CharField(gettext_lazy("类别"), max_length=20, choices=ListKind.choices, blank=True)
    authority = models.ForeignKey(Authority, verbose_name=gettext_lazy("推荐单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    eligible_count = models.PositiveIntegerField(gettext_lazy("可抽取单位数"))
    note = models.TextField(gettext_lazy("说明"), blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("抽取人"), on_delete=models.PROTECT,
                                 related_name="+")
    drawn_on = models.DateField(gettext_lazy("抽取日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_spotcheckdraw"  # created by the reviews app before the split
        verbose_name = gettext_lazy("抽查批次")
        verbose_name_plural = gettext_lazy("抽查批次")
        ordering = ["-drawn_on", "-pk"]

    def __str__(self):
        return f"{self.drawn_on} 抽查（种子 {self.seed}）"


class SpotCheck(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", gettext_lazy("待检查")
        CLEAN = "clean", gettext_lazy("未发现问题")
        PROBLEMS = "problems", gettext_lazy("发现问题")

    draw = models.ForeignKey(SpotCheckDraw, on_delete=models.PROTECT, related_name="checks")
    entry = models.ForeignKey("publication.ListEntry", verbose_name=gettext_lazy("名单条目"), on_delete=models.PROTECT,
                              related_name="spot_checks")
    result = models.CharField(gettext_lazy("检查结果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    note = models.TextField(gettext_lazy("检查说明"), blank=True)
    checked_on = models.DateField(gettext_lazy("检查日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        db_table = "reviews_spotcheck"  # created by the reviews app before the split
        verbose_name = gettext_lazy("抽查")
        verbose_name_plural = gettext_lazy("抽查")
        ordering = ["draw", "pk"]
        constraints = [models.UniqueConstraint(fields=["draw", "entry"], name="one_check_per_unit_per_draw"),
                       # Two draws at once must not both pick a unit (eligible_entries skips pending ones).
                       models.UniqueConstraint(fields=["entry"], condition=models.Q(result="pending"),
                                               name="one_pending_check_per_unit")]

    def __str__(self):
        return f"{self.entry} {self.get_result_display()}"
