"""Benchmark (not a pass/fail test): the public list with 30,000 published entries — page 1, a deep
page (200, OFFSET 9,950), a name search, a sorted filter, and the Excel export of a filtered view.
Run: GREENLIST_BENCH=1 .venv/bin/pytest tests/perf/test_bench_public_list_export.py -s
(with DATABASE_URL=postgres://… for PostgreSQL). It prints numbers; it asserts no timings."""
import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from greenlist.models import Authority, Industry
from reviews.publication.models import ListEntry

pytestmark = [
    pytest.mark.perf,
    pytest.mark.skipif(not os.environ.get("GREENLIST_BENCH"), reason="benchmark: set GREENLIST_BENCH=1"),
]
ENTRIES = 30_000
KINDS = ("factory", "park", "product", "supply_chain")


def _timed(client, url, params, runs, max_queries, assert_max_queries):
    client.get(url, params)  # warm caches
    timings, sql = [], []
    for _ in range(runs):
        cache.clear()  # the export's rate limit
        started = time.perf_counter()
        with assert_max_queries(max_queries) as captured:
            response = client.get(url, params)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.append((time.perf_counter() - started) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        assert response.status_code == 200
    return timings, body, statistics.median(sql)


@pytest.mark.django_db
def test_public_list_and_export_with_30000_entries(client, batch, settings, django_assert_max_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}}
    authorities = list(Authority.objects.all())
    industries = list(Industry.objects.filter(level="division"))
    started = time.perf_counter()
    ListEntry.objects.bulk_create(
        [ListEntry(batch=batch, kind=KINDS[i % 4], unit_name=f"基准测试单位{i:05d}有限公司",
                   uscc=f"91330100MA{i:07d}X", authority=authorities[i % len(authorities)],
                   industry=industries[i % len(industries)], agency_name="基准测试评价中心",
                   published_on=batch.created_at.date())
         for i in range(ENTRIES)],
        batch_size=2000,
    )
    print(f"\n{ENTRIES} entries created in {time.perf_counter() - started:.1f} s")
    zhejiang = Authority.objects.get(code="33")
    pages = {
        "page 1": {},
        "page 200 (offset 9950)": {"page": 200},
        "name search": {"q": "单位12345"},
        "USCC search": {"q": "91330100MA0012345X"},
        "kind + authority, sorted by name": {"kind": "factory", "authority": zhejiang.pk, "ordering": "unit_name"},
        "sorted by industry, page 100": {"ordering": "-industry", "page": 100},
    }
    for label, params in pages.items():
        timings, _body, sql = _timed(client, reverse("lists:search"), params, 10, 9, django_assert_max_num_queries)
        print(f"{label:<34} median {statistics.median(timings):7.1f} ms  max {max(timings):7.1f} ms"
              f"  (SQL {sql:6.1f} ms)")
    exports = {
        "export: one kind (7,500 rows)": {"kind": "factory"},
        "export: everything (30,000 rows)": {},
    }
    for label, params in exports.items():
        timings, body, sql = _timed(client, reverse("lists:export"), params, 2, 1, django_assert_max_num_queries)
        print(f"{label:<34} median {statistics.median(timings):7.1f} ms  max {max(timings):7.1f} ms"
              f"  ({len(body) // 1024} KB)")
