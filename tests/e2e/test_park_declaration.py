"""A park committee prepares and submits a green industrial park declaration in the browser:
the park's details (R-PARK-1 refusal first), the negative list, the required documents, the
self-evaluation with three years of values (R-EVAL-4), then submission."""
import re

import pytest
from playwright.sync_api import Page, expect

from applications.models import Declaration
from evaluations.engagements import accept_engagement
from evaluations.models import Engagement
from greenlist.uscc import with_check_character
from tests.conftest import PDF_BYTES
from tests.e2e.test_walking_skeleton import login, status_badge

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_park_declaration_is_prepared_and_submitted(page: Page, live_server, batch, actors, tmp_path):
    base = live_server.url
    name = "杭州湾绿色智造产业园"
    login(page, base, actors["applicant"])
    page.goto(f"{base}/declarations/")
    page.get_by_role("link", name=re.compile(rf"新建申报（{re.escape(batch.name)}）")).click()
    page.locator("#kinds").get_by_role("link", name="绿色工业园区").click()
    expect(page.locator("#details-fields .card-header")).to_have_text("园区信息")

    page.get_by_label("单位（工厂、园区、产品）名称").fill(name)
    page.get_by_label("统一社会信用代码").fill(with_check_character("11330200MB1234567"))
    page.get_by_label("推荐单位").select_option(label="浙江省")
    page.get_by_label("所在城市").fill("宁波市杭州湾新区")
    page.get_by_label("所属行业").select_option(label="C38 电气机械和器材制造业")
    page.get_by_label("联系人").fill("陈主任")
    page.get_by_label("联系电话").fill("0574-6300000")
    page.get_by_label("第三方评价机构").select_option(label=actors["agency"].organisation.name)
    page.get_by_label("园区级别").select_option(label="省级")
    page.get_by_label("园区面积（平方公里）").fill("35.5")
    page.get_by_label("园区管理机构名称").fill("杭州湾绿色智造产业园管理委员会")
    page.get_by_label("绿色园区工作机构专职人员数").fill("3")
    page.get_by_label("工业增加值占园区比重（%）").fill("50")
    for condition in ("以制造业或能源供应为主要功能", "有法定边界和范围（四至范围明确）", "具有统一的管理机构"):
        page.get_by_label(condition).check()
    page.get_by_role("button", name="保存草稿").click()

    # R-PARK-1: an industrial share of 50 % is not "more than half"; nothing saved, input kept.
    expect(page.locator("#id_industrial_share ~ .invalid-feedback")).to_contain_text("50")
    assert not Declaration.objects.exists()
    expect(page.get_by_label("园区管理机构名称")).to_have_value("杭州湾绿色智造产业园管理委员会")
    page.get_by_label("工业增加值占园区比重（%）").fill("62.5")
    page.get_by_role("button", name="保存草稿").click()
    expect(status_badge(page)).to_have_text("草稿")

    page.locator("#negative-list").get_by_role("link", name="填写否决项声明").click()
    items = page.locator("fieldset")
    for i in range(items.count()):
        items.nth(i).get_by_label("否", exact=True).check()
    page.get_by_role("button", name="保存否决项声明").click()
    expect(page.get_by_text("否决项声明已保存")).to_be_visible()

    page.locator("#attachments").get_by_role("link", name="上传和管理附件").click()
    document = tmp_path / "园区材料.pdf"
    document.write_bytes(PDF_BYTES)
    for label in ("园区设立批复文件", "园区管理机构证明", "自评价报告（盖章）"):
        page.get_by_label("附件类型").select_option(label=label)
        page.locator("#id_file").set_input_files(document)
        page.locator("#upload button[type=submit]").click()
        expect(page.get_by_text("已上传：园区材料.pdf")).to_be_visible()
    page.get_by_role("link", name="返回申报").click()

    # R-EVAL-4: three years per indicator; the latest year is scored against the leading value.
    page.locator("#self-evaluation").get_by_role("link", name="填写自评价").click()
    expect(page.locator("input[name='EG1-y3']")).to_be_visible()
    for select in page.locator("select[name$='-met']").all():
        select.select_option("yes")
    for points in page.locator("input[name$='-points']").all():
        points.fill(points.get_attribute("max"))
    # Shares at 100 %, other amounts at 2000: at or beyond every leading value, except
    # 单位工业增加值废水排放量 (lower is better), which scores 0 of 5.
    for row in page.locator("tr[data-indicator]").all():
        value = "100" if row.get_attribute("data-unit") == "%" else "2000"
        for field in row.locator("input[name$='-y1'], input[name$='-y2'], input[name$='-y3']").all():
            field.fill(value)
    page.get_by_role("button", name="保存自评价").click()
    expect(page.locator("#total-score")).to_have_text("95.0")
    # The agency accepts the engagement (R-AGENCY-2) through the service: this test is about the
    # park's declaration; the agency's accept page is walked in the browser by test_walking_skeleton.
    accept_engagement(actor=actors["agency"], engagement=Engagement.objects.get(declaration__unit_name=name),
                      not_in_self_evaluation=True, no_consulting=True)
    page.get_by_role("link", name="返回申报").click()

    expect(page.locator("#readiness")).to_contain_text("申报内容已齐全，可以提交")
    page.get_by_role("link", name="提交申报").click()
    page.get_by_role("button", name="确认提交申报").click()
    expect(status_badge(page)).to_have_text("已提交")

    decl = Declaration.objects.get(unit_name=name)
    frozen = decl.versions.get().data
    assert decl.kind == "park" and decl.status == "submitted" and decl.self_score == 95
    assert frozen["details"]["industrial_share"] == "62.50"
    assert frozen["self_evaluation"]["scheme"] == "586-2016-park"
