"""Benchmark (not a pass/fail test): the public list page with 20,000 published entries.
Run: GREENLIST_BENCH=1 .venv/bin/pytest tests/perf -s   (numbers go in the issue note)."""
import os
import statistics
import time

import pytest
from django.urls import reverse

from greenlist.models import Authority, Industry
from reviews.publication.models import ListEntry

pytestmark = [
    pytest.mark.perf,
    pytest.mark.skipif(not os.environ.get("GREENLIST_BENCH"), reason="benchmark: set GREENLIST_BENCH=1"),
]
ENTRIES = 20_000


@pytest.mark.django_db
def test_public_list_with_20000_entries(client, batch, django_assert_max_num_queries):
    authorities = list(Authority.objects.all())
    industries = list(Industry.objects.filter(level="division"))
    ListEntry.objects.bulk_create(
        [ListEntry(batch=batch, kind=("factory", "park", "product", "supply_chain")[i % 4],
                   unit_name=f"基准测试单位{i:05d}有限公司", authority=authorities[i % len(authorities)],
                   industry=industries[i % len(industries)], published_on=batch.created_at.date())
         for i in range(ENTRIES)],
        batch_size=2000,
    )
    cases = {
        "first page": {},
        "page 200": {"page": 200},
        "name search": {"q": "单位12345"},
        "kind + authority filter": {"kind": "factory", "authority": authorities[10].pk},
    }
    for label, params in cases.items():
        client.get(reverse("lists:search"), params)  # warm caches
        timings = []
        for _ in range(10):
            started = time.perf_counter()
            with django_assert_max_num_queries(9):  # +1 when a filter value is validated
                response = client.get(reverse("lists:search"), params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, label
        print(f"\n{label:<26} median {statistics.median(timings):6.1f} ms  max {max(timings):6.1f} ms")
