"""/stats/ counts one agency once however the published lists spelled its name: brackets, white
space and a trailing legal form (有限公司 = 有限责任公司, bracketed or not) do not split it."""
import csv
import io

import pytest

from reviews.lists import stats
from reviews.publication.models import ListEntry
from tests.reviews.test_imports import imported  # noqa: F401

pytestmark = pytest.mark.django_db

NINGXIA = "宁夏清洁发展机制环保服务中心"


@pytest.mark.parametrize("a, b", [
    (NINGXIA, f"{NINGXIA}（有限责任公司）"),
    ("国润创投(北京)科技有限公司", "国润创投（北京）科技有限公司"),
    ("上海电器科学研究所（集团） 有限公司", "上海电器科学研究所（集团）有限公司"),
    ("福建省建筑科学研究院有限公司", "福建省建筑科学研究院有限责任公司"),
    ("甘肃省建材科研设计院", "甘肃省建材科研设计院有限责任公司"),
])
def test_spellings_of_one_agency_have_one_key(a, b):
    assert stats.agency_key(a) == stats.agency_key(b)


@pytest.mark.parametrize("a, b", [
    ("方圆标志认证集团有限公司", "方圆标志认证集团江苏有限公司"),  # a subsidiary
    ("四川省地质工程勘察院", "四川省地质工程勘察院集团有限公司"),  # a group
    ("工业和信息化部电子第五研究所", "中国赛宝实验室（工业和信息化部电子第五研究所）"),
    ("通标标准技术服务有限公司", "通标标准技术服务股份有限公司"),  # another legal form
    ("中国船级社质量认证公司", "中国船级社质量认证公司南京分公司"),
])
def test_other_names_stay_apart(a, b):
    assert stats.agency_key(a) != stats.agency_key(b)


def test_real_lists_count_each_agency_once_under_its_most_frequent_spelling(client, imported):  # noqa: F811
    """The real lists: 宁夏… is printed 20 times bare and 29 times with （有限责任公司）: one row of
    49 under the bracketed spelling; the CSV says the same; no entry is lost or counted twice."""
    bare = ListEntry.objects.filter(agency_name=NINGXIA).count()
    bracketed = ListEntry.objects.filter(agency_name=f"{NINGXIA}（有限责任公司）").count()
    assert (bare, bracketed) == (20, 29)
    chart = stats.by_agency(ListEntry.objects.all())
    names = [row[0] for row in chart.rows]
    assert [row for row in chart.rows if NINGXIA in row[0]] == [[f"{NINGXIA}（有限责任公司）", 49]]
    assert len(names) == len(set(names))
    assert sum(row[1] for row in chart.rows) == ListEntry.objects.count()
    distinct = ListEntry.objects.exclude(agency_name="").values("agency_name").distinct().count()
    assert len(chart.rows) - 1 == distinct - 10  # 10 spellings merged into others; +1 row "not stated"
    assert [r for r in chart.rows if r[0].startswith("上海电器科学研究所")] == [["上海电器科学研究所（集团）有限公司", 34]]
    assert chart.rows == sorted(chart.rows[:-1], key=lambda r: (-r[1], r[0])) + chart.rows[-1:]

    response = client.get("/stats/")
    html = response.content.decode()
    assert f"<td>{NINGXIA}（有限责任公司）</td><td class=\"text-end\">49</td>" in html
    assert f"<td>{NINGXIA}</td>" not in html and 'id="agency-spellings"' in html
    rows = list(csv.reader(io.StringIO(client.get("/stats/agencies.csv").content.decode("utf-8-sig"))))
    assert [f"{NINGXIA}（有限责任公司）", "49"] in rows and not any(r[0] == NINGXIA for r in rows)


def test_stats_query_count_is_unchanged(steady_queries, imported):  # noqa: F811
    """One aggregate query per chart, the spellings merged in Python."""
    steady_queries("/stats/", 6)
