"""/stats/ in the browser on the real lists: the map of China is drawn from the local GeoJSON
with ECharts (no internet), the charts and tables are there, a CSV downloads, the filter works."""
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from greenlist.models import ListKind
from reviews.lists.importer import import_published_lists
from reviews.publication.models import ListEntry
from tests.e2e.test_walking_skeleton import shot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_stats_page_draws_the_map(page: Page, live_server, reference_data, shot):  # noqa: F811
    import_published_lists(directory=Path(settings.BASE_DIR) / "data" / "published_lists")
    # Charts must not reach out to the internet: fail any request that leaves the live server.
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
               else (outside.append(route.request.url), route.abort()))
    page.goto(f"{live_server.url}/stats/")

    chart_map = page.locator("#stats-map")
    expect(chart_map).to_have_attribute("data-rendered", "1", timeout=15_000)
    # One shape per province-level feature of the GeoJSON (34 regions and the nine-dash line).
    assert chart_map.locator("svg path").count() >= 35
    box = chart_map.locator("svg").bounding_box()
    assert box["width"] > 400 and box["height"] > 400
    # The bars are drawn too, and each chart has its table.
    for key in ("batches", "industries", "agencies"):
        expect(page.locator(f'[data-chart="{key}"]')).to_have_attribute("data-rendered", "1")
    expect(page.locator('[data-table="batches"] tbody tr')).to_have_count(6)
    expect(page.get_by_text("在地图上计入所在省份", exact=False)).to_be_visible()
    expect(page.get_by_text(f"已发布名单共 {ListEntry.objects.count()} 条")).to_be_visible()
    shot("stats")

    with page.expect_download() as download:
        page.locator("#chart-agencies").get_by_role("link", name="下载 CSV").click()
    assert Path(download.value.path()).read_bytes().startswith("\ufeff第三方评价机构,条目数".encode())

    page.get_by_label("类别", exact=True).select_option(ListKind.PARK)
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("已发布名单共 224 条")).to_be_visible()
    expect(page.locator("#stats-map")).to_have_attribute("data-rendered", "1", timeout=15_000)
    shot("stats-parks")
    assert outside == []
