"""The ministry's overview (/reviews/ministry/): each of its three lists shows its first few rows,
the count of all and a link to the full page, in a fixed number of queries."""
import re

import pytest
from django.urls import reverse

from applications import workflow
from reviews.publication import services
from reviews.publication.views import OVERVIEW_ROWS
from tests.conftest import submit_recommendation

pytestmark = pytest.mark.django_db


def _lists(actors, walk, batch, *, recommended=0, shortlisted=0, in_publicity=0):
    declarations = [walk(batch, until="recommended") for _ in range(recommended + shortlisted + in_publicity)]
    submit_recommendation(actors["province"], batch, declarations[0].authority)
    for decl in declarations[recommended:recommended + in_publicity]:
        workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
    if in_publicity:
        services.start_publicity(actor=actors["reviewer"], batch=batch)
    for decl in declarations[recommended + in_publicity:]:
        workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")


def _count(html, name) -> int:
    return int(re.search(rf'id="{name}-count">(\d+)<', html).group(1))


def test_a_long_list_shows_a_few_rows_its_count_and_a_link_to_all(client, actors, walk, batch):
    _lists(actors, walk, batch, recommended=OVERVIEW_ROWS + 1, shortlisted=1)
    client.force_login(actors["reviewer"])
    html = client.get(reverse("reviews:ministry")).content.decode()
    assert _count(html, "recommended") == OVERVIEW_ROWS + 1
    assert len(re.findall(r"/reviews/ministry/review/\d+/", html)) == OVERVIEW_ROWS
    assert f'id="recommended-all" href="{reverse("reviews:ministry_review")}?batch={batch.pk}"' in html
    assert _count(html, "shortlisted") == 1 and 'id="shortlisted-all"' in html
    assert _count(html, "in-publicity") == 0 and 'id="in-publicity-all"' not in html


@pytest.mark.parametrize("rows", [1, 3])
def test_ministry_overview_queries_are_fixed(client, actors, walk, batch, rows, steady_queries):
    _lists(actors, walk, batch, recommended=rows, shortlisted=rows, in_publicity=rows)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:ministry"), 10)
    assert (_count(html, "recommended"), _count(html, "shortlisted"), _count(html, "in-publicity")) == (rows,) * 3
