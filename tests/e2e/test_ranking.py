"""The province ranks in a real browser (R-RANK, R-SUMMARY): drags a row and uses the arrows,
the order is saved at once without a page reload and survives one, recommends, downloads the
summary workbook and submits, after which the ranking is locked."""
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from applications.models import Declaration
from reviews.recommendation.models import AuthorityRecommendation, RankingPosition
from tests.e2e.test_walking_skeleton import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shot(page: Page, tmp_path):
    """shot("name"): a full-page screenshot, into $E2E_SHOTS when set (to look at after the run)."""
    folder = Path(os.environ.get("E2E_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def candidate_names(page: Page) -> list[str]:
    return page.locator("#candidates tbody .gl-unit").all_inner_texts()


def test_province_ranks_recommends_downloads_and_submits(page: Page, live_server, batch, actors, walk, shot,
                                                         tmp_path):
    base = live_server.url
    a, b, c = (walk(batch, until="evaluated", unit_name=f"排序测试{n}工厂") for n in "甲乙丙")
    login(page, base, actors["province"])
    page.goto(f"{base}/reviews/province/")
    expect(page.locator("#candidates tbody .gl-unit")).to_have_count(3)
    assert candidate_names(page) == [a.unit_name, b.unit_name, c.unit_name]
    page.evaluate("window.notReloaded = true")  # gone if anything below reloads the page
    shot("r1-ranking")

    # Drag 丙 by its handle onto 甲's row: saved at once.
    rows = page.locator("#candidates tbody tr")
    rows.nth(2).locator(".gl-drag").drag_to(rows.nth(0).locator(".gl-rank"))
    expect(page.locator("#ranking-message")).to_have_text("排序已保存。")
    expect(page.locator("#candidates tbody .gl-unit").first).to_have_text(c.unit_name)
    assert candidate_names(page) == [c.unit_name, a.unit_name, b.unit_name]
    assert list(RankingPosition.objects.order_by("position").values_list("declaration", flat=True)) == [
        c.pk, a.pk, b.pk]

    # The arrows: 丙 one place down.
    page.locator("#candidates tbody tr").filter(has_text=c.unit_name).get_by_role("button", name="下移").click()
    expect(page.locator("#candidates tbody .gl-unit").first).to_have_text(a.unit_name)
    assert candidate_names(page) == [a.unit_name, c.unit_name, b.unit_name]
    assert page.evaluate("window.notReloaded") is True
    shot("r2-reordered")

    page.reload()
    expect(page.locator("#candidates tbody .gl-unit")).to_have_count(3)
    assert candidate_names(page) == [a.unit_name, c.unit_name, b.unit_name]
    expect(page.locator("#candidates .gl-rank")).to_have_text(["1", "2", "3"])

    # Recommend 甲 and 丙: they join the recommended list in that order.
    page.evaluate("window.notReloaded = true")
    for decl in (a, c):
        page.locator("#candidates tbody tr").filter(has_text=decl.unit_name).get_by_role("button", name="推荐").click()
        expect(page.locator("#ranking-message")).to_have_text(f"已推荐：{decl.unit_name}")
    expect(page.locator("#recommended tbody .gl-unit")).to_have_text([a.unit_name, c.unit_name])
    expect(page.locator("#quota")).to_contain_text("已推荐 2 / 30")
    assert page.evaluate("window.notReloaded") is True
    assert set(Declaration.objects.filter(status="recommended").values_list("pk", flat=True)) == {a.pk, c.pk}
    shot("r3-recommended")

    # R-SUMMARY: the workbook holds the recommended rows of the screen.
    with page.expect_download() as info:
        page.get_by_role("link", name="下载推荐汇总表").click()
    path = tmp_path / "summary.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path)["绿色工厂"]
    assert [(r[0].value, r[1].value, r[2].value) for r in sheet.iter_rows(min_row=3)] == [
        (1, a.unit_name, a.uscc), (2, c.unit_name, c.uscc)]

    # Submit, after the confirmation page; then everything is locked.
    page.get_by_role("link", name="报送推荐").click()
    expect(page.locator(".card").first).to_contain_text(a.unit_name)
    shot("r4-confirm")
    page.get_by_role("button", name="确认报送").click()
    expect(page.locator("#locked")).to_contain_text("推荐结果已锁定")
    expect(page.locator(".gl-drag")).to_have_count(0)
    expect(page.get_by_role("button", name="推荐", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="报送推荐")).to_have_count(0)
    record = AuthorityRecommendation.objects.get(batch=batch, authority__code="33")
    assert record.submitted_by == actors["province"]
    shot("r5-submitted")
