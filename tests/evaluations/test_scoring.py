"""The scoring module against hand-computed examples, one per kind (R-EVAL-1…4)."""
from decimal import Decimal as D

import pytest

from evaluations import scoring
from evaluations.models import Indicator, IndicatorSet
from evaluations.scoring import Recorded

pytestmark = pytest.mark.django_db


def indicators(code):
    return list(IndicatorSet.objects.get(code=code).indicators.order_by("order"))


def complete(inds, **overrides):
    """Everything at its best (gates met, full points, values at the leading value) unless overridden."""
    out = {}
    for ind in inds:
        if ind.type == "gate":
            out[ind.code] = Recorded(met=True)
        elif ind.type == "qualitative":
            out[ind.code] = Recorded(points=ind.max_points)
        elif ind.type == "threshold":
            limit = D("10")
            out[ind.code] = Recorded(value=limit, baseline=limit)
        else:
            baseline, leading = (ind.baseline, ind.leading) if not ind.needs_reference else (D("1"), D("2"))
            rec = Recorded(baseline=None if not ind.needs_reference else baseline,
                           leading=None if not ind.needs_reference else leading)
            if ind.years > 1:
                rec.year_values = [str(leading)] * ind.years
            else:
                rec.value = leading
            out[ind.code] = rec
    out.update(overrides)
    return out


def test_indicator_sets_are_data_with_their_totals():
    """R-EVAL-1: each set is versioned data; factory/park/supply-chain sets are out of 100."""
    for code in ("GBT36132-2018", "GBT36132-2025", "586-2016-park", "586-2016-supply-chain"):
        scored = [i for i in indicators(code) if i.type in ("qualitative", "quantitative")]
        assert sum(i.max_points for i in scored) == 100, code
    quantitative_2025 = sum(i.max_points for i in indicators("GBT36132-2025") if i.type == "quantitative")
    assert quantitative_2025 == 68  # R-EVAL-2: about 60 % of the weight is quantitative


def test_factory_2018_group_weights_and_a_hand_computed_total():
    """R-EVAL-2: weights 20/15/15/10/10/30; 容积率 halfway (1 of 2), 单位产品主要原材料消耗量
    lower-is-better 6 between baseline 10 and leading 5 (0.8 × 3 = 2.4), the rest full: 98.4."""
    inds = indicators("GBT36132-2018")
    result = scoring.score(inds, complete(
        inds,
        PF1=Recorded(value=D("1.5"), baseline=D("1.0"), leading=D("2.0")),
        PF5=Recorded(value=D("6"), baseline=D("10"), leading=D("5")),
    ))
    weights = {g.name: g.max_points for g in result.groups if g.max_points}
    assert weights == {"基础设施": 20, "管理体系": 15, "能源与资源投入": 15, "产品": 10, "环境排放": 10, "绩效": 30}
    performance = next(g for g in result.groups if g.code == "PF")
    assert performance.points == D("28.40")
    assert result.total == D("98.4")
    assert result.complete and not result.vetoes


def test_factory_basic_requirement_vetoes():
    """R-EVAL-2: a basic requirement not met is a one-vote veto, named in the result."""
    inds = indicators("GBT36132-2018")
    result = scoring.score(inds, complete(inds, BR2=Recorded(met=False)))
    assert result.vetoes == ["近三年（含成立不足三年）无较大及以上安全、环保、质量等事故"]
    assert not result.passed_requirements


def test_supply_chain_hand_computed():
    """R-EVAL-3: X26 80 % → 3.2 of 4, X41 50 % → 2.5 of 5, X12 judged 3 of 6, the rest full: 93.7."""
    inds = indicators("586-2016-supply-chain")
    result = scoring.score(inds, complete(
        inds, X26=Recorded(value=D("80")), X41=Recorded(value=D("50")), X12=Recorded(points=D("3")),
    ))
    assert result.total == D("93.7")
    assert {g.code: g.points for g in result.groups}["X2"] == D("19.20")


def test_park_scores_the_latest_of_three_years():
    """R-EVAL-4: 能源产出率 1.5 in the latest year against 引领值 3 → 3 of 6; 单位工业增加值废水排放量
    (lower) 7.5 between 10 and 5 → 2.5 of 5; the rest at the leading value: 94.5."""
    inds = indicators("586-2016-park")
    result = scoring.score(inds, complete(
        inds,
        EG1=Recorded(year_values=["1", "2", "1.5"]),
        HG4=Recorded(year_values=["9", "8", "7.5"]),
    ))
    assert result.total == D("94.5")


def test_park_with_a_missing_year_is_incomplete():
    """R-EVAL-4: values for each of the last three years."""
    inds = indicators("586-2016-park")
    result = scoring.score(inds, complete(inds, EG2=Recorded(year_values=["5", "", "7"])))
    assert result.missing == ["可再生能源使用比例"]


def test_park_basic_requirements_veto():
    """R-EVAL-4: e.g. no dedicated body with two full-time staff."""
    inds = indicators("586-2016-park")
    result = scoring.score(inds, complete(inds, PB2=Recorded(met=False)))
    assert result.vetoes == ["设有专门的绿色园区管理机构，专职工作人员不少于 2 人"]


def test_product_threshold_not_reached_vetoes():
    """Product: every limit of the standard must be reached; 5 of 6 reached → 83.3 and a veto."""
    inds = indicators("GBT32161-2015")
    result = scoring.score(inds, complete(inds, PE1=Recorded(value=D("12"), baseline=D("10"))))
    assert result.vetoes == ["单位产品综合能耗"]
    assert result.total == D("83.3")


@pytest.mark.parametrize("value, expected", [("0.5", "0.00"), ("1", "0.00"), ("1.25", "0.50"), ("3", "2.00")])
def test_quantitative_points_are_clamped_between_baseline_and_leading(value, expected):
    ind = Indicator(code="T", name="t", group_code="G", group_name="g", type="quantitative",
                    max_points=D("2"), baseline=D("1"), leading=D("2"), direction="higher", years=1)
    assert scoring.score_item(ind, Recorded(value=D(value))).points == D(expected)


def test_qualitative_points_cannot_exceed_the_maximum():
    ind = Indicator(code="T", name="t", group_code="G", group_name="g", type="qualitative", max_points=D("4"))
    assert scoring.score_item(ind, Recorded(points=D("9"))).points == D("4.00")
