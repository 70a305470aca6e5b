"""The public list finds products by name and model and shows them; its export and the batch files
carry the product columns (R-PUBLISH)."""
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from greenlist.models import Authority
from reviews.publication import files as publication_files
from reviews.publication import selectors as publication_selectors
from reviews.publication.models import ListEntry
from tests.reviews.test_public_list import _bulk, _fresh_rate_limits, _rows_on_page  # noqa: F401

pytestmark = pytest.mark.django_db


def _products(batch, n=1):
    authority = Authority.objects.get(code="37")
    ListEntry.objects.bulk_create([
        ListEntry(batch=batch, kind="product", unit_name=f"海信视像科技股份有限公司{i:03d}", authority=authority,
                  product_name="液晶电视机", product_model=f"65E7K-{i:03d}", product_category="电视机",
                  product_standard="《绿色设计产品评价技术规范 电视机》(T/CESA 1026-2018)",
                  published_on=timezone.localdate()) for i in range(n)])


@pytest.fixture
def mixed(batch, reference_data):
    _bulk(batch, 2, prefix="电视机壳绿色工厂")  # a factory whose name has the word too
    _bulk(batch, 3, prefix="钢铁绿色工厂")
    _products(batch, 2)
    return batch


def test_search_finds_products_by_name_and_by_model(client, mixed):
    """R-PUBLISH: 电视机 finds the products (and the factory named so); a model number finds its product."""
    html = client.get(reverse("lists:search"), {"q": "电视机"}).content.decode()
    assert sorted(_rows_on_page(html)) == ["海信视像科技股份有限公司000", "海信视像科技股份有限公司001",
                                           "电视机壳绿色工厂0000", "电视机壳绿色工厂0001"]
    html = client.get(reverse("lists:search"), {"q": " 65e7k-001 "}).content.decode()
    assert _rows_on_page(html) == ["海信视像科技股份有限公司001"]
    # The row shows the product under its maker; a factory row shows none.
    assert 'class="small text-secondary gl-product">液晶电视机<span class="ms-1">型号：65E7K-001</span>' in html
    html = client.get(reverse("lists:search"), {"q": "钢铁"}).content.decode()
    assert len(_rows_on_page(html)) == 3 and "gl-product" not in html


def test_query_count_is_the_same_for_1_and_500_products(client, batch, reference_data, steady_queries):
    """R-PUBLISH: searching products costs the same fixed number of queries as any list page."""
    _products(batch, 1)
    html = steady_queries(reverse("lists:search"), 8, q="电视机")
    assert len(_rows_on_page(html)) == 1
    ListEntry.objects.filter(kind="product").delete()
    _products(batch, 500)
    html = steady_queries(reverse("lists:search"), 8, q="电视机")
    assert len(_rows_on_page(html)) == 50 and "共 500 条" in html


def test_export_carries_product_name_model_and_standard(client, mixed):
    response = client.get(reverse("lists:export"), {"q": "电视机", "ordering": "unit_name"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:8] == ("序号", "名称", "统一社会信用代码", "类别", "级别", "产品名称", "产品型号", "适用评价标准")
    product = next(r for r in rows if r[1] == "海信视像科技股份有限公司001")
    assert product[3:8] == ("绿色设计产品", "国家级", "液晶电视机", "65E7K-001",
                            "《绿色设计产品评价技术规范 电视机》(T/CESA 1026-2018)")
    factory = next(r for r in rows if r[1] == "电视机壳绿色工厂0000")
    assert factory[5:8] == (None, None, None)


def test_batch_files_have_product_columns_on_the_products_sheet_only(mixed, tmp_path):
    """R-PUBLISH: the products' sheet and the products' part of the PDF name each product."""
    entries = list(publication_selectors.published_entries(mixed))
    out = io.BytesIO()
    publication_files.write_batch_workbook(mixed, entries, out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames == ["绿色工厂", "绿色设计产品"]
    assert "产品名称" not in next(workbook["绿色工厂"].iter_rows(values_only=True))
    products = list(workbook["绿色设计产品"].iter_rows(values_only=True))
    assert products[0][:7] == ("序号", "名称", "统一社会信用代码", "级别", "产品名称", "产品型号", "适用评价标准")
    assert products[2][1:7] == ("海信视像科技股份有限公司001", None, "国家级", "液晶电视机", "65E7K-001",
                                "《绿色设计产品评价技术规范 电视机》(T/CESA 1026-2018)")
    path = tmp_path / "list.pdf"
    path.write_bytes(publication_files.render_batch_pdf(mixed, entries))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "绿色设计产品（2 家）" in text and "65E7K-001" in text and "液晶电视机" in text
    assert "产品型号" in text and "统一社会信用代码" in text  # the factories keep their columns
