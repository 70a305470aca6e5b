"""The dashboard's panels of what waits for each role: dynamic tables to file (R-DYN-1), tables
to review, rechecks due (R-RECHECK), the authority's recommendation status (R-RANK), open
objections (R-PUBLICITY), spot checks without a result (R-SPOT), recommendations to decide."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services as applications
from greenlist.models import Authority, ListKind
from greenlist.portal import dashboards
from reviews.publication.models import ListEntry, Objection, Publicity
from reviews.recommendation.models import AuthorityRecommendation
from reviews.supervision.models import DynamicTable, Recheck, SpotCheck, SpotCheckDraw
from reviews.supervision.policy import deadline_for
from reviews.supervision.services.dynamic import open_round
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# Listed long enough ago to owe the table of any year being filed this season.
LISTED_ON = datetime.date(TODAY.year - 2, 1, 1)


@pytest.fixture(autouse=True)
def _year(reference_data):
    global YEAR  # the year being filed today; its deadline comes from the policy (a query)
    YEAR = open_round(TODAY)


def listed(actor, batch, *, authority="33", **fields) -> ListEntry:
    values = factories.declaration_values(authority=Authority.objects.get(code=authority), **fields)
    decl = applications.create_declaration(actor=actor, batch=batch, **values)
    return ListEntry.objects.create(batch=batch, kind=ListKind.FACTORY, unit_name=decl.unit_name, uscc=decl.uscc,
                                    authority=decl.authority, industry=decl.industry, declaration=decl,
                                    published_on=LISTED_ON)


def table(entry, status=DynamicTable.Status.DRAFT, **fields) -> DynamicTable:
    filed = {} if status == DynamicTable.Status.DRAFT else {"filed_at": timezone.now()}
    return DynamicTable.objects.create(entry=entry, year=YEAR, deadline=deadline_for(YEAR), status=status,
                                       **filed, **fields)


def panel(html, key) -> str:
    match = re.search(rf'id="panel-{key}">(.*?)</div>\s*</div>\s*</div>', html, re.S)
    assert match, key
    return match.group(1)


def count(section) -> int:
    return int(re.search(r"data-count>(\d+)<", section).group(1))


# --- the applicant ------------------------------------------------------------------------

def test_applicant_sees_the_tables_it_must_file_with_the_deadline(client, actors, batch):
    """R-DYN-1: each listed unit whose table of the year being filed is not filed yet: a draft
    or nothing; with the deadline and a link to the form. Filed ones and other units' are not."""
    applicant = actors["applicant"]
    drafting = listed(applicant, batch, unit_name="草稿中工厂")
    table(drafting)
    untouched = listed(applicant, batch, unit_name="未填报工厂")
    table(listed(applicant, batch, unit_name="已报送工厂"), status=DynamicTable.Status.FILED)
    listed(actors["other_applicant"], batch, unit_name="别家工厂")
    client.force_login(applicant)
    section = panel(client.get(reverse("dashboard")).content.decode(), "dynamic-due")
    assert count(section) == 2
    assert "草稿中工厂" in section and "未填报工厂" in section
    assert "已报送工厂" not in section and "别家工厂" not in section
    assert f"{YEAR} 年度动态管理表" in section and "草稿" in section and "未填报" in section
    assert "报送截止" in section and "剩余" in section
    assert reverse("reviews:dynamic_form", args=[untouched.pk, YEAR]) in section
    assert reverse("reviews:dynamic_units") in section and "全部 →" in section


def test_a_panel_shows_a_few_rows_and_counts_all(client, actors, batch):
    for n in range(dashboards.PANEL_ROWS + 2):
        listed(actors["applicant"], batch, unit_name=f"在册工厂{n:02d}")
    client.force_login(actors["applicant"])
    section = panel(client.get(reverse("dashboard")).content.decode(), "dynamic-due")
    assert count(section) == dashboards.PANEL_ROWS + 2
    assert section.count("/reviews/dynamic/") - 1 == dashboards.PANEL_ROWS  # rows + the "全部" link


# --- the provincial official --------------------------------------------------------------

def test_province_sees_tables_to_review_rechecks_due_and_its_recommendation_status(client, actors, batch):
    """R-DYN-1 / R-RECHECK / R-RANK: only its own region; the batch shows the deadline and days left
    until the authority submits."""
    mine = listed(actors["applicant"], batch, unit_name="浙江待审工厂")
    table(mine, status=DynamicTable.Status.FILED, late=True)
    table(listed(actors["applicant"], batch, unit_name="浙江已审工厂"), status=DynamicTable.Status.ACCEPTED)
    theirs = listed(actors["other_applicant"], batch, unit_name="江苏待审工厂", authority="32")
    table(theirs, status=DynamicTable.Status.FILED)
    recheck = Recheck.objects.create(entry=mine, cycle=1, due_on=TODAY)
    Recheck.objects.create(entry=theirs, cycle=1, due_on=TODAY)
    Recheck.objects.create(entry=listed(actors["applicant"], batch, unit_name="已复核工厂"), cycle=1, due_on=TODAY,
                           status=Recheck.Status.PASSED)
    client.force_login(actors["province"])
    html = client.get(reverse("dashboard")).content.decode()

    tables = panel(html, "dynamic-review")
    assert count(tables) == 1 and "浙江待审工厂" in tables and "逾期报送" in tables
    assert "浙江已审工厂" not in tables and "江苏待审工厂" not in tables
    assert reverse("reviews:dynamic_table", args=[mine.dynamic_tables.get().pk]) in tables

    rechecks = panel(html, "rechecks")
    assert count(rechecks) == 1 and "浙江待审工厂" in rechecks and "第 1 轮" in rechecks
    assert "江苏待审工厂" not in rechecks and "已复核工厂" not in rechecks
    assert reverse("reviews:recheck_record", args=[recheck.pk]) in rechecks

    status = panel(html, "ranking")
    assert count(status) == 1 and batch.name in status and "未报送" in status and "剩余 30 天" in status
    assert f"{reverse('reviews:province')}?batch={batch.pk}" in status

    AuthorityRecommendation.objects.create(batch=batch, authority=actors["province"].organisation.authority,
                                           submitted_at=timezone.now(), submitted_by=actors["province"])
    status = panel(client.get(reverse("dashboard")).content.decode(), "ranking")
    assert count(status) == 0 and "已报送" in status and "未报送" not in status


