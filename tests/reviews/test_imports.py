"""The real national lists (DOMAIN.md §10): every row imported or reported, aliases (R-AUTH-1),
industries (R-INDUSTRY), idempotence, malformed files, the public list and /stats/ on real data."""
import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from greenlist.models import Authority, Batch, HistoryEntry, ListKind
from reviews.lists import importer, stats
from reviews.lists.importer import FILES, category_name, clean, import_published_lists, region_authority_code
from reviews.publication.models import ListEntry

DATA = Path(settings.BASE_DIR) / "data" / "published_lists"


def csv_rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def imported(reference_data):
    return {r.file: r for r in import_published_lists(directory=DATA)}


# --- every row accounted for ----------------------------------------------------------------

@pytest.mark.parametrize("spec", FILES, ids=[s.kind for s in FILES])
def test_each_file_imported_plus_reported_equals_its_rows(imported, spec):
    """DOMAIN.md §10: the import report accounts for every row of the file."""
    rows = csv_rows(spec.name)
    result = imported[spec.name]
    assert result.rows == len(rows)
    assert result.imported + len(result.reports) == len(rows)
    assert ListEntry.objects.filter(kind=spec.kind).count() == result.imported
    assert len({(r.line) for r in result.reports}) == len(result.reports)  # one report per line


def test_known_counts_and_reasons(imported):
    """The numbers of the real files: what is not imported is the company names in the region
    column (海信 8, 蒙娜 4) and the three category headings left as three rows each."""
    assert {f: (r.rows, r.imported, len(r.reports)) for f, r in imported.items()} == {
        "绿色工厂名单.csv": (2783, 2783, 0),
        "绿色工业园区名单.csv": (224, 224, 0),
        "绿色供应链管理示范企业名单.csv": (296, 296, 0),
        "绿色设计产品名单.csv": (3163, 3142, 21),
    }
    reasons = Counter(r.code for r in imported["绿色设计产品名单.csv"].reports)
    assert reasons == {"region": 12, "heading": 9}
    first = imported["绿色设计产品名单.csv"].reports[0]
    assert (first.file, first.line) == ("绿色设计产品名单.csv", 152)
    assert "海信" in first.reason


def test_per_batch_and_kind_counts_match_the_files(imported):
    expected = Counter()
    for spec in FILES:
        reported = {r.line for r in imported[spec.name].reports}
        for line, row in enumerate(csv_rows(spec.name), start=2):
            if line not in reported:
                expected[(importer.BATCHES[row["批次"]].code, spec.kind)] += 1
    actual = Counter()
    for code, kind in ListEntry.objects.values_list("batch__code", "kind"):
        actual[(code, kind)] += 1
    assert actual == expected


def test_historical_batches_are_closed_with_their_notices(imported):
    batches = {b.code: b for b in Batch.objects.filter(code__startswith="national-")}
    assert [batches[f"national-{k}"].name for k in ("1", "2", "3", "4", "5", "2021")] == [
        "第一批", "第二批", "第三批", "第四批", "第五批", "2021年度"]
    assert {b.phase for b in batches.values()} == {Batch.Phase.CLOSED}
    assert batches["national-5"].quotas.get(kind=ListKind.FACTORY).limit == 30  # R-QUOTA of the 2020 notice
    assert not batches["national-1"].quotas.exists()
    assert batches["national-2021"].year == 2021
    entry = ListEntry.objects.filter(batch=batches["national-1"]).first()
    assert str(entry.published_on) == "2017-08-23"
    assert HistoryEntry.objects.for_object(batches["national-1"]).filter(action="import_published_list").count() == 4


# --- aliases and cleaning -------------------------------------------------------------------

@pytest.mark.parametrize(("region", "code"), [
    ("内蒙", "15"), ("内蒙古", "15"), ("内蒙古自治区", "15"), ("黑龙", "23"), ("黑龙江", "23"),
    ("兵团", "XPCC"), ("新疆兵团", "XPCC"), ("新疆生产建设兵团", "XPCC"), ("新疆", "65"),
    ("深圳", "4403"), ("青岛", "3702"), ("宁波", "3302"), ("厦门", "3502"), ("大连", "2102"),
    ("合肥", "34"), ("西安", "61"), ("无锡", "32"), ("苏州", "32"), ("常州", "32"), ("武汉", "42"),
    ("珠海", "44"), ("景泰", "62"), (" 内蒙 ", "15"), ("内蒙nan", "15"),
])
def test_region_aliases(region, code):
    """R-AUTH-1: aliases, truncations and cities map to the authority; the five separately
    planned cities stay their own authorities."""
    assert region_authority_code(region)[0] == code


