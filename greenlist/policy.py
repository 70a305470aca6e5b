"""Batch policy presets: the (policy) values of DOMAIN.md as data for three real notices.
A preset fills a new batch; after that the batch row is the truth and officials may edit it."""
import datetime

from .models import EvaluationMode, ListKind, NegativeListVersion

# R-ENERGY: the 2020 notice's high energy-use industries.
HIGH_ENERGY_2020 = [
    "钢铁", "水泥", "平板玻璃", "电解铝", "铜冶炼", "乙烯", "原油加工",
    "合成氨", "甲醇", "电石", "烧碱", "焦化", "铁合金",
]

PRESETS = {
    # 工信厅节函〔2020〕… fifth batch: all four kinds, third party required, 30 factories / 3 parks.
    "2020-batch5": {
        "name": "第五批",
        "year": 2020,
        "notice": "工业和信息化部办公厅关于开展绿色制造体系建设的通知（第五批）",
        "kinds_open": list(ListKind.values),
        "evaluation_mode": EvaluationMode.THIRD_PARTY,
        "negative_list_version": NegativeListVersion.V2016,
        "agency_cap": 15,
        "agency_ban_years": 3,
        "publicity_days": 15,
        "requires_provincial_listing": False,
        "high_energy_industries": HIGH_ENERGY_2020,
        "quotas": {ListKind.FACTORY: 30, ListKind.PARK: 3},
        "recommendation_deadline": (9, 30),
    },
    # 工信部节〔2024〕13号 Interim Measures: no products; self or third party; 15-day publicity.
    "2024-measures": {
        "name": "2024年度",
        "year": 2024,
        "notice": "工信部节〔2024〕13号 绿色工厂梯度培育及管理暂行办法",
        "kinds_open": [ListKind.FACTORY, ListKind.PARK, ListKind.SUPPLY_CHAIN],
        "evaluation_mode": EvaluationMode.SELF_OR_THIRD_PARTY,
        "negative_list_version": NegativeListVersion.V2024,
        "agency_cap": 15,
        "agency_ban_years": 3,
        "publicity_days": 15,
        "requires_provincial_listing": True,
        "high_energy_industries": HIGH_ENERGY_2020,
        "quotas": {},
        "recommendation_deadline": (7, 31),
    },
    # 工信厅节函〔2025〕390号: factories and parks only, self-evaluation on the platform.
    "2025-390": {
        "name": "2025年度",
        "year": 2025,
        "notice": "工信厅节函〔2025〕390号",
        "kinds_open": [ListKind.FACTORY, ListKind.PARK],
        "evaluation_mode": EvaluationMode.SELF_ONLY,
        "factory_scheme": "GBT36132-2025",
        "negative_list_version": NegativeListVersion.V2024,
        "agency_cap": 15,
        "agency_ban_years": 3,
        "publicity_days": 15,
        "requires_provincial_listing": True,
        "high_energy_industries": HIGH_ENERGY_2020,
        "quotas": {},
        "recommendation_deadline": (7, 31),
    },
}


def batch_values(preset: str, *, year: int | None = None) -> tuple[dict, dict]:
    """The field values of a batch built from a preset, and its default quotas per kind."""
    data = dict(PRESETS[preset])
    quotas = data.pop("quotas")
    month, day = data.pop("recommendation_deadline")
    if year is not None:
        data["year"] = year
    data["recommendation_deadline"] = datetime.date(data["year"], month, day)
    data["kinds_open"] = [str(k) for k in data["kinds_open"]]
    return data, {str(k): v for k, v in quotas.items()}
