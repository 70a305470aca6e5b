"""What the batch's policy and the measures set for dynamic management (R-DYN-1): the key
indicators each kind reports (data) and the table's deadline. The table of year Y reports on
year Y and is due on the policy date of year Y + 1."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

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
