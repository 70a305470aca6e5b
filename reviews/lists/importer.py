"""The national lists as published (batches 1–5 and 2021, DOMAIN.md §10) loaded as historical
batches and list entries. The region column's real aliases are mapped from tables below; a row
that cannot be placed is reported with its file, line and reason and is not imported, never
guessed. Every row has a stable key, so a second run finds everything present and writes nothing."""
from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from greenlist.history import Action
from greenlist.models import (
    Authority,
    Batch,
    EvaluationMode,
    Industry,
    ListKind,
    ListLevel,
    NegativeListVersion,
)
from greenlist.policy import batch_values
from greenlist.reference_data import AUTHORITIES
from greenlist.services import record_history
from reviews.publication.models import ListEntry


@dataclass(frozen=True)
class ListFile:
    name: str
    kind: str
    header: tuple[str, ...]
    unit_column: str


FILES = (
    ListFile("绿色工厂名单.csv", ListKind.FACTORY, ("序号", "地区", "工厂名称", "行业", "第三方评价机构", "批次"), "工厂名称"),
    ListFile("绿色工业园区名单.csv", ListKind.PARK, ("序号", "地区", "园区", "第三方评价机构", "批次"), "园区"),
    ListFile("绿色供应链管理示范企业名单.csv", ListKind.SUPPLY_CHAIN, ("序号", "地区", "企业名称", "第三方评价机构", "批次"),
             "企业名称"),
    ListFile("绿色设计产品名单.csv", ListKind.PRODUCT,
             ("序号", "企业名称", "产品名称", "产品型号", "推荐单位", "地区", "批次", "种类", "绿色设计亮点", "适用评价标准"),
             "企业名称"),
)


@dataclass(frozen=True)
class HistoricalBatch:
    code: str
    name: str
    year: int
    published_on: datetime.date
    notice: str


# The 批次 column's values. Dates are those of the ministry's publication notices; for batches 2
# and 4 only the month is certain, so the first of that month stands in.
BATCHES = {
    "1": HistoricalBatch("national-1", "第一批", 2017, datetime.date(2017, 8, 23), "工信厅节函〔2017〕491号"),
    "2": HistoricalBatch("national-2", "第二批", 2017, datetime.date(2018, 2, 1), "第二批绿色制造名单（2018年2月公布）"),
    "3": HistoricalBatch("national-3", "第三批", 2018, datetime.date(2018, 11, 6), "第三批绿色制造名单（2018年11月公布）"),
    "4": HistoricalBatch("national-4", "第四批", 2019, datetime.date(2019, 9, 1), "工信厅节函〔2019〕196号"),
    "5": HistoricalBatch("national-5", "第五批", 2020, datetime.date(2020, 10, 30), "工信厅节函〔2020〕246号"),
    "2021": HistoricalBatch("national-2021", "2021年度", 2021, datetime.date(2022, 1, 15), "工信厅节函〔2022〕7号"),
}


# R-AUTH-1: names the lists use for an authority besides its name and short name (reference_data).
REGION_ALIASES = {"内蒙": "15", "黑龙": "23", "兵团": "XPCC", "新疆兵团": "XPCC"}


# Places below provincial level that are not authorities: their province recommended (the five
# separately planned cities are authorities of their own and are not here).
CITY_PROVINCES = {
    "合肥": "34", "无锡": "32", "苏州": "32", "常州": "32", "武汉": "42", "珠海": "44", "西安": "61",
    "景泰": "62",  # 景泰县, 甘肃省白银市
}


_CODE_NAMES = {code: name for code, name, *_rest in AUTHORITIES}


_PROVINCE_OF = {code: province for code, _n, _s, _k, province in AUTHORITIES if province}


_REGION_CODES = {**{name: code for code, name, *_r in AUTHORITIES}, **{short: code for code, _n, short, *_r in AUTHORITIES},
                 **REGION_ALIASES}


# R-INDUSTRY: the factory list's 行业 words that name exactly one GB/T 4754-2017 division (or
# section). 机械, 轻工, 冶金, 石化, 食品 span several divisions: kept as printed, not classified.
SECTOR_INDUSTRIES = {
    "电子": "39", "化工": "26", "制药": "27", "有色": "32", "钢铁": "31", "汽车": "36", "纺织": "17",
    "建材": "30", "水泥": "30", "造纸": "22", "矿山": "B",
}


AMBIGUOUS_SECTORS = {"机械": "C33–C35、C38", "轻工": "C13–C24 多个大类", "冶金": "C31、C32", "石化": "C25、C26",
                     "食品": "C13–C15"}


_DEBRIS = {"nan", "na", "n/a", "none", "null", "-", "—", "/"}


_TRAILING_NAN = re.compile(r"(?<![A-Za-z])nan$")