def test_a_passed_recommendation_deadline_shows_as_missed(client, actors, batch):
    batch.recommendation_deadline = TODAY - datetime.timedelta(days=2)
    batch.save()
    client.force_login(actors["province"])
    status = panel(client.get(reverse("dashboard")).content.decode(), "ranking")
    assert "已截止，未报送" in status and "已逾期 2 天" in status


# --- the ministry reviewer ----------------------------------------------------------------

def _objection(actors, batch, decl):
    publicity = Publicity.objects.create(batch=batch, starts_on=TODAY, ends_on=TODAY, started_by=actors["reviewer"])
    return Objection.objects.create(publicity=publicity, declaration=decl, name="李明", contact="13800138000",
                                    grounds="数据不实")


def _spot_check(actors, entry):
    draw = SpotCheckDraw.objects.create(seed=1, size=1, eligible_count=1, drawn_by=actors["reviewer"], drawn_on=TODAY)
    return SpotCheck.objects.create(draw=draw, entry=entry)


def test_reviewer_sees_open_objections_pending_spot_checks_and_recommendations(client, actors, walk, batch):
    """R-PUBLICITY / R-SPOT / R-REVIEW-1: what the ministry must still act on, each linked to its page."""
    recommended = walk(batch, until="recommended", unit_name="待决定工厂")
    entry = listed(actors["applicant"], batch, unit_name="被抽查工厂")
    objection = _objection(actors, batch, entry.declaration)
    closed = _objection(actors, batch, listed(actors["applicant"], batch, unit_name="异议已处理工厂").declaration)
    Objection.objects.filter(pk=closed.pk).update(status=Objection.Status.DISMISSED)
    check = _spot_check(actors, entry)
    done = _spot_check(actors, listed(actors["applicant"], batch, unit_name="已检查工厂"))
    SpotCheck.objects.filter(pk=done.pk).update(result=SpotCheck.Result.CLEAN)
    client.force_login(actors["reviewer"])
    html = client.get(reverse("dashboard")).content.decode()

    objections = panel(html, "objections")
    assert count(objections) == 1 and "被抽查工厂" in objections and "异议已处理工厂" not in objections
    assert reverse("reviews:objection", args=[objection.pk]) in objections
    assert f"{reverse('reviews:objections')}?status=open" in objections

    checks = panel(html, "spot-checks")
    assert count(checks) == 1 and "被抽查工厂" in checks and "已检查工厂" not in checks
    assert reverse("reviews:spot_check_draw", args=[check.draw_id]) in checks
    assert "待决定工厂" in html and reverse("reviews:ministry_review_detail", args=[recommended.pk]) in html


# --- a fixed number of queries ------------------------------------------------------------

QUERIES = {"applicant": 12, "province": 13, "reviewer": 9}


@pytest.mark.parametrize("rows", [1, 3])
def test_applicant_dashboard_queries(client, actors, batch, steady_queries, rows):
    for n in range(rows):
        entry = listed(actors["applicant"], batch, unit_name=f"在册工厂{n}")
        table(entry)
    client.force_login(actors["applicant"])
    html = steady_queries(reverse("dashboard"), QUERIES["applicant"])
    assert count(panel(html, "dynamic-due")) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_province_dashboard_queries(client, actors, walk, batch, steady_queries, rows):
    for n in range(rows):
        walk(batch, until="submitted")
        entry = listed(actors["applicant"], batch, unit_name=f"在册工厂{n}")
        table(entry, status=DynamicTable.Status.FILED)
        Recheck.objects.create(entry=entry, cycle=1, due_on=TODAY)
        factories.batch()
    client.force_login(actors["province"])
    html = steady_queries(reverse("dashboard"), QUERIES["province"])
    assert count(panel(html, "dynamic-review")) == rows and count(panel(html, "rechecks")) == rows
    assert count(panel(html, "ranking")) == rows + 1


@pytest.mark.parametrize("rows", [1, 3])
def test_reviewer_dashboard_queries(client, actors, batch, steady_queries, rows):
    for n in range(rows):
        entry = listed(actors["applicant"], batch, unit_name=f"在册工厂{n}")
        _objection(actors, batch, entry.declaration)
        _spot_check(actors, entry)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("dashboard"), QUERIES["reviewer"])
    assert count(panel(html, "objections")) == rows and count(panel(html, "spot-checks")) == rows
