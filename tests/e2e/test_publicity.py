"""Publicity to public list in a real browser (R-PUBLICITY, R-PUBLISH): the ministry starts the
publicity, someone without an account files an objection with evidence, the ministry sees why it
cannot publish, dismisses the objection after a confirmation, publishes, the list's files are
built, and the public finds the unit on /lists/ and exports exactly the filtered view."""
import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from applications.models import Declaration
from greenlist.models import HistoryEntry
from reviews.publication.models import ListEntry, Objection, PublicationExport, Publicity
from tests.conftest import PDF_BYTES
from tests.e2e.test_walking_skeleton import login, logout
from tests.reviews.test_publicity import shortlisted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shot(page: Page, tmp_path):
    folder = Path(os.environ.get("E2E_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "publicity-e2e"}}
    cache.clear()


def test_objection_dismissed_then_published_and_found_on_the_public_list(
        page: Page, live_server, batch, actors, walk, eager_celery, shot, tmp_path):
    base = live_server.url
    reviewer = actors["reviewer"]
    decl, neighbour = shortlisted(walk, actors, batch, {"unit_name": "浙江绿源公示示范工厂有限公司"},
                                  {"unit_name": "浙江另一公示工厂有限公司"})
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # 1. Ministry: start the publicity from its page. -----------------------------------------
    login(page, base, reviewer)
    page.get_by_role("banner").get_by_role("link", name="公示与发布").click()
    expect(page.locator("#shortlisted")).to_contain_text(decl.unit_name)
    page.get_by_role("button", name=f"开始公示（{batch.publicity_days} 天）").click()
    expect(page.get_by_text("公示已开始")).to_be_visible()
    assert dialogs[-1] == f"将对以下单位公示 {batch.publicity_days} 天，确认开始公示？"
    logout(page)

    # 2. Anyone, not signed in: the publicity page and an objection with evidence. ------------
    page.goto(f"{base}/publicity/")
    page.locator("#running").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=f"{batch.name}拟入选绿色制造名单公示")).to_be_visible()
    row = page.locator("#publicity-units tbody tr").filter(has_text=decl.unit_name)
    expect(row).to_contain_text(actors["agency"].organisation.name)
    shot("p1-public-publicity")
    row.get_by_role("link", name="提出异议").click()
    expect(page.get_by_role("heading", name=f"对“{decl.unit_name}”提出异议")).to_be_visible()
    page.get_by_label("异议人").fill("陈举报")
    page.get_by_label("联系方式").fill("chen@example.cn")
    page.get_by_label("异议理由").fill("太短了")
    page.get_by_role("button", name="提交异议").click()
    # Refused with the reason, what was typed is still there.
    expect(page.locator("#grounds-errors")).to_contain_text("异议理由过短")
    expect(page.get_by_label("异议人")).to_have_value("陈举报")
    expect(page.get_by_label("联系方式")).to_have_value("chen@example.cn")
    assert not Objection.objects.exists()
    grounds = "该工厂 2024 年曾因废水超标排放受到处罚，与申报材料所述不符。"
    page.get_by_label("异议理由").fill(grounds)
    evidence = tmp_path / "处罚决定书.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("证明材料（可选）").set_input_files(evidence)
    shot("p2-public-objection-form")
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_text(f"您对“{decl.unit_name}”的异议已提交")).to_be_visible()
    objection = Objection.objects.get()
    assert (objection.name, objection.grounds, objection.evidence_name) == ("陈举报", grounds, "处罚决定书.pdf")

    # The publicity period runs its course (nobody waits 15 days in a test).
    Publicity.objects.filter(batch=batch).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=batch.publicity_days + 1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1))

    # 3. Ministry: publication is refused and the page says why; dismiss; publish. -------------
    login(page, base, reviewer)
    page.goto(f"{base}/reviews/ministry/publicity/?batch={batch.pk}")
    wait = page.locator("#publish-wait")
    expect(wait).to_contain_text("有 1 条异议尚未处理")
    expect(wait).to_contain_text(decl.unit_name)
    expect(page.get_by_role("button", name="发布名单")).to_be_disabled()
    shot("p3-ministry-publish-refused")
    wait.get_by_role("link", name=f"#{objection.pk} {decl.unit_name}").click()
    expect(page.locator("#grounds")).to_have_text(grounds)
    with page.expect_download() as download:
        page.locator("#evidence-download").click()
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    page.get_by_label("异议不成立（单位保留在公示名单中）").check()
    reason = "经核查，该处罚已于 2024 年整改完毕并通过验收，不影响本次评价结论。"
    page.get_by_label("处理意见（理由）").fill(reason)
    page.get_by_role("button", name="下一步：确认").click()
    expect(page.locator("#confirm-message")).to_contain_text("保留在公示名单中")
    shot("p4-ministry-confirm-dismiss")
    page.get_by_role("button", name="确认：异议不成立").click()
    expect(page.get_by_text(f"已认定异议不成立，“{decl.unit_name}”保留在公示名单中。")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("认定异议不成立")
    shot("p5-ministry-objection-dismissed")

    page.get_by_role("banner").get_by_role("link", name="公示与发布").click()
    page.get_by_role("button", name="发布名单").click()
    expect(page.get_by_text("名单已发布，共 2 家。")).to_be_visible()
    assert dialogs[-1] == "名单发布后不可更改，确认发布？"
    files = page.locator("#publication-exports")
    expect(files.locator(".export-state")).to_have_text(["已生成", "已生成"])
    shot("p6-ministry-published")
    logout(page)

    # 4. The public: search the list, export exactly that view. ------------------------------
    page.goto(f"{base}/lists/")
    page.get_by_label("名称、信用代码、产品或型号").fill("公示示范")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(decl.unit_name)
    shot("p7-public-list")
    with page.expect_download() as download:
        page.locator("#export-filtered").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    exported = [r[1] for r in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert exported == [decl.unit_name]
    with page.expect_download() as download:
        page.locator("#batch-files").get_by_role("link", name="PDF").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # Database effects.
    objection.refresh_from_db()
    assert (objection.status, objection.resolution, objection.resolved_by) == ("dismissed", reason, reviewer)
    assert Declaration.objects.get(pk=decl.pk).status == "published"
    assert set(ListEntry.objects.values_list("unit_name", flat=True)) == {decl.unit_name, neighbour.unit_name}
    assert PublicationExport.objects.filter(batch=batch, status="done").count() == 2
    assert [h.action for h in HistoryEntry.objects.for_object(objection)] == ["file_objection", "dismiss_objection"]