_CATEGORY = re.compile(r"^(?:\d+\s*[.．、]|[一二三四五六七八九十百零]+、)\s*(?P<name>.*?)\s*(?:[（(]\s*(?P<count>\d+)\s*种\s*[）)])?$")


_HEADING = re.compile(r"^[一二三四五六七八九十百零]+、.*[（(]\s*\d+\s*种\s*[）)]$")


def clean(value: str | None) -> str:
    """Extraction debris off: surrounding and repeated whitespace, a stray trailing 'nan', and
    cells that hold only a placeholder ('nan', 'na', '-')."""
    text = " ".join((value or "").split())
    text = _TRAILING_NAN.sub("", text).strip()
    return "" if text.lower() in _DEBRIS else text


def category_name(value: str) -> str:
    """'31. 印制电路板（122种）' and '二十三、智能终端 平板电脑（12种）' → the category's name."""
    match = _CATEGORY.match(value)
    return match.group("name") if match and match.group("name") else value


def region_authority_code(region: str) -> tuple[str | None, str]:
    """The authority code a 地区 value stands for, and a note when it is a city folded into its
    province; (None, '') when the value names no authority (a company, a truncation we do not
    know, debris)."""
    region = clean(region)
    if region in _REGION_CODES:
        return _REGION_CODES[region], ""
    if region in CITY_PROVINCES:
        code = CITY_PROVINCES[region]
        return code, _("地区“%(r)s”不是推荐单位，计入其所在的%(p)s") % {"r": region, "p": _CODE_NAMES[code]}
    return None, ""


def recommender_authority_code(recommender: str) -> str | None:
    """The authority a product row's 推荐单位 (e.g. 深圳市工业和信息化局) belongs to, if it is one."""
    best = None
    for code, name, *_rest in AUTHORITIES:
        if recommender.startswith(name) and (best is None or len(name) > len(_CODE_NAMES[best])):
            best = code
    return best


@dataclass
class RowIssue:
    file: str
    line: int
    reason: str
    code: str

    def __str__(self):
        return _("%(f)s 第 %(l)d 行：%(r)s") % {"f": self.file, "l": self.line, "r": self.reason}


@dataclass
class FileResult:
    file: str
    kind: str
    rows: int = 0
    imported: int = 0
    skipped: int = 0
    reports: list[RowIssue] = field(default_factory=list)
    notes: list[RowIssue] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list, repr=False)


class ImportFileError(Exception):
    """A file that cannot be read as the list it claims to be: nothing is imported."""


def import_published_lists(*, directory: Path, actor=None,
                           progress: Callable[[int, str], object] | None = None) -> list[FileResult]:
    """Read every known list file in `directory` (all checked before anything is written), then
    write the new entries of all files in one transaction."""
    directory = Path(directory)
    present = [spec for spec in FILES if (directory / spec.name).is_file()]
    if not present:
        raise ImportFileError(_("目录 %(d)s 中没有名单文件（应为：%(f)s）") % {
            "d": directory, "f": "、".join(spec.name for spec in FILES)})
    authorities = {a.code: a for a in Authority.objects.all()}
    if not authorities:
        raise ImportFileError(_("推荐单位基础数据为空，请先执行 migrate"))
    industries = {i.code: i for i in Industry.objects.filter(code__in=set(SECTOR_INDUSTRIES.values()))}
    results = [_parse(directory / spec.name, spec, authorities, industries) for spec in present]
    try:
        with transaction.atomic():
            _write(results, actor=actor, progress=progress)
    except IntegrityError as exc:  # another import wrote the same rows meanwhile
        raise ImportFileError(_("写入时与已有条目冲突（可能另一导入正在进行），未导入任何条目，请重试：%(e)s")
                              % {"e": exc}) from exc
    return results


def _read_rows(path: Path, spec: ListFile):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("%(f)s 不是 UTF-8 编码（第 %(p)d 字节无法解码），请另存为 UTF-8 后重试") % {
            "f": spec.name, "p": exc.start + 1}) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = tuple(clean(h) for h in next(reader, []))
    if header != spec.header:
        missing = [h for h in spec.header if h not in header]
        extra = [h for h in header if h not in spec.header]
        detail = "；".join(filter(None, [
            _("缺少列：%(c)s") % {"c": "、".join(missing)} if missing else "",
            _("多出列：%(c)s") % {"c": "、".join(extra)} if extra else "",
            "" if missing or extra else _("列的顺序不同"),
        ]))
        raise ImportFileError(_("%(f)s 的表头与预期不符（%(d)s）。应为：%(h)s") % {
            "f": spec.name, "d": detail, "h": ",".join(spec.header)})
    try:
        for row in reader:
            if row:  # a blank line is not a row
                yield reader.line_num, row
    except csv.Error as exc:  # e.g. a runaway quote swallowing the rest of the file into one field
        raise ImportFileError(_("%(f)s 第 %(l)d 行无法按 CSV 读取（%(e)s），请检查引号与分隔符") % {
            "f": spec.name, "l": reader.line_num, "e": exc}) from exc


