"""The annual dynamic-management table (动态管理表, R-DYN-1) of a listed unit, the flag raised when
it is not filed in time, the key indicators each kind reports (data), and which policy sets the
deadline. The table of year Y reports on year Y and is due on the policy date of year Y + 1."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from greenlist.models import Batch, ListKind


@dataclass(frozen=True)
class KeyIndicator:
    code: str
    name: object  # lazy translation
    unit: str
    percent: bool = False  # a share: 0–100


# The key annual indicators per kind (R-DYN-1). Codes are stored with the values, and the names are
# frozen into the filed table, so a later change of this list never rewrites what a unit filed.
KEY_INDICATORS: dict[str, tuple[KeyIndicator, ...]] = {
    ListKind.FACTORY: (
        KeyIndicator("energy_per_output", _("单位产值综合能耗"), "吨标准煤/万元"),
        KeyIndicator("water_per_output", _("单位产值取水量"), "立方米/万元"),
        KeyIndicator("solid_waste_recycling", _("工业固体废物综合利用率"), "%", percent=True),
        KeyIndicator("carbon_per_output", _("单位产值碳排放量"), "吨二氧化碳/万元"),
        KeyIndicator("pollutant_emissions", _("主要污染物排放总量"), "吨"),
    ),
    ListKind.PARK: (
        KeyIndicator("energy_per_value_added", _("单位工业增加值综合能耗"), "吨标准煤/万元"),
        KeyIndicator("water_per_value_added", _("单位工业增加值新鲜水耗"), "立方米/万元"),
        KeyIndicator("solid_waste_recycling", _("一般工业固体废物综合利用率"), "%", percent=True),
        KeyIndicator("renewable_share", _("可再生能源使用比例"), "%", percent=True),
        KeyIndicator("industrial_value_added", _("工业增加值"), "亿元"),
    ),
    ListKind.SUPPLY_CHAIN: (
        KeyIndicator("low_risk_supplier_share", _("低风险供应商占比"), "%", percent=True),
        KeyIndicator("green_purchase_share", _("绿色采购金额占比"), "%", percent=True),
        KeyIndicator("product_recovery_rate", _("产品回收率"), "%", percent=True),
        KeyIndicator("packaging_recovery_rate", _("包装回收率"), "%", percent=True),
    ),
    ListKind.PRODUCT: (
        KeyIndicator("annual_output", _("年产量"), "万件（台、套）"),
        KeyIndicator("annual_sales", _("年销售额"), "万元"),
        KeyIndicator("sampling_pass_rate", _("产品抽检合格率"), "%", percent=True),
    ),
}

DEFAULT_DEADLINE = (4, 15)


def policy_batch(year: int) -> Batch | None:
    """The batch whose policy governs the table of `year`: the latest batch of that year or
    before. Dynamic management is a duty of the year being reported on, the same for every listed
    unit whatever batch listed it (the 2024 Measures apply to units listed in 2017 too), so one
    deadline per year; and a batch announced after the year ended cannot move it."""
    return Batch.objects.filter(year__lte=year).order_by("-year", "-created_at", "-pk").first()


def deadline_for(year: int) -> datetime.date:
    """The policy date (Batch.dynamic_table_month/day, 15 April by default) in the year after."""
    batch = policy_batch(year)
    month, day = (batch.dynamic_table_month, batch.dynamic_table_day) if batch else DEFAULT_DEADLINE
    return datetime.date(year + 1, month, day)


def deadlines_for(years) -> dict[int, datetime.date]:
    """deadline_for of several years in one query (list pages)."""
    years = sorted(set(years))
    if not years:
        return {}
    batches = list(Batch.objects.filter(year__lte=years[-1]).order_by("-year", "-created_at", "-pk")
                   .only("year", "dynamic_table_month", "dynamic_table_day"))
    found = {}
    for year in years:
        batch = next((b for b in batches if b.year <= year), None)
        month, day = (batch.dynamic_table_month, batch.dynamic_table_day) if batch else DEFAULT_DEADLINE
        found[year] = datetime.date(year + 1, month, day)
    return found


class DynamicTable(models.Model):
    """One listed unit's table for one year. Draft → filed (frozen); the authority then accepts it
    or asks for an on-site assessment (which it may later accept)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FILED = "filed", _("已报送")
        ACCEPTED = "accepted", _("审核通过")
        ONSITE = "onsite", _("需现场核查")

    entry = models.ForeignKey("reviews.ListEntry", verbose_name=_("名单条目"), on_delete=models.PROTECT,
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

    entry = models.ForeignKey("reviews.ListEntry", verbose_name=_("名单条目"), on_delete=models.PROTECT,
                              related_name="overdue_flags")
    year = models.PositiveSmallIntegerField(_("年度"))
    deadline = models.DateField(_("报送截止日期"))
    flagged_on = models.DateField(_("标记日期"))

    class Meta:
        verbose_name = _("未按期报送标记")
        verbose_name_plural = _("未按期报送标记")
        ordering = ["-year", "entry__authority__sort_order", "entry__unit_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "year"], name="one_overdue_flag_per_year")]

    def __str__(self):
        return f"{self.entry} {self.year}: {OVERDUE_REASON}"

    @property
    def reason(self):
        return OVERDUE_REASON
