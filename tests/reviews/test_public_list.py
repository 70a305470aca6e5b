"""The published list (R-PUBLISH): the batch's Excel and PDF built in the background, the public
list's search, filters, sorting, a fixed number of queries, and its export of exactly the view."""
import datetime
import io
import re
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from greenlist.models import Authority, Industry
from reviews.publication import services
from reviews.publication import services as publication
from reviews.publication.models import ListEntry, PublicationExport
from tests import factories
from tests.reviews.test_publicity import shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "public-list-tests"}}
    cache.clear()


@pytest.fixture
def published(actors, walk, batch, eager_celery, django_capture_on_commit_callbacks):
    """A published batch of three factories (two provinces) and a supply chain, with its files."""
    jiangsu = Authority.objects.get(code="32")
    shortlisted(walk, actors, batch, {"unit_name": "浙江绿色发布甲工厂"},
                {"unit_name": "江苏绿色发布乙工厂", "authority": jiangsu}, {"unit_name": "浙江绿色发布丙工厂"},
                {"unit_name": "浙江绿色供应链管理企业", "kind": "supply_chain"})
    services.start_publicity(actor=actors["reviewer"], batch=batch,
                             starts_on=timezone.localdate() - datetime.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=actors["reviewer"], batch=batch)
    return batch


def test_publication_creates_entries_with_every_field(published, actors):
    """R-PUBLISH: kind, level, batch, authority, industry, agency; entries are immutable."""
    entries = {e.unit_name: e for e in ListEntry.objects.select_related("authority", "industry")}
    assert len(entries) == 4
    jiangsu = entries["江苏绿色发布乙工厂"]
    assert (jiangsu.kind, jiangsu.level, jiangsu.batch, jiangsu.authority.code, jiangsu.industry.code,
            jiangsu.agency_name) == ("factory", "national", published, "32", "26", actors["agency"].organisation.name)
    assert entries["浙江绿色供应链管理企业"].kind == "supply_chain"
    with pytest.raises(TypeError):
        jiangsu.save()


def test_publication_builds_the_excel_one_sheet_per_kind(published, actors):
    """R-PUBLISH: the published list as Excel: a sheet per kind, Chinese headers, readable widths."""
    xlsx = PublicationExport.objects.get(batch=published, format="xlsx")
    assert (xlsx.status, xlsx.entries, xlsx.requested_by) == ("done", 4, actors["reviewer"])
    workbook = load_workbook(xlsx.file.open("rb"))
    assert workbook.sheetnames == ["绿色工厂", "绿色供应链管理企业"]
    sheet = workbook["绿色工厂"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "名称", "统一社会信用代码", "级别", "推荐单位", "行业", "第三方评价机构", "发布日期")
    # Ordered by authority (江苏 before 浙江 in the official GB/T 2260 order), then name.
    assert [r[1] for r in rows[1:]] == ["江苏绿色发布乙工厂", "浙江绿色发布丙工厂", "浙江绿色发布甲工厂"]
    entry = ListEntry.objects.get(unit_name="江苏绿色发布乙工厂")
    assert rows[1] == (1, entry.unit_name, entry.uscc, "国家级", "江苏省", str(entry.industry),
                       actors["agency"].organisation.name,
                       datetime.datetime.combine(entry.published_on, datetime.time()))
    assert sheet.column_dimensions["B"].width >= 40 and sheet.column_dimensions["G"].width >= 30
    assert [r[1] for r in list(workbook["绿色供应链管理企业"].iter_rows(values_only=True))[1:]] == ["浙江绿色供应链管理企业"]


