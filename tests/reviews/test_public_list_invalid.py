"""An invalid condition on the public list (a crafted year, kind or batch) is reported plainly,
never dropped silently nor answered with an error page (R-PUBLISH)."""
import pytest
from django.urls import reverse

from reviews.publication.models import ListEntry
from tests.reviews.test_public_list import _rows_on_page
from tests.reviews.test_public_list_products import _fresh_rate_limits, mixed  # noqa: F401, F811

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("params, field", [
    ({"year": "abc"}, "年度"), ({"kind": "xyz"}, "类别"), ({"batch": "999999"}, "批次"),
    ({"batch": "abc", "q": "电视机"}, "批次"), ({"authority": "-1"}, "推荐单位"), ({"industry": "1.5"}, "行业"),
])
def test_an_invalid_condition_is_reported_with_no_results(client, mixed, params, field):  # noqa: F811
    """An invalid filter is not ignored: a 400 page names the field and its error, keeps what was
    typed, and lists no entry rather than the whole list a citizen would take for the answer."""
    response = client.get(reverse("lists:search"), params)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="filter-errors"' in html and "查询条件有误，未显示查询结果" in html
    assert f"<li>{field}：选择一个有效的选项" in html
    assert 'id="list-results"' not in html and 'href="/lists/' + str(ListEntry.objects.first().pk) not in html
    assert 'id="export-filtered"' not in html and 'id="result-count"' not in html
    assert 'aria-invalid="true"' in html and "-errors" in html
    for value in params.values():
        assert f'value="{value}"' in html or value in html  # what was entered stays in the form
    # The export of the same conditions leads back to this page, not to a file of everything.
    export = client.get(reverse("lists:export"), params)
    assert export.status_code == 302 and export["Location"].startswith(reverse("lists:search"))


def test_valid_conditions_and_a_crafted_sort_show_results(client, mixed):  # noqa: F811
    """A crafted sort order changes no row: the list shows in its default order (as before)."""
    response = client.get(reverse("lists:search"), {"kind": "product", "year": mixed.year})
    assert response.status_code == 200 and len(_rows_on_page(response.content.decode())) == 2
    response = client.get(reverse("lists:search"), {"kind": "product", "ordering": "uscc;drop"})
    html = response.content.decode()
    assert response.status_code == 200 and len(_rows_on_page(html)) == 2 and 'id="filter-errors"' not in html
