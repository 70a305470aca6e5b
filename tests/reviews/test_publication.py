"""Province → ministry → publicity → publication → public list (skeleton depth)."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.models import Declaration
from greenlist.models import Authority
from reviews.publication import services
from reviews.publication.models import ListEntry, Objection, Publicity
from tests.conftest import submit_recommendation

pytestmark = pytest.mark.django_db


def test_publication_waits_for_the_end_of_publicity(actors, walk, batch):
    """R-PUBLICITY: the list cannot be published during the publicity days."""
    decl = walk(batch, until="shortlisted")
    services.start_publicity(actor=actors["reviewer"], batch=batch)
    publicity = Publicity.objects.get(batch=batch)
    assert (publicity.ends_on - publicity.starts_on).days == batch.publicity_days - 1
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.publish(actor=actors["reviewer"], batch=batch)
    assert "公示期满后才能发布" in refused.value.message
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"
    assert not ListEntry.objects.exists()


def test_open_objection_blocks_publication(actors, walk, batch):
    """R-PUBLICITY: an unresolved objection blocks publication, all or nothing."""
    decl = walk(batch, until="in_publicity")
    # Shortlisted after publicity started: not published. (Another authority: 浙江 has submitted.)
    other = walk(batch, until="shortlisted", authority=Authority.objects.get(code="32"))
    Objection.objects.create(publicity=Publicity.objects.get(batch=batch), declaration=decl,
                             name="张某", contact="13800000000", grounds="数据不实")
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.publish(actor=actors["reviewer"], batch=batch)
    assert f"“{decl.unit_name}”有尚未处理的异议" in refused.value.message
    assert not ListEntry.objects.exists()
    assert Declaration.objects.get(pk=other.pk).status == "shortlisted"


def test_publish_creates_immutable_entries_with_the_agency(actors, walk, batch):
    """R-PUBLISH: one entry per unit with kind, level, batch, authority, industry, agency."""
    decl = walk(batch, until="in_publicity")
    entries = services.publish(actor=actors["reviewer"], batch=batch)
    entry = ListEntry.objects.get()
    assert entries == [entry]
    assert (entry.unit_name, entry.kind, entry.level, entry.batch, entry.authority.code, entry.industry.code,
            entry.agency_name, entry.uscc) == (decl.unit_name, "factory", "national", batch, "33", "26",
                                               actors["agency"].organisation.name, decl.uscc)
    assert Declaration.objects.get(pk=decl.pk).status == "published"
    entry.unit_name = "改名"
    with pytest.raises(TypeError):
        entry.save()


def test_only_ministry_reviewers_run_publicity_and_publication(client, actors, walk, batch):
    walk(batch, until="shortlisted")
    for who in ("province", "applicant", "admin"):
        client.force_login(actors[who])
        response = client.post(reverse("reviews:start_publicity", args=[batch.pk]))
        assert response.status_code == 403, who
        assert "须由工业和信息化部审核人员办理" in response.content.decode()
    assert not Publicity.objects.exists()


def test_province_page_shows_only_its_region(client, actors, walk, batch):
    walk(batch, until="evaluated", unit_name="浙江待推荐工厂")
    walk(batch, until="evaluated", unit_name="江苏待推荐工厂", authority=Authority.objects.get(code="32"))
    client.force_login(actors["province"])
    html = client.get(reverse("reviews:province")).content.decode()
    assert "浙江待推荐工厂" in html and "江苏待推荐工厂" not in html
    client.force_login(actors["other_province"])
    html = client.get(reverse("reviews:province")).content.decode()
    assert "江苏待推荐工厂" in html and "浙江待推荐工厂" not in html


def test_recommend_over_http_sets_rank_and_refuses_over_quota(client, actors, walk, batch):
    """R-RANK / R-QUOTA over HTTP: the refusal is a 403 page with the reason."""
    from greenlist.models import BatchQuota

    BatchQuota.objects.filter(batch=batch, kind="factory").update(limit=1)
    first, second = walk(batch, until="evaluated"), walk(batch, until="evaluated")
    client.force_login(actors["province"])
    client.post(reverse("reviews:recommend", args=[first.pk]), {"rank": "1"})
    assert Declaration.objects.get(pk=first.pk).recommendation.rank == 1
    response = client.post(reverse("reviews:recommend", args=[second.pk]), {"rank": "2"})
    assert response.status_code == 403
    assert "推荐名额为 1 个，已用完" in response.content.decode()
    assert Declaration.objects.get(pk=second.pk).status == "evaluated"


def _published(walk, actors, batch, n):
    declarations = [walk(batch, until="recommended") for _ in range(n)]
    submit_recommendation(actors["province"], batch, declarations[0].authority)
    for decl in declarations:
        workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
    services.start_publicity(actor=actors["reviewer"], batch=batch,
                             starts_on=timezone.localdate() - datetime.timedelta(days=30))
    return services.publish(actor=actors["reviewer"], batch=batch)


def test_public_list_search_and_filter(client, actors, walk, batch):
    entries = _published(walk, actors, batch, 2)
    html = client.get(reverse("lists:search"), {"q": entries[0].unit_name}).content.decode()
    assert entries[0].unit_name in html and entries[1].unit_name not in html
    html = client.get(reverse("lists:search"), {"q": entries[1].uscc.lower()}).content.decode()
    assert entries[1].unit_name in html and entries[0].unit_name not in html
    html = client.get(reverse("lists:search"), {"kind": "park"}).content.decode()
    assert "没有符合条件的名单条目" in html
    detail = client.get(reverse("lists:detail", args=[entries[0].pk])).content.decode()
    assert entries[0].unit_name in detail and "浙江省" in detail


def test_public_list_query_count_is_the_same_for_1_and_many(client, actors, walk, batch, steady_queries):
    """R-PUBLISH: a fixed number of queries per page, whatever the number of entries."""
    _published(walk, actors, batch, 1)
    html = steady_queries(reverse("lists:search"), PUBLIC_LIST_QUERIES)
    assert len(re.findall(r'href="/lists/\d+/"', html)) == 1
    source = ListEntry.objects.get()
    ListEntry.objects.bulk_create([
        ListEntry(batch=batch, kind="factory", unit_name=f"批量工厂{i}", authority=source.authority,
                  industry=source.industry, published_on=source.published_on) for i in range(120)
    ])
    html = steady_queries(reverse("lists:search"), PUBLIC_LIST_QUERIES)
    assert len(re.findall(r'href="/lists/\d+/"', html)) == 50
    assert "共 121 条" in html


PUBLIC_LIST_QUERIES = 8  # count, the page's keys, its rows, the four filter drop-downs, the batch files


@pytest.mark.parametrize("rows", [1, 3])
def test_province_page_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        walk(batch, until="evaluated")
        walk(batch, until="recommended")
    client.force_login(actors["province"])
    html = steady_queries(reverse("reviews:province"), 12)
    assert html.count("gl-status-evaluated") == rows and html.count("gl-status-recommended") == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_ministry_page_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        walk(batch, until="recommended")
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:ministry"), 10)
    assert len(re.findall(r"/reviews/ministry/review/\d+/", html)) == rows  # each row's expert review page


def test_crafted_publish_post_during_publicity_is_refused(client, actors, walk, batch):
    """R-PUBLICITY: the page hides the button; a POST anyway gets the reason and changes nothing."""
    decl = walk(batch, until="shortlisted")
    services.start_publicity(actor=actors["reviewer"], batch=batch)
    client.force_login(actors["reviewer"])
    page = client.get(reverse("reviews:ministry_publicity")).content.decode()
    assert 'id="publish-wait"' in page and "/publish/" not in page
    assert "公示期满后才能发布" in page
    response = client.post(reverse("reviews:publish", args=[batch.pk]), follow=True)
    assert "公示期满后才能发布" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"
    assert not ListEntry.objects.exists()
