"""Walking skeleton: one declaration goes through the whole pipeline in a real browser, as the
applicant, the third-party agency, the provincial official and the ministry reviewer, and ends up
on the public list. Every step is done through the pages a user would click; the database is only
read (to check the effects) and touched once, to let the 15-day publicity period pass."""
import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Declaration
from greenlist.models import HistoryEntry, Industry
from greenlist.uscc import with_check_character
from reviews.publication.models import ListEntry, Publicity
from tests.conftest import PDF_BYTES

# live_server needs real commits (transaction=True); the `reference_data` fixture (via `actors`)
# reloads the authorities and industries that the flush ending each such test removes.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345678"
NOT_FOUND = "页面不存在，或您无权查看。"


# --- helpers ------------------------------------------------------------------------------

def login(page: Page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    # The header names the signed-in user and shows the logout button.
    expect(page.get_by_role("banner")).to_contain_text(str(user))
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("banner").get_by_role("link", name="登录", exact=True)).to_be_visible()


@pytest.fixture
def shot(page: Page, tmp_path):
    """shot("name"): a full-page screenshot of the current page, into tmp_path/shots, or into
    $E2E_SHOTS when set (to look at them after the run)."""
    folder = Path(os.environ.get("E2E_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def status_badge(page: Page):
    return page.locator(".gl-status").first


def history_of(decl) -> list[tuple[str, int | None]]:
    return [(h.action, h.actor_id) for h in HistoryEntry.objects.for_object(decl)]


# --- the pipeline -------------------------------------------------------------------------

def test_declaration_walks_from_draft_to_public_list(page: Page, live_server, batch, actors, shot, tmp_path):
    base = live_server.url
    applicant, agency, province, reviewer = (actors[r] for r in ("applicant", "agency", "province", "reviewer"))
    agency_name = agency.organisation.name
    unit_name = "浙江绿源示范工厂有限公司"
    first17 = "91330100MA1234567"
    assert len(first17) == 17
    uscc = with_check_character(first17)
    wrong_check = next(c for c in "0123456789" if c != uscc[-1])
    bad_uscc = first17 + wrong_check
    industry = Industry.objects.get(code="26")

    # 1. Applicant: new draft (first with a wrong check character), then submit. ---------------
    login(page, base, applicant)
    page.goto(f"{base}/declarations/")
    page.get_by_role("link", name=re.compile(rf"新建申报（{re.escape(batch.name)}）")).click()
    expect(page.get_by_role("heading", name="新建申报")).to_be_visible()

    # The kind first (the batch's open kinds); it cannot change afterwards.
    page.locator("#kinds").get_by_role("link", name="绿色工厂").click()
    expect(page.locator("#details-fields .card-header")).to_have_text("工厂信息")
    page.get_by_label("单位（工厂、园区、产品）名称").fill(unit_name)
    page.get_by_label("统一社会信用代码").fill(bad_uscc)
    page.get_by_label("推荐单位").select_option(label="浙江省")
    page.get_by_label("所在城市").fill("杭州市")
    page.get_by_label("所属行业").select_option(label=f"C{industry.code} {industry.name}")
    page.get_by_label("联系人").fill("王工")
    page.get_by_label("联系电话").fill("0571-88886666")
    page.get_by_label("第三方评价机构").select_option(label=agency_name)
    # The factory's own details; 烧碱 is a high energy-use industry, above the quota's advanced value.
    page.get_by_label("注册地址").fill("浙江省杭州市钱塘区白杨街道 8 号")
    page.get_by_label("法定代表人").fill("王绿源")
    page.get_by_label("成立日期").fill("2008-05-20")
    page.get_by_label("注册资本（万元）").fill("5000")
    page.get_by_label("从业人员数").fill("320")
    page.get_by_label("主要产品").fill("烧碱（离子膜法）")
    page.get_by_label("年产量（含单位）").fill("12 万吨")
    page.get_by_label("行业小类代码").fill("2612")
    page.get_by_label("所属高耗能行业").select_option("烧碱")
    page.get_by_label("单位产品能耗").fill("335")
    page.get_by_label("能耗限额标准先进值").fill("315")
    page.get_by_label("能耗计量单位").fill("kgce/t")
    page.get_by_role("button", name="保存草稿").click()

    # Refused: the Chinese message is shown next to the USCC field, everything typed is kept.
    uscc_error = page.locator("#id_uscc ~ .invalid-feedback")
    expect(uscc_error).to_have_text(
        f"统一社会信用代码校验位错误：第 18 位应为“{uscc[-1]}”，当前为“{wrong_check}”，请核对。")
    shot("1a-applicant-invalid-uscc")
    assert not Declaration.objects.exists()
    expect(page.get_by_label("单位（工厂、园区、产品）名称")).to_have_value(unit_name)
    expect(page.get_by_label("统一社会信用代码")).to_have_value(bad_uscc)
    expect(page.get_by_label("所在城市")).to_have_value("杭州市")
    expect(page.get_by_label("注册地址")).to_have_value("浙江省杭州市钱塘区白杨街道 8 号")
    expect(page.get_by_label("单位产品能耗")).to_have_value("335")
    expect(page.get_by_label("所属高耗能行业").locator("option:checked")).to_have_text("烧碱")
    expect(page.get_by_label("联系人")).to_have_value("王工")
    expect(page.get_by_label("联系电话")).to_have_value("0571-88886666")
    expect(page.get_by_label("推荐单位").locator("option:checked")).to_have_text("浙江省")
    expect(page.get_by_label("第三方评价机构").locator("option:checked")).to_have_text(agency_name)

    page.get_by_label("统一社会信用代码").fill(uscc)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name=unit_name)).to_be_visible()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    expect(status_badge(page)).to_have_text("草稿")
    decl = Declaration.objects.get(unit_name=unit_name)
    assert decl.uscc == uscc
    expect(page.locator("#energy-flag")).to_contain_text("单位产品能耗 335 kgce/t，高于能耗限额标准先进值 315 kgce/t")
    assert (decl.factory_details.industry_class, decl.factory_details.energy_flag) == ("2612", True)

    # R-VETO-1: the negative-list declaration, every item of the batch's wording answered "否".
    page.locator("#negative-list").get_by_role("link", name="填写否决项声明").click()
    expect(page.get_by_role("heading", name=f"否决项声明：{unit_name}")).to_be_visible()
    items = page.locator("fieldset")
    expect(items).to_have_count(4)
    for i in range(4):
        items.nth(i).get_by_label("否", exact=True).check()
    shot("1a1-applicant-negative-list")
    page.get_by_role("button", name="保存否决项声明").click()
    expect(page.get_by_text("否决项声明已保存")).to_be_visible()
    expect(page.locator("#negative-list .badge")).to_have_text(["否"] * 4)

    # Attachments: a renamed executable is refused; then the kind's required documents.
    page.locator("#attachments").get_by_role("link", name="上传和管理附件").click()
    expect(page.get_by_role("heading", name=f"附件：{unit_name}")).to_be_visible()
    fake = tmp_path / "营业执照.pdf"
    fake.write_bytes(Path("/bin/true").read_bytes())
    page.get_by_label("附件类型").select_option(label="营业执照（副本）")
    page.locator("#id_file").set_input_files(fake)
    page.locator("#upload button[type=submit]").click()
    expect(page.locator("#file-errors")).to_contain_text("“营业执照.pdf”的内容是可执行程序")
    document = tmp_path / "申报材料.pdf"
    document.write_bytes(PDF_BYTES)
    uploaded = page.locator("#attachment-list tbody tr").filter(has_text="申报材料.pdf")
    for n, label in enumerate(("营业执照（副本）", "自评价报告（盖章）", "近三年能源审计或节能诊断报告"), start=1):
        page.get_by_label("附件类型").select_option(label=label)
        page.locator("#id_file").set_input_files(document)
        page.locator("#upload button[type=submit]").click()
        expect(uploaded).to_have_count(n)
        expect(page.get_by_text("已上传：申报材料.pdf")).to_be_visible()
    expect(page.locator("#required-documents .badge")).to_have_text(["已上传"] * 3)
    shot("1a2-applicant-attachments")
    page.get_by_role("link", name="返回申报").click()

    # Self-evaluation (GB/T 36132-2018): every basic requirement met, every qualitative item at
    # full points, every performance indicator 80 % of the way from its baseline 1 to its
    # leading value 2 → 70 + 0.8 × 30 = 94.0.
    page.locator("#self-evaluation").get_by_role("link", name="填写自评价").click()
    expect(page.get_by_role("heading", name="自评价", exact=True)).to_be_visible()
    for select in page.locator("select[name$='-met']").all():
        select.select_option("yes")
    for points in page.locator("input[name$='-points']").all():
        points.fill(points.get_attribute("max"))
    # Reference values run the indicator's way: lower-is-better ones lead below their baseline.
    for direction, values in (("higher", {"baseline": "1", "leading": "2", "value": "1.8"}),
                              ("lower", {"baseline": "2", "leading": "1", "value": "1.2"})):
        for name, value in values.items():
            for field in page.locator(f"tr[data-direction='{direction}'] input[name$='-{name}']").all():
                field.fill(value)
    page.get_by_role("button", name="保存自评价").click()
    expect(page.get_by_text("自评价已保存，当前得分 94.0 分")).to_be_visible()
    expect(page.locator("#total-score")).to_have_text("94.0")
    shot("1a3-applicant-self-evaluation")
    page.get_by_role("link", name="返回申报").click()

    # Not yet: the agency has not accepted the engagement (R-AGENCY-2).
    expect(page.locator("#readiness")).to_contain_text(f"第三方评价机构尚未接受委托（{agency_name}）")
    logout(page)

    # 1c. Agency: the proposal (no access to the draft itself), accepted with its independence
    # declaration; the count against the batch's cap (R-AGENCY-CAP) goes up.
    login(page, base, agency)
    page.goto(f"{base}/evaluations/")
    expect(page.locator("#agency-cap")).to_contain_text("本批次已承接 0 / 15")
    proposal = page.locator("#proposals li").filter(has_text=unit_name)
    expect(proposal).to_contain_text("绿色工厂")
    proposal.get_by_role("link", name="接受或拒绝").click()
    expect(page.get_by_role("heading", name=f"评价委托：{unit_name}")).to_be_visible()
    page.get_by_label("本机构未参与该申报单位自评价报告的编制").check()
    page.get_by_label("本批次未为该申报单位提供咨询服务").check()
    shot("1c-agency-accepts")
    page.get_by_role("button", name="声明独立性并接受委托").click()
    expect(page.get_by_text(f"已接受委托：{unit_name}")).to_be_visible()
    expect(page.locator("#agency-cap")).to_contain_text("本批次已承接 1 / 15")
    expect(page.locator("#proposals")).not_to_contain_text(unit_name)
    logout(page)

    login(page, base, applicant)
    page.goto(f"{base}{decl.get_absolute_url()}")
    expect(page.locator("#engagement-status")).to_have_text("已接受")
    page.get_by_role("link", name="提交申报").click()
    expect(page.get_by_role("heading", name=f"提交申报：{unit_name}")).to_be_visible()
    page.get_by_role("button", name="确认提交申报").click()
    expect(page.get_by_role("heading", name=unit_name)).to_be_visible()
    expect(status_badge(page)).to_have_text("已提交")
    shot("1b-applicant-submitted")
    logout(page)

    # 2. Agency: evaluation with a PDF report. -------------------------------------------------
    dialogs: list[str] = []  # the confirm() of 提交评价 / 开始公示 / 发布名单: read, then accepted

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    report = tmp_path / "评价报告.pdf"
    report.write_bytes(PDF_BYTES)

    login(page, base, agency)
    page.goto(f"{base}/evaluations/")
    row = page.get_by_role("row").filter(has_text=unit_name)
    row.get_by_role("link", name="填写评价").click()
    expect(page.get_by_role("heading", name=f"第三方评价：{unit_name}")).to_be_visible()
    # The agency scores the same indicator set itself; its total is the evaluation's score. It
    # agrees with the applicant everywhere but IF1 (4 of 8 instead of 8): 94.0 − 4 = 90.0.
    page.locator("#scoring").get_by_role("link", name="逐项评分").click()
    expect(page.get_by_role("heading", name="第三方评价打分")).to_be_visible()
    for select in page.locator("select[name$='-met']").all():
        select.select_option("yes")
    for points in page.locator("input[name$='-points']").all():
        points.fill(points.get_attribute("max"))
    page.locator("input[name='IF1-points']").fill("4")
    for direction, values in (("higher", {"baseline": "1", "leading": "2", "value": "1.8"}),
                              ("lower", {"baseline": "2", "leading": "1", "value": "1.2"})):
        for name, value in values.items():
            for field in page.locator(f"tr[data-direction='{direction}'] input[name$='-{name}']").all():
                field.fill(value)
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text("第三方评价打分已保存，当前得分 90.0 分")).to_be_visible()
    page.goto(f"{base}/evaluations/declarations/{Declaration.objects.get(unit_name=unit_name).pk}/")
    expect(page.locator("#scoring")).to_contain_text("90.0")
    page.get_by_label("评价结论").select_option(label="符合要求")
    page.get_by_label("现场评价日期").fill((timezone.localdate() - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("评价报告（PDF）").set_input_files(report)
    shot("2a-agency-evaluation-form")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("heading", name=unit_name)).to_be_visible()
    assert dialogs == ["提交后评价不可修改，确认提交？"]
    expect(status_badge(page)).to_have_text("第三方已评价")
    expect(page.locator("#evaluation")).to_contain_text("符合要求")
    expect(page.locator("#evaluation").get_by_role("link", name="下载报告")).to_be_visible()
    shot("2b-agency-evaluated")
    logout(page)

    # 3. Province (浙江): recommend at rank 1. --------------------------------------------------
    login(page, base, province)
    page.goto(f"{base}/reviews/province/")
    awaiting = page.locator(".card").filter(has=page.get_by_text("待推荐", exact=True))
    row = awaiting.get_by_role("row").filter(has_text=unit_name)
    expect(row.locator(".gl-energy-flag")).to_have_text("能耗未达先进值")  # R-ENERGY: a flag, not a refusal
    expect(row).to_contain_text("94.0")  # the self-evaluation …
    expect(row).to_contain_text("90.0")  # … and the agency's score, side by side
    # On the declaration, the one indicator where the two differ is marked.
    row.get_by_role("link", name=unit_name).click()
    expect(page.locator("#comparison tr[data-differs]")).to_have_count(1)
    expect(page.locator("#comparison tr[data-differs]")).to_contain_text("IF1")
    shot("3a-province-comparison")
    page.goto(f"{base}/reviews/province/")
    row.get_by_role("button", name="推荐", exact=True).click()
    expect(page.get_by_text(f"已推荐：{unit_name}")).to_be_visible()
    recommended = page.locator(".card").filter(has=page.get_by_text("已推荐", exact=True))
    recommended_row = recommended.get_by_role("row").filter(has_text=unit_name)
    expect(recommended_row).to_contain_text("省级已推荐")
    expect(recommended_row.get_by_role("cell").first).to_have_text("1")
    expect(awaiting.get_by_role("row").filter(has_text=unit_name)).to_have_count(0)
    shot("3-province-recommended")
    # R-RANK: the ministry reviews a submitted recommendation; submitting asks for confirmation.
    page.get_by_role("link", name="报送推荐").click()
    expect(page.get_by_role("heading", name=re.compile("报送推荐"))).to_be_visible()
    page.get_by_role("button", name="确认报送").click()
    expect(page.get_by_text("推荐已锁定").first).to_be_visible()
    logout(page)

    # 4. Ministry: shortlist, start publicity, publish once the period is over. ------
    login(page, base, reviewer)
    page.goto(f"{base}/reviews/ministry/")
    # The decision is taken on the expert review page (R-REVIEW-1), with a reason and a
    # confirmation; tests/e2e/test_expert_review.py walks the experts' part.
    page.get_by_role("row").filter(has_text=unit_name).get_by_role("link", name="专家评审与审核").click()
    expect(page.get_by_role("heading", name=f"专家评审与审核：{unit_name}")).to_be_visible()
    page.get_by_label("审核通过（拟入选）").check()
    page.get_by_label("理由").fill("符合绿色工厂评价要求")
    page.get_by_role("button", name="提交审核结论").click()
    page.get_by_role("button", name="确认提交审核结论").click()
    expect(page.get_by_text(f"已审核通过（拟入选）：{unit_name}")).to_be_visible()
    expect(status_badge(page)).to_have_text("部级审核通过")

    page.goto(f"{base}/reviews/ministry/publicity/")
    page.get_by_role("button", name=f"开始公示（{batch.publicity_days} 天）").click()
    expect(page.get_by_text("公示已开始")).to_be_visible()
    assert dialogs[-1] == f"将对以下单位公示 {batch.publicity_days} 天，确认开始公示？"
    # R-PUBLICITY: no publish button during the publicity days, only when it may be published.
    expect(page.locator("#publish-wait")).to_contain_text("公示期满后才能发布")
    expect(page.get_by_role("button", name="发布名单")).to_be_disabled()
    shot("4a-ministry-publish-waits")
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"

    # Nobody can wait 15 days in a test: move the publicity period into the past, as if it had
    # run its course. Only the dates change; publication itself still goes through the page.
    publicity = Publicity.objects.get(batch=batch)
    publicity.starts_on = timezone.localdate() - datetime.timedelta(days=batch.publicity_days + 1)
    publicity.ends_on = timezone.localdate() - datetime.timedelta(days=2)
    publicity.save(update_fields=["starts_on", "ends_on"])
    page.reload()
    page.get_by_role("button", name="发布名单").click()
    expect(page.get_by_text("名单已发布，共 1 家。")).to_be_visible()
    assert dialogs[-1] == "名单发布后不可更改，确认发布？"
    shot("4b-ministry-published")
    logout(page)

    # 5. Anyone: the unit is on the public list. ------------------------------------------------
    page.goto(f"{base}/lists/")
    page.get_by_label("名称、信用代码、产品或型号").fill(unit_name)
    page.get_by_role("button", name="查询").click()
    result = page.locator("#list-results tbody tr").filter(has_text=unit_name)
    expect(result).to_have_count(1)
    expect(result).to_contain_text("浙江")
    expect(result).to_contain_text(agency_name)
    expect(result).to_contain_text("绿色工厂")
    shot("5a-public-list")
    result.get_by_role("link", name=unit_name).click()
    expect(page.get_by_role("heading", name=unit_name)).to_be_visible()
    expect(page.locator("dl")).to_contain_text(uscc)
    expect(page.locator("dl")).to_contain_text("浙江省")
    shot("5b-public-detail")

    # Database effects.
    decl.refresh_from_db()
    assert decl.status == "published"
    entry = ListEntry.objects.get(declaration=decl)
    assert (entry.unit_name, entry.uscc, entry.authority.code, entry.agency_name) == (unit_name, uscc, "33", agency_name)
    history = history_of(decl)
    for action, actor in [("accept_engagement", agency), ("submit", applicant), ("evaluate", agency), ("recommend", province),
                          ("shortlist", reviewer), ("start_publicity", reviewer), ("publish", reviewer)]:
        assert (action, actor.pk) in history, (action, history)
    transitions = [a for a, _ in history if a in {"submit", "evaluate", "recommend", "shortlist",
                                                   "start_publicity", "publish"}]
    assert transitions == ["submit", "evaluate", "recommend", "shortlist", "start_publicity", "publish"]


# --- refusals -----------------------------------------------------------------------------

def test_other_organisations_get_the_404_page(page: Page, live_server, batch, actors, walk, shot):
    base = live_server.url
    decl = walk(batch, until="submitted")  # the first applicant's, 浙江
    url = f"{base}/declarations/{decl.pk}/"

    # Positive control: the 浙江 official sees it, so the 404s below are about who asks.
    login(page, base, actors["province"])
    response = page.goto(url)
    assert response.status == 200
    expect(page.get_by_role("heading", name=decl.unit_name)).to_be_visible()
    logout(page)

    for who in ("other_applicant", "other_province"):
        login(page, base, actors[who])
        response = page.goto(url)
        assert response.status == 404, who
        expect(page.locator("#refusal")).to_have_text(NOT_FOUND)
        expect(page.get_by_text(decl.unit_name)).to_have_count(0)
        shot(f"6-404-{who}")
        logout(page)
