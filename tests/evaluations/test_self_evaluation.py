"""The applicant's self-evaluation page and its part in submission (R-EVAL-1, R-FLOW-2)."""
from decimal import Decimal as D

import pytest
from django.urls import reverse

from applications import services, workflow
from applications.models import Declaration
from evaluations import indicators
from evaluations.models import IndicatorScore
from greenlist.portal.demo import fill_self_evaluation
from tests import factories

pytestmark = pytest.mark.django_db


def url(decl):
    return reverse("applications:self_evaluation", args=[decl.pk])


def new_draft(actors, batch, **fields):
    return services.create_declaration(actor=actors["applicant"], batch=batch, **factories.declaration_values(**fields))


def test_page_shows_the_batch_scheme_grouped(client, actors, batch):
    decl = new_draft(actors, batch)
    client.force_login(actors["applicant"])
    html = client.get(url(decl)).content.decode()
    assert "GB/T 36132-2018 绿色工厂评价通则" in html
    for group in ("基本要求", "基础设施", "管理体系", "能源与资源投入", "产品", "环境排放", "绩效"):
        assert f'<div class="card-header fw-semibold">{group}</div>' in html
    assert "单位产品碳排放量" in html and "尚有 36 项未填写" in html


def test_saving_part_keeps_it_and_updates_the_score(client, actors, batch):
    decl = new_draft(actors, batch)
    client.force_login(actors["applicant"])
    response = client.post(url(decl), {"IF1-points": "8", "PF1-value": "1.5", "PF1-baseline": "1", "PF1-leading": "2",
                                       "BR1-met": "yes"}, follow=True)
    html = response.content.decode()
    assert "自评价已保存，当前得分 9.0 分" in html
    assert 'name="IF1-points" value="8.00"' in html
    decl.refresh_from_db()
    assert decl.self_score == D("9.0")
    # Only the posted indicators are written; a second partial POST keeps the first one's values.
    assert IndicatorScore.objects.filter(declaration=decl, source="self").count() == 3
    client.post(url(decl), {"IF2-points": "4"})
    decl.refresh_from_db()
    assert decl.self_score == D("13.0")
    assert IndicatorScore.objects.get(declaration=decl, indicator__code="IF1").points == D("8.00")


def test_points_over_the_maximum_are_refused_and_nothing_saved(client, actors, batch):
    decl = new_draft(actors, batch)
    client.force_login(actors["applicant"])
    response = client.post(url(decl), {"IF1-points": "9", "IF2-points": "3"})
    html = response.content.decode()
    assert "部分指标填写有误" in html and "确保该值小于或等于8" in html
    assert 'value="3"' in html  # what was typed is kept
    assert not IndicatorScore.objects.filter(declaration=decl).exists()


def test_incomplete_self_evaluation_blocks_submission(actors, batch, agency_org):
    """R-EVAL-1: submission needs every indicator; the message says how many are missing."""
    from evaluations.services import engage_agency

    decl = new_draft(actors, batch)
    engage_agency(actor=actors["applicant"], declaration=decl, agency=agency_org)
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert "自评价未完成：36 项指标未填写" in refused.value.message


def test_basic_requirement_not_met_blocks_submission(actors, batch, agency_org):
    """R-EVAL-2: a basic requirement not met is a veto that names it."""
    from evaluations.services import engage_agency

    decl = new_draft(actors, batch)
    engage_agency(actor=actors["applicant"], declaration=decl, agency=agency_org)
    fill_self_evaluation(actors["applicant"], decl)
    indicators.save_self_evaluation(actor=actors["applicant"], declaration=decl, entries={"BR4": {"met": False}})
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert "“设有绿色工厂管理机构，负责制定、实施、评价和改进绿色工厂相关规划”不满足要求（一票否决）" in refused.value.message


