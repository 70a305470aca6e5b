"""Public statistics of the published lists (/stats/): counts by batch and kind, by authority
(the map), by industry and by agency. Each chart is one aggregate query; its rows feed the chart,
the table under it and its CSV download alike, so the three always agree."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.agencies import normalise_name
from greenlist.forms import StyledForm
from greenlist.models import Authority, Batch, Industry, ListKind
from reviews.publication.models import ListEntry

TOP = 15  # bars shown for industries and agencies; the table and CSV list them all


@dataclass
class Chart:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what the chart needs beyond the table


class StatsFilter(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), required=False,
                             choices=[("", gettext_lazy("全部类别")), *ListKind.choices])
    batch = forms.ModelChoiceField(label=gettext_lazy("批次"), required=False, empty_label=gettext_lazy("全部批次"),
                                   queryset=Batch.objects.filter(entries__isnull=False).distinct().order_by("year", "code"))


def entries(*, kind: str = "", batch: Batch | None = None):
    qs = ListEntry.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if batch:
        qs = qs.filter(batch=batch)
    return qs


def _kind_columns() -> list[str]:
    return [str(label) for label in ListKind.labels]


def by_batch(qs) -> Chart:
    counts = defaultdict(Counter)
    names = {}
    for row in qs.values("batch__code", "batch__name", "batch__year", "kind").annotate(n=Count("pk")):
        key = (row["batch__year"], row["batch__code"])
        names[key] = row["batch__name"]
        counts[key][row["kind"]] += row["n"]
    chart = Chart("batches", _("按批次和类别"), [_("批次"), _("年度"), *_kind_columns(), _("合计")])
    for key in sorted(counts):
        per_kind = [counts[key][k] for k in ListKind.values]
        chart.rows.append([names[key], key[0], *per_kind, sum(per_kind)])
    return chart


def by_authority(qs) -> Chart:
    """Every authority's counts for the table; on the map the five separately planned cities and
    the XPCC count into their province, which is the only shape the map has for them."""
    counts = defaultdict(Counter)
    for row in qs.values("authority_id", "kind").annotate(n=Count("pk")):
        counts[row["authority_id"]][row["kind"]] += row["n"]
    chart = Chart("authorities", _("按推荐单位"), [_("推荐单位"), _("地图上计入"), *_kind_columns(), _("合计")])
    on_map = Counter()
    for authority in Authority.objects.select_related("province"):
        per_kind = [counts[authority.pk][k] for k in ListKind.values]
        province = authority.province if authority.kind != Authority.Kind.PROVINCE and authority.province else authority
        on_map[province.short_name] += sum(per_kind)
        chart.rows.append([authority.name, province.short_name, *per_kind, sum(per_kind)])
    chart.extra["map"] = [{"name": name, "value": n} for name, n in on_map.items()]
    chart.extra["max"] = max(on_map.values(), default=0)
    return chart


def by_industry(qs) -> Chart:
    """GB/T 4754 division where the entry has one; else the words the historical list printed
    (机械, 轻工…), marked as such; entries with neither are one row 'not stated'."""
    counts = Counter()
    for row in qs.values("industry__code", "industry__name", "industry__level", "published_industry").annotate(
            n=Count("pk")):
        if row["industry__code"]:
            code = Industry(code=row["industry__code"], level=row["industry__level"]).display_code
            label = f"{code} {row['industry__name']}"
        elif row["published_industry"]:
            label = _("%(s)s（公布原文，未归入国标大类）") % {"s": row["published_industry"]}
        else:
            label = ""
        counts[label] += row["n"]
    unstated = counts.pop("", 0)
    chart = Chart("industries", _("按行业"), [_("行业"), _("条目数")])
    chart.rows = [[label, n] for label, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    chart.extra["bars"] = chart.rows[:TOP]
    if unstated:
        chart.rows.append([_("未注明行业"), unstated])
    return chart


# A legal form at the end of an agency's name, bracketed or not: 有限公司 and 有限责任公司 are one form
# (Company Law art. 7), and the lists print a name with it, without it or with it in brackets
# for the same agency (宁夏清洁发展机制环保服务中心 / …中心（有限责任公司）).
_LEGAL_FORM = re.compile(r"\(?有限(?:责任)?公司\)?$")


def agency_key(name: str) -> str:
    """One agency however the lists spelled it: normalise_name folds full-width brackets and drops
    white space; a trailing legal form does not count. Other differences (集团, 股份, a branch, a
    second name in brackets, a typo) are kept apart: they may be another legal person."""
    return _LEGAL_FORM.sub("", normalise_name(name))


def by_agency(qs) -> Chart:
    """Entries per agency, spellings of one agency counted together under the most frequent one
    (then the longest, the fullest legal name); still one aggregate query."""
    chart = Chart("agencies", _("按第三方评价机构"), [_("第三方评价机构"), _("条目数")])
    chart.extra["note"] = _("同一机构的不同写法合并计数（全角与半角括号、空格、名称末尾的“有限公司”“有限责任公司”"
                            "或其括注不作区分），显示最常用的写法。")
    spellings: dict[str, Counter] = defaultdict(Counter)
    unstated = 0
    for row in qs.values("agency_name").annotate(n=Count("pk")):
        if row["agency_name"]:
            spellings[agency_key(row["agency_name"])][row["agency_name"]] += row["n"]
        else:
            unstated = row["n"]
    for names in spellings.values():
        shown = min(names, key=lambda name: (-names[name], -len(name), name))
        chart.rows.append([shown, sum(names.values())])
    chart.rows.sort(key=lambda row: (-row[1], row[0]))
    chart.extra["bars"] = chart.rows[:TOP]
    if unstated:
        chart.rows.append([_("名单未公布评价机构"), unstated])
    return chart


BUILDERS = {"batches": by_batch, "authorities": by_authority, "industries": by_industry, "agencies": by_agency}


def charts(*, kind: str = "", batch: Batch | None = None, only: str = "") -> dict[str, Chart]:
    qs = entries(kind=kind, batch=batch)
    return {key: build(qs) for key, build in BUILDERS.items() if not only or key == only}