def test_publication_builds_the_pdf_with_chinese_text(published, tmp_path):
    """R-PUBLISH: the PDF has the Chinese text as text (fonts embedded), grouped by kind."""
    pdf = PublicationExport.objects.get(batch=published, format="pdf")
    assert pdf.status == "done"
    path = tmp_path / "list.pdf"
    path.write_bytes(pdf.file.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert f"{published.name}绿色制造名单" in text
    assert "绿色工厂（3 家）" in text and "绿色供应链管理企业（1 家）" in text
    for name in ("浙江绿色发布甲工厂", "江苏绿色发布乙工厂", "浙江绿色供应链管理企业", "统一社会信用代码", "第三方评价机构"):
        assert name in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    assert "CJK" in fonts


def test_anyone_downloads_the_published_files(client, published):
    html = client.get(reverse("lists:search")).content.decode()
    assert reverse("lists:batch_file", args=[published.pk, "xlsx"]) in html
    assert reverse("lists:batch_file", args=[published.pk, "pdf"]) in html
    response = client.get(reverse("lists:batch_file", args=[published.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("lists:batch_file", args=[published.pk, "exe"])).status_code == 404
    assert client.get(reverse("lists:batch_file", args=[published.pk + 99, "pdf"])).status_code == 404


def test_ministry_page_shows_the_files_and_polls_while_they_are_built(client, actors, published):
    client.force_login(actors["reviewer"])
    html = client.get(reverse("reviews:ministry_publicity"), {"batch": published.pk}).content.decode()
    card = html[html.index('id="publication-exports"'):]
    assert "hx-trigger" not in card[:300] and card.count("已生成") == 2 and "4 条" in card
    # Asked again without a worker: both queued, the card polls; a second click queues nothing more.
    PublicationExport.objects.all().delete()
    from greenlist.celery import app

    app.conf.task_always_eager = False
    try:
        from unittest import mock

        with mock.patch("reviews.publication.tasks.generate_publication_export.delay"):
            client.post(reverse("reviews:exports_request", args=[published.pk]))
            client.post(reverse("reviews:exports_request", args=[published.pk]))
    finally:
        app.conf.task_always_eager = True
    assert PublicationExport.objects.filter(status="pending").count() == 2
    card = client.get(reverse("reviews:exports_status", args=[published.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in card and card.count("排队中") == 2
    publication.generate(PublicationExport.objects.get(format="xlsx").pk)
    card = client.get(reverse("reviews:exports_status", args=[published.pk])).content.decode()
    assert "已生成" in card and "排队中" in card


def test_a_failed_build_is_shown_and_can_be_asked_again(client, actors, published, monkeypatch):
    PublicationExport.objects.all().delete()
    monkeypatch.setattr(publication, "render_batch_pdf", lambda *a: 1 / 0)
    publication.request_exports(actor=actors["reviewer"], batch=published)
    for export in PublicationExport.objects.all():
        publication.generate(export.pk)
    failed = PublicationExport.objects.get(format="pdf")
    assert failed.status == "failed" and "ZeroDivisionError" in failed.error
    client.force_login(actors["reviewer"])
    card = client.get(reverse("reviews:exports_status", args=[published.pk])).content.decode()
    assert "生成失败" in card and 'id="exports-request"' in card


# --- the public list ----------------------------------------------------------------------


def _bulk(batch, n, **fields):
    authority = fields.pop("authority", Authority.objects.get(code="33"))
    industry = fields.pop("industry", Industry.objects.get(code="26"))
    ListEntry.objects.bulk_create([
        ListEntry(batch=batch, kind=fields.get("kind", "factory"), unit_name=f"{fields.get('prefix', '批量工厂')}{i:04d}",
                  uscc=factories.new_uscc(), authority=authority, industry=industry,
                  published_on=timezone.localdate()) for i in range(n)])


def _rows_on_page(html):
    body = html[html.index('id="list-results"'):]
    return re.findall(r'<a href="/lists/\d+/">([^<]+)</a>', body)


def test_export_is_exactly_the_filtered_view(client, published):
    """R-PUBLISH: the export has every row the search finds (not only the page), in the page's order."""
    _bulk(published, 60, prefix="导出测试工厂")
    _bulk(published, 5, prefix="导出测试园区", kind="park")
    params = {"q": "导出测试", "kind": "factory", "ordering": "-unit_name"}
    names = []
    for number in (1, 2):
        names += _rows_on_page(client.get(reverse("lists:search"), {**params, "page": number}).content.decode())
    assert len(names) == 60 and names[0] == "导出测试工厂0059"
    html = client.get(reverse("lists:search"), params).content.decode()
    export_url = re.search(r'id="export-filtered" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(export_url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "名称", "统一社会信用代码")
    assert [r[1] for r in rows[1:]] == names
    assert {r[3] for r in rows[1:]} == {"绿色工厂"}


def test_search_filters_and_sorting(client, published):
    jiangsu = Authority.objects.get(code="32")
    html = client.get(reverse("lists:search"), {"authority": jiangsu.pk}).content.decode()
    assert _rows_on_page(html) == ["江苏绿色发布乙工厂"]
    html = client.get(reverse("lists:search"), {"year": published.year, "kind": "supply_chain"}).content.decode()
    assert _rows_on_page(html) == ["浙江绿色供应链管理企业"]
    later = factories.batch("2020-batch5", year=published.year + 1)
    html = client.get(reverse("lists:search"), {"year": later.year}).content.decode()
    assert _rows_on_page(html) == []
    html = client.get(reverse("lists:search"), {"industry": Industry.objects.get(code="26").pk,
                                                "ordering": "unit_name"}).content.decode()
    assert _rows_on_page(html) == sorted(_rows_on_page(html)) and len(_rows_on_page(html)) == 4
    html = client.get(reverse("lists:search"), {"ordering": "-authority"}).content.decode()
    assert _rows_on_page(html)[-1] == "江苏绿色发布乙工厂"  # 江苏 comes before 浙江 officially; reversed
    assert 'aria-sort="descending"' in html
    # A crafted sort parameter is ignored, not an error.
    assert client.get(reverse("lists:search"), {"ordering": "uscc;drop"}).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "批量", "kind": "factory", "ordering": "-batch"}, {"page": 3}])
def test_public_list_query_count_is_the_same_for_1_and_500_entries(client, batch, reference_data, steady_queries,
                                                                   params):
    """R-PUBLISH: a fixed number of queries per page whatever the number of entries."""
    _bulk(batch, 1)
    expected = 8  # an out-of-range page falls back to the last one
    html = steady_queries(reverse("lists:search"), expected, **params)
    assert len(_rows_on_page(html)) == 1
    _bulk(batch, 499)
    html = steady_queries(reverse("lists:search"), expected, **params)
    assert len(_rows_on_page(html)) == 50
    assert "共 500 条" in html


def test_export_runs_a_fixed_number_of_queries(client, batch, reference_data, django_assert_num_queries):
    _bulk(batch, 3)
    client.get(reverse("lists:export"))
    with django_assert_num_queries(1):  # the rows (no session, no drop-down choices for an export)
        first = client.get(reverse("lists:export"), {"kind": "factory"})
        b"".join(first.streaming_content)
    _bulk(batch, 300)
    with django_assert_num_queries(1):
        response = client.get(reverse("lists:export"), {"kind": "factory"})
        data = b"".join(response.streaming_content)
    assert load_workbook(io.BytesIO(data)).active.max_row == 304


def test_export_is_rate_limited(client, settings, batch, reference_data):
    settings.LIST_EXPORT_RATE = "2/m"
    _bulk(batch, 1)
    assert client.get(reverse("lists:export")).status_code == 200
    assert client.get(reverse("lists:export")).status_code == 200
    response = client.get(reverse("lists:export"))
    assert response.status_code == 429 and "导出过于频繁" in response.content.decode()


def test_a_list_file_the_broker_never_got_is_handed_over_again(actors, walk, batch, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    """R-PUBLISH: with the broker down the files stay pending and say so; asking again once it is
    back sends the same rows (no second pair), as the page's 重新生成 promises."""
    from kombu.exceptions import OperationalError

    from reviews.publication import tasks

    def no_broker(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    shortlisted(walk, actors, batch, {"unit_name": "浙江补发文件工厂"})
    services.start_publicity(actor=actors["reviewer"], batch=batch,
                             starts_on=timezone.localdate() - datetime.timedelta(days=30))
    monkeypatch.setattr(tasks.generate_publication_export, "delay", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(actor=actors["reviewer"], batch=batch)
    pending = list(PublicationExport.objects.filter(batch=batch))
    assert len(pending) == 2 and all(e.not_queued for e in pending)

    sent = []
    monkeypatch.setattr(tasks.generate_publication_export, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        publication.request_exports(actor=actors["reviewer"], batch=batch)
    assert sorted(sent) == sorted(e.pk for e in pending)
    assert PublicationExport.objects.filter(batch=batch).count() == 2
    assert not any(e.not_queued for e in PublicationExport.objects.filter(batch=batch))