def test_submitted_self_evaluation_is_frozen_and_kept_in_the_version(client, actors, walk, batch):
    """R-FLOW-2: a crafted POST after submission is refused; the version holds the scores."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["applicant"])
    response = client.post(url(decl), {"IF1-points": "0"})
    assert response.status_code == 403
    assert "自评价已冻结" in response.content.decode()
    frozen = decl.versions.get().data["self_evaluation"]
    assert frozen["scheme"] == "GBT36132-2018" and frozen["total"] == str(Declaration.objects.get(pk=decl.pk).self_score)
    assert frozen["indicators"]["IF1"]["points"] == "6.80"


def test_scheme_is_kept_when_the_batch_policy_changes(actors, batch):
    """R-EVAL-1: an evaluation keeps its scheme and is never re-scored under a newer one."""
    decl = new_draft(actors, batch)
    indicators.save_self_evaluation(actor=actors["applicant"], declaration=decl, entries={"IF1": {"points": D("8")}})
    type(batch).objects.filter(pk=batch.pk).update(factory_scheme="GBT36132-2025")
    decl = Declaration.objects.get(pk=decl.pk)
    assert indicators.scheme_for(decl).code == "GBT36132-2018"
    fresh = new_draft(actors, type(batch).objects.get(pk=batch.pk))
    assert indicators.scheme_for(fresh).code == "GBT36132-2025"


def test_other_organisation_gets_404(client, actors, batch):
    decl = new_draft(actors, batch)
    client.force_login(actors["other_applicant"])
    assert client.get(url(decl)).status_code == 404
    assert client.post(url(decl), {"IF1-points": "1"}).status_code == 404
    assert not IndicatorScore.objects.exists()


@pytest.mark.parametrize("kind, scheme, first_group", [
    ("park", "586-2016-park", "基本要求"), ("supply_chain", "586-2016-supply-chain", "绿色供应链管理战略"),
    ("product", "GBT32161-2015", "基本要求"),
])
def test_each_kind_gets_its_indicator_set(client, actors, batch, kind, scheme, first_group):
    decl = new_draft(actors, batch, kind=kind)
    assert indicators.scheme_for(decl).code == scheme
    client.force_login(actors["applicant"])
    html = client.get(url(decl)).content.decode()
    assert f'<div class="card-header fw-semibold">{first_group}</div>' in html
    if kind == "park":
        assert 'name="EG1-y3"' in html  # three years of values


def test_reference_values_must_run_in_the_indicators_direction(client, actors, batch):
    """R-EVAL-1: 单位产品综合能耗 is lower-is-better; a leading value above the baseline is refused."""
    decl = new_draft(actors, batch)
    client.force_login(actors["applicant"])
    html = client.post(url(decl), {"PF11-value": "200", "PF11-baseline": "100", "PF11-leading": "200"}).content.decode()
    assert "该指标越低越好，引领值应低于基准值" in html
    assert not IndicatorScore.objects.filter(declaration=decl).exists()


@pytest.mark.parametrize("field, value, message", [
    ("PF12-value", "-1000", "确保该值大于或等于0"),
    ("PF6-value", "500", "确保该值小于或等于100"),
])
def test_negative_values_and_shares_over_100_are_refused(client, actors, batch, field, value, message):
    decl = new_draft(actors, batch)
    client.force_login(actors["applicant"])
    html = client.post(url(decl), {field: value}).content.decode()
    assert message in html
    assert not IndicatorScore.objects.filter(declaration=decl).exists()


def test_equal_baseline_and_leading_scores_a_better_value_in_full():
    from evaluations.models import Indicator
    from evaluations.scoring import Recorded, score_item

    ind = Indicator(code="T", name="t", group_code="G", group_name="g", type="quantitative",
                    max_points=D("3"), baseline=D("5"), leading=D("5"), direction="lower", years=1)
    assert score_item(ind, Recorded(value=D("3"))).points == D("3.00")
    assert score_item(ind, Recorded(value=D("6"))).points == D("0.00")


def test_park_years_are_labelled_with_calendar_years(client, actors, batch):
    """R-EVAL-4: the last three years before the batch, oldest first; the latest is scored."""
    decl = new_draft(actors, batch, kind="park")
    client.force_login(actors["applicant"])
    html = client.get(url(decl)).content.decode()
    years = [f"{batch.year - 3}年", f"{batch.year - 2}年", f"{batch.year - 1}年"]
    positions = [html.index(f'for="id_EG1-y{i}">{y}</label>') for i, y in enumerate(years, start=1)]
    assert positions == sorted(positions)


def test_drafts_are_the_applicants_alone(client, actors, batch, agency_org):
    """R-FLOW-2: before the first submission, neither the named agency nor the ministry sees it."""
    from evaluations.services import engage_agency

    decl = new_draft(actors, batch)
    engage_agency(actor=actors["applicant"], declaration=decl, agency=agency_org)
    for who in ("agency", "reviewer", "admin"):
        client.force_login(actors[who])
        assert client.get(url(decl)).status_code == 404, who
        assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404, who
    client.force_login(actors["agency"])
    # The agency sees the proposal (unit, kind, batch, applicant) to accept it, not the draft's contents.
    html = client.get(reverse("evaluations:engagements")).content.decode()
    assert decl.unit_name in html and decl.uscc not in html and decl.contact_phone not in html