@pytest.mark.parametrize("region", ["海信", "蒙娜", "na", "nan", "", "黑", "新", "杭州湾"])
def test_region_without_authority_is_not_guessed(region):
    """R-AUTH-1: a company name, debris or an unknown place gives no authority."""
    assert region_authority_code(region) == (None, "")


def test_city_is_imported_with_a_note(imported):
    hefei = [n for n in imported["绿色设计产品名单.csv"].notes if n.reason.startswith("地区“合肥”")]
    assert len(hefei) == 35 and "安徽省" in hefei[0].reason
    assert ListEntry.objects.filter(kind=ListKind.PRODUCT, batch__code="national-1", authority__code="34").count() >= 35


def test_alias_rows_land_on_their_authority(imported):
    """R-AUTH-1 on the real rows: 兵团/新疆兵团/新疆生产建设兵团 factories are the XPCC's; 内蒙 the
    region's; 新疆 with the XPCC's bureau as recommender is the XPCC's."""
    factories = csv_rows("绿色工厂名单.csv")
    corps = sum(1 for r in factories if r["地区"] in ("兵团", "新疆兵团", "新疆生产建设兵团"))
    assert ListEntry.objects.filter(kind=ListKind.FACTORY, authority__code="XPCC").count() == corps == 10
    inner = sum(1 for r in factories if r["地区"] in ("内蒙", "内蒙古"))
    assert ListEntry.objects.filter(kind=ListKind.FACTORY, authority__code="15").count() == inner
    assert ListEntry.objects.get(product_name="氯化聚氯乙烯树脂", product_model="挤出型").authority.code == "XPCC"
    assert not ListEntry.objects.exclude(authority__in=Authority.objects.all()).exists()


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("nan", ""), ("na", ""), (" NaN ", ""), ("-", ""), ("  北京  ", "北京"),
    ("《生态设计产品评价规范》（GB/T 32163.1-2015）nan", "《生态设计产品评价规范》（GB/T 32163.1-2015）"),
    ("Hunan", "Hunan"), ("a  b", "a b"),
])
def test_clean_strips_extraction_debris(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize(("raw", "name"), [
    ("31. 印制电路板（122种）", "印制电路板"), ("二十三、智能终端 平板电脑（12种）", "智能终端 平板电脑"),
    ("二十七、铁精矿（露天开采）（1种）", "铁精矿（露天开采）"), ("家用洗涤剂", "家用洗涤剂"),
])
def test_category_name(raw, name):
    assert category_name(raw) == name


def test_product_fields_and_stray_headings(imported):
    """The product's name, model, category and standard; the rows after a category heading the
    extraction left behind get that heading's category and standard."""
    laptop = ListEntry.objects.get(product_model="MACH-W19B")
    assert (laptop.unit_name, laptop.product_name) == ("华为技术有限公司", "HUAWEI MateBook X Pro")
    assert laptop.product_category == "微型计算机"
    assert "T/CESA 1019-2018" in laptop.product_standard
    assert ListEntry.objects.filter(product_category="汽车轮胎", batch__code="national-3").count() == 13
    assert not ListEntry.objects.filter(product_standard__endswith="nan").exists()
    assert not ListEntry.objects.filter(kind=ListKind.PRODUCT, product_name="").exists()


def test_industry_mapped_only_where_unambiguous(imported):
    """R-INDUSTRY: 电子 is C39; 机械 spans divisions, so it stays as printed and unclassified."""
    boe = ListEntry.objects.get(unit_name="北京京东方显示技术有限公司", kind=ListKind.FACTORY)
    assert boe.industry.code == "39" and boe.published_industry == "电子"
    machinery = ListEntry.objects.filter(published_industry="机械")
    assert machinery.count() == 45 and not machinery.filter(industry__isnull=False).exists()
    assert sum(1 for n in imported["绿色工厂名单.csv"].notes if n.code == "industry") == 115


# --- idempotence ----------------------------------------------------------------------------

def test_rerun_imports_nothing_new(imported):
    counts = (ListEntry.objects.count(), Batch.objects.count(), HistoryEntry.objects.count())
    again = import_published_lists(directory=DATA)
    assert [r.imported for r in again] == [0, 0, 0, 0]
    assert [r.skipped for r in again] == [imported[r.file].imported for r in again]
    assert (ListEntry.objects.count(), Batch.objects.count(), HistoryEntry.objects.count()) == counts


def test_import_key_is_unique(imported):
    from django.db import IntegrityError, transaction

    entry = ListEntry.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ListEntry.objects.bulk_create([ListEntry(
            batch=entry.batch, kind=entry.kind, unit_name="重复", authority=entry.authority,
            published_on=entry.published_on, import_key=entry.import_key)])


# --- malformed files ------------------------------------------------------------------------

@pytest.fixture
def copy_of_data(tmp_path):
    for spec in FILES:
        shutil.copy(DATA / spec.name, tmp_path / spec.name)
    return tmp_path


def test_wrong_header_imports_nothing(reference_data, copy_of_data):
    path = copy_of_data / "绿色工业园区名单.csv"
    text = path.read_text(encoding="utf-8").replace("园区,第三方评价机构", "园区名称,评价机构", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_published_lists", str(copy_of_data), stdout=io.StringIO())
    assert "绿色工业园区名单.csv 的表头与预期不符" in str(exc.value)
    assert "缺少列：园区、第三方评价机构" in str(exc.value) and "未导入任何条目" in str(exc.value)
    assert not ListEntry.objects.exists() and not Batch.objects.filter(code__startswith="national-").exists()


def test_gbk_file_imports_nothing(reference_data, copy_of_data):
    path = copy_of_data / "绿色供应链管理示范企业名单.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))  # what Excel in China saves
    with pytest.raises(CommandError) as exc:
        call_command("import_published_lists", str(copy_of_data), stdout=io.StringIO())
    assert "绿色供应链管理示范企业名单.csv 不是 UTF-8 编码" in str(exc.value)
    assert not ListEntry.objects.exists() and not Batch.objects.filter(code__startswith="national-").exists()


def test_directory_without_list_files(reference_data, tmp_path):
    with pytest.raises(CommandError, match="没有名单文件"):
        call_command("import_published_lists", str(tmp_path), stdout=io.StringIO())


def test_bad_rows_are_reported_with_line_and_reason(reference_data, tmp_path):
    spec = FILES[1]
    (tmp_path / spec.name).write_text(
        "序号,地区,园区,第三方评价机构,批次\n"
        "1,内蒙,鄂尔多斯园区,某评价中心,1\n"
        "2,海信,某园区,nan,1\n"
        "3,北京,,某评价中心,2\n"
        "4,北京,某园区,某评价中心,9\n"
        "1,内蒙,鄂尔多斯园区,某评价中心,1\n"
        "5,北京,多一列,某评价中心,1,x\n", encoding="utf-8")
    result = import_published_lists(directory=tmp_path)[0]
    assert result.imported == 1
    assert [(r.line, r.code) for r in result.reports] == [
        (3, "region"), (4, "name"), (5, "batch"), (6, "duplicate"), (7, "columns")]
    assert str(result.reports[0]) == "绿色工业园区名单.csv 第 3 行：地区“海信”不是推荐单位，也不是已知的城市，无法确定推荐单位"


def test_command_prints_summary_and_no_bar_off_a_terminal(reference_data):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_published_lists", str(DATA), stdout=out, stderr=err)
    text = out.getvalue()
    assert "绿色工厂名单.csv：共 2783 行，导入 2783，已存在跳过 0，报告未导入 0" in text
    assert "绿色设计产品名单.csv：共 3163 行，导入 3142，已存在跳过 0，报告未导入 21" in text
    assert "未导入 绿色设计产品名单.csv 第 152 行：地区“海信”" in text
    assert "完成：导入 6445 条" in text
    assert err.getvalue() == ""
    out = io.StringIO()
    call_command("import_published_lists", str(DATA), stdout=out)
    assert "完成：导入 0 条，跳过 6445 条" in out.getvalue()


# --- the public list and the statistics on the real data ------------------------------------

def test_list_search_finds_a_historical_unit_without_uscc(client, imported):
    response = client.get("/lists/", {"q": "北京京东方显示技术有限公司"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(">北京京东方显示技术有限公司</a>") == 2  # a green factory and a supply chain
    assert ListEntry.objects.filter(unit_name="北京京东方显示技术有限公司", uscc="").count() == 2


def test_detail_shows_the_product(client, imported):
    entry = ListEntry.objects.get(product_model="MACH-W19B")
    html = client.get(entry.get_absolute_url()).content.decode()
    assert "HUAWEI MateBook X Pro" in html and "微型计算机" in html and "T/CESA 1019-2018" in html


def test_stats_counts_equal_the_database(client, imported):
    response = client.get("/stats/")
    assert response.status_code == 200
    charts = response.context["charts"]
    total = ListEntry.objects.count()
    assert response.context["total"] == total == 6445
    assert sum(row[-1] for row in charts["authorities"].rows) == total
    assert sum(row[1] for row in charts["industries"].rows) == total
    assert sum(row[1] for row in charts["agencies"].rows) == total
    fifth = next(row for row in charts["batches"].rows if row[0] == "第五批")
    assert fifth[2:] == [
        *(ListEntry.objects.filter(batch__code="national-5", kind=k).count() for k in ListKind.values),
        ListEntry.objects.filter(batch__code="national-5").count()]
    shenzhen = next(row for row in charts["authorities"].rows if row[0] == "深圳市")
    assert shenzhen[1] == "广东" and shenzhen[-1] == ListEntry.objects.filter(authority__code="4403").count()
    guangdong = next(p for p in charts["authorities"].extra["map"] if p["name"] == "广东")
    assert guangdong["value"] == ListEntry.objects.filter(authority__code__in=["44", "4403"]).count()
    html = response.content.decode()
    assert "计入所在省份" in html and 'data-chart="map"' in html and "vendor/echarts/echarts.min.js" in html


def test_stats_filter_by_kind(client, imported):
    response = client.get("/stats/", {"kind": ListKind.PARK})
    assert response.context["total"] == ListEntry.objects.filter(kind=ListKind.PARK).count() == 224


def test_stats_csv_is_utf8_with_bom(client, imported):
    response = client.get("/stats/authorities.csv", {"kind": ListKind.FACTORY})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["推荐单位", "地图上计入", "绿色工厂", "绿色设计产品", "绿色工业园区", "绿色供应链管理企业", "合计"]
    assert len(rows) == 1 + Authority.objects.count()
    xpcc = next(r for r in rows if r[0] == "新疆生产建设兵团")
    assert xpcc[1] == "新疆" and xpcc[2] == "10" and xpcc[-1] == "10"
    agencies = list(csv.reader(io.StringIO(client.get("/stats/agencies.csv").content.decode("utf-8-sig"))))
    assert agencies[1] == ["中国电子技术标准化研究院", str(ListEntry.objects.filter(
        agency_name="中国电子技术标准化研究院").count())]


def test_stats_csv_unknown_chart_is_404(client, reference_data):
    assert client.get("/stats/nothing.csv").status_code == 404


def test_stats_top_is_limited_in_bars_not_in_tables(imported):
    chart = stats.by_agency(ListEntry.objects.all())
    assert len(chart.extra["bars"]) == stats.TOP < len(chart.rows)


def test_stats_query_count_is_fixed(steady_queries, reference_data, tmp_path):
    """Fixed queries at one entry and at many (one per chart, plus the filter's batches)."""
    spec = FILES[0]
    (tmp_path / spec.name).write_text("序号,地区,工厂名称,行业,第三方评价机构,批次\n1,北京,甲工厂,电子,某中心,1\n",
                                      encoding="utf-8")
    import_published_lists(directory=tmp_path)
    steady_queries("/stats/", 6)
    import_published_lists(directory=DATA)
    steady_queries("/stats/", 6)
    steady_queries("/stats/", 6, kind=ListKind.FACTORY)