def _parse(path: Path, spec: ListFile, authorities: dict, industries: dict) -> FileResult:
    result = FileResult(file=spec.name, kind=spec.kind)
    seen: dict[str, int] = {}
    heading = None  # a product category heading the extraction left as a row (see _product)
    for line, row in _read_rows(path, spec):
        result.rows += 1
        if len(row) != len(spec.header):
            result.reports.append(RowIssue(spec.name, line, _("有 %(n)d 列，应为 %(m)d 列") % {
                "n": len(row), "m": len(spec.header)}, "columns"))
            continue
        values = dict(zip(spec.header, row, strict=True))
        if spec.kind == ListKind.PRODUCT:
            heading, issue = _product_heading(spec, line, values, heading)
            if issue:
                result.reports.append(issue)
                continue
        entry, issue, notes = _entry(spec, line, values, authorities, industries)
        if entry and spec.kind == ListKind.PRODUCT and heading:
            heading = _apply_heading(heading, entry, values, notes, spec, line)
        result.notes.extend(notes)
        if issue:
            result.reports.append(issue)
            continue
        if entry["import_key"] in seen:
            result.reports.append(RowIssue(spec.name, line, _("与第 %(l)d 行完全相同，重复") % {
                "l": seen[entry["import_key"]]}, "duplicate"))
            continue
        seen[entry["import_key"]] = line
        result.entries.append(entry)
    return result


def _entry(spec: ListFile, line: int, values: dict, authorities: dict, industries: dict):
    """(entry fields, None, notes) for a row that can be imported, (None, issue, notes) otherwise."""
    notes: list[RowIssue] = []

    def refuse(reason, code):
        return None, RowIssue(spec.name, line, reason, code), notes

    batch_value = clean(values["批次"])
    if batch_value not in BATCHES:
        return refuse(_("批次“%(b)s”不是已知批次（1—5 或 2021）") % {"b": values["批次"]}, "batch")
    unit_name = clean(values[spec.unit_column])
    if not unit_name:
        return refuse(_("名称为空"), "name")
    fields = {"kind": spec.kind, "unit_name": unit_name, "agency_name": clean(values.get("第三方评价机构", ""))}
    if spec.kind == ListKind.PRODUCT:
        fields.update(product_name=clean(values["产品名称"]), product_model=clean(values["产品型号"]),
                      product_category=category_name(clean(values["种类"])),
                      product_standard=clean(values["适用评价标准"]))
        if not fields["product_name"]:
            return refuse(_("产品名称为空"), "name")

    region = clean(values["地区"])
    code, note = region_authority_code(region)
    recommender = clean(values.get("推荐单位", ""))
    named = recommender_authority_code(recommender) if recommender else None
    if code is None and named:
        code, note = named, _("地区“%(r)s”无法识别，按推荐单位“%(u)s”计入") % {"r": region, "u": recommender}
    if code is None:
        return refuse(_("地区“%(r)s”不是推荐单位，也不是已知的城市，无法确定推荐单位") % {"r": region or values["地区"]},
                      "region")
    if named and named != code and _PROVINCE_OF.get(named) == code:
        # 地区 新疆 with 推荐单位 新疆生产建设兵团工业和信息化局: the printed recommender is the
        # separate authority inside that province, which the region column only approximates.
        code, note = named, _("地区“%(r)s”，推荐单位“%(u)s”：计入%(a)s") % {
            "r": region, "u": recommender, "a": _CODE_NAMES[named]}
    if named and named != code:
        return refuse(_("地区“%(r)s”与推荐单位“%(u)s”不一致") % {"r": region, "u": recommender}, "region_conflict")
    if note:
        notes.append(RowIssue(spec.name, line, note, "city"))
    fields["authority"] = authorities[code]

    sector = clean(values.get("行业", ""))
    fields["published_industry"] = sector
    if sector in SECTOR_INDUSTRIES and SECTOR_INDUSTRIES[sector] in industries:
        fields["industry"] = industries[SECTOR_INDUSTRIES[sector]]
    elif sector:
        why = _("跨 %(d)s") % {"d": AMBIGUOUS_SECTORS[sector]} if sector in AMBIGUOUS_SECTORS else _("无对应大类")
        notes.append(RowIssue(spec.name, line, _("行业“%(s)s”无法唯一对应国民经济行业大类（%(w)s），保留原文，未归类") % {
            "s": sector, "w": why}, "industry"))

    batch = BATCHES[batch_value]
    fields.update(batch_key=batch_value, level=ListLevel.NATIONAL, published_on=batch.published_on)
    identity = "|".join([spec.kind, batch_value, clean(values["序号"]), unit_name,
                         fields.get("product_name", ""), fields.get("product_model", "")])
    fields["import_key"] = f"{spec.kind}:{hashlib.sha1(identity.encode()).hexdigest()[:32]}"
    return fields, None, notes


