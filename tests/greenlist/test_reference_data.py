"""Reference data loaded by the data migration."""
import pytest

from greenlist.models import Authority, Industry


@pytest.mark.django_db
def test_thirty_seven_recommending_authorities():
    """R-AUTH-1: 31 provincial regions, 5 separately planned cities, and the XPCC."""
    assert Authority.objects.count() == 37
    assert Authority.objects.filter(kind="province").count() == 31
    planned = dict(Authority.objects.filter(kind="planned_city").values_list("code", "name"))
    assert planned == {"2102": "大连市", "3702": "青岛市", "3302": "宁波市", "3502": "厦门市", "4403": "深圳市"}
    corps = Authority.objects.get(kind="corps")
    assert (corps.code, corps.name) == ("XPCC", "新疆生产建设兵团")
    # Each separately planned city is separate from, but belongs to, its province.
    assert Authority.objects.get(code="3302").province.name == "浙江省"
    assert sorted(a.code for a in Authority.objects.filter(kind="province"))[:3] == ["11", "12", "13"]


@pytest.mark.django_db
def test_industry_sections_and_manufacturing_divisions():
    """R-INDUSTRY: GB/T 4754-2017 sections A–T and divisions C13–C43."""
    sections = Industry.objects.filter(level="section")
    assert "".join(sections.values_list("code", flat=True)) == "ABCDEFGHIJKLMNOPQRST"
    divisions = Industry.objects.filter(level="division")
    assert list(divisions.values_list("code", flat=True)) == [str(n) for n in range(13, 44)]
    assert set(divisions.values_list("parent__code", flat=True)) == {"C"}
    assert Industry.objects.get(code="31").name == "黑色金属冶炼和压延加工业"