def _product_heading(spec, line, values, heading):
    """The product list's extraction sometimes left a category heading (二十二、微型计算机（7种）),
    its standard and its highlights as three rows in the 序号 column, and carried the previous
    category on in the rows that follow. Such rows are reported (they are no entries) and the
    heading is remembered to correct the category of the next rows."""
    first = clean(values["序号"])
    if first.isdigit() or clean(values["企业名称"]):
        return heading, None
    if _HEADING.match(first):
        count = int(_CATEGORY.match(first).group("count"))
        heading = {"line": line, "category": category_name(first), "count": count,
                   "stale": clean(values["种类"]), "standard": ""}
        return heading, RowIssue(spec.name, line, _("分类标题行“%(h)s”（提取残留），不是名单条目；其后 %(n)d 行的种类据此更正") % {
            "h": first, "n": count}, "heading")
    if heading and first.startswith("适用评价标准："):
        heading["standard"] = first.removeprefix("适用评价标准：")
        return heading, RowIssue(spec.name, line, _("分类标题下的“适用评价标准”说明行（提取残留），不是名单条目"), "heading")
    if heading and first.startswith("绿色设计亮点："):
        return heading, RowIssue(spec.name, line, _("分类标题下的“绿色设计亮点”说明行（提取残留），不是名单条目"), "heading")
    return heading, None


def _apply_heading(heading, entry, values, notes, spec, line):
    """Correct the category and standard of the rows after a stray heading, as many as it counts,
    while they still carry the stale category; returns the heading still in force, or None."""
    if clean(values["种类"]) != heading["stale"] or heading["count"] == 0:
        return None
    entry["product_category"] = heading["category"]
    if heading["standard"]:
        entry["product_standard"] = heading["standard"]
    notes.append(RowIssue(spec.name, line, _("种类按第 %(l)d 行的分类标题更正为“%(c)s”") % {
        "l": heading["line"], "c": heading["category"]}, "category"))
    heading["count"] -= 1
    return heading if heading["count"] else None


def _write(results: list[FileResult], *, actor, progress) -> None:
    existing = set(ListEntry.objects.exclude(import_key="").values_list("import_key", flat=True))
    batches: dict[str, Batch] = {}
    for result in results:
        new = [e for e in result.entries if e["import_key"] not in existing]
        result.skipped = len(result.entries) - len(new)
        rows = []
        for entry in new:
            key = entry.pop("batch_key")
            if key not in batches:
                batches[key] = _historical_batch(key, actor=actor)
            rows.append(ListEntry(batch=batches[key], **entry))
        bar = progress(len(rows), result.file) if progress and rows else None
        for start in range(0, len(rows), 500):
            ListEntry.objects.bulk_create(rows[start:start + 500])
            if bar:
                bar.update(len(rows[start:start + 500]))
        if bar:
            bar.close()
        result.imported = len(rows)
        result.entries = []
        for batch in batches.values():
            count = sum(1 for row in rows if row.batch_id == batch.pk)
            if count:  # a re-run that finds everything present writes no history either
                record_history(batch, action=Action.IMPORT_PUBLISHED_LIST, actor=actor,
                               data={"file": result.file, "kind": result.kind, "imported": count})


def _historical_batch(key: str, *, actor) -> Batch:
    """The closed batch a published list belongs to, created with the (policy) values of its
    time: third-party evaluation and the 2016 negative list; the fifth batch's own notice adds
    its agency cap, high energy-use industries and quotas."""
    spec = BATCHES[key]
    batch = Batch.objects.filter(code=spec.code).first()
    if batch:
        return batch
    values, quotas = batch_values("2020-batch5", year=spec.year)
    if key != "5":
        values.update(agency_cap=None, high_energy_industries=[])
        quotas = {}
    values.update(name=spec.name, notice=spec.notice, phase=Batch.Phase.CLOSED, kinds_open=list(ListKind.values),
                  evaluation_mode=EvaluationMode.THIRD_PARTY, negative_list_version=NegativeListVersion.V2016,
                  recommendation_deadline=None, requires_provincial_listing=False)
    batch = Batch.objects.create(code=spec.code, **values)
    for kind, limit in quotas.items():
        batch.quotas.create(kind=kind, authority=None, limit=limit)
    record_history(batch, action=Action.CREATE_HISTORICAL_BATCH, actor=actor, data={"published_on": str(spec.published_on)})
    return batch
