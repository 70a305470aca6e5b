"""Dynamic-management tables (R-DYN-1): filing, freezing, lateness, the authority's review, the
overdue flag, and the reminders before the deadline. "Today" is passed to the services."""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services as applications
from greenlist.models import Authority, HistoryEntry, ListKind, Notification
from reviews.publication.models import ListEntry
from reviews.supervision.models import DynamicTable, OverdueFlag
from reviews.supervision.policy import deadline_for, policy_batch
from reviews.supervision.services import dynamic as dyn
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def listed(actor, batch, *, published_on=None, kind=ListKind.FACTORY, authority="33", **fields) -> ListEntry:
    """A unit on the list with its declaration (the part of it dynamic management reads). Walking
    every unit through publication would only slow these tests; tests/reviews/test_publication.py
    covers that path, and one test here files for an entry made by the real publish()."""
    values = factories.declaration_values(kind=kind, authority=Authority.objects.get(code=authority), **fields)
    decl = applications.create_declaration(actor=actor, batch=batch, **values)
    return ListEntry.objects.create(
        batch=batch, kind=kind, unit_name=decl.unit_name, uscc=decl.uscc, authority=decl.authority,
        industry=decl.industry, declaration=decl, published_on=published_on or timezone.localdate())


IMPORTED_ON = D(2019, 1, 1)


def imported(batch, *, published_on=IMPORTED_ON, **fields) -> ListEntry:
    """An entry from the historical lists: no declaration, no account on the portal."""
    values = {"kind": ListKind.FACTORY, "unit_name": f"历史导入工厂{factories.new_uscc()}",
              "authority": Authority.objects.get(code="33"), "published_on": published_on, **fields}
    return ListEntry.objects.create(batch=batch, **values)


def complete(entry, year, **overrides) -> dict:
    """A complete table's data for the service: no changes, every item "no", every indicator."""
    from reviews.supervision.policy import KEY_INDICATORS

    data = {
        "score": Decimal("86.5"),
        "negative": {i.code: {"answer": "no", "explanation": ""} for i in dyn.negative_items(year)},
        "indicators": {i.code: Decimal("12.5") for i in KEY_INDICATORS[entry.kind]},
    }
    data.update(overrides)
    return data


def form_post(entry, year, action="file", **overrides) -> dict:
    """The same complete table as the form posts it."""
    from reviews.supervision.policy import KEY_INDICATORS

    data = {"action": action, "score": "86.5", "confirm": "on"}
    for item in dyn.negative_items(year):
        data[f"neg_{item.code}"] = "no"
    for ind in KEY_INDICATORS[entry.kind]:
        data[f"ind_{ind.code}"] = "12.5"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- policy -------------------------------------------------------------------------------

def test_deadline_comes_from_the_policy_of_the_reported_year(reference_data):
    """R-DYN-1 (policy): the latest batch of the year or before sets the date; 15 April without any."""
    assert deadline_for(2023) == D(2024, 4, 15)  # no batch at all: the default
    factories.batch("2020-batch5", year=2020, dynamic_table_month=3, dynamic_table_day=31)
    later = factories.batch("2024-measures", year=2024)
    assert deadline_for(2023) == D(2024, 3, 31)  # the 2020 batch's policy still governs 2023
    assert policy_batch(2025) == later and deadline_for(2025) == D(2026, 4, 15)
    assert [i.code for i in dyn.negative_items(2023)][0] == "safety_quality_accident"  # 2016 wording
    assert [i.code for i in dyn.negative_items(2024)][0] == "not_operating"  # 2024 art.15 wording


# --- the unit files -----------------------------------------------------------------------

def test_unit_files_its_table_through_the_page_and_it_freezes(client, actors, walk, batch):
    """R-DYN-1: a member of the listed unit's organisation saves a draft, files, and cannot change it."""
    from reviews.publication import services as reviews

    decl = walk(batch, until="in_publicity")
    entry = reviews.publish(actor=actors["reviewer"], batch=batch)[0]
    year = entry.published_on.year  # this year's table, due next spring: on time whatever today is
    url = reverse("reviews:dynamic_form", args=[entry.pk, year])
    client.force_login(actors["applicant"])
    assert f'href="{url}"' in client.get(reverse("reviews:dynamic_units")).content.decode()

    response = client.post(url, {"action": "save", "score": "80", "name_changed": "on", "new_name": "新名称有限公司",
                                 "name_note": "2026年6月更名"})
    assert response.status_code == 302
    table = DynamicTable.objects.get(entry=entry, year=year)
    assert (table.status, table.new_name, table.score) == ("draft", "新名称有限公司", Decimal("80"))

    response = client.post(url, form_post(entry, year, name_changed="on", new_name="新名称有限公司",
                                          name_note="2026年6月更名"), follow=True)
    html = response.content.decode()
    assert "年度动态管理表已报送" in html and "新名称有限公司" in html and "逾期报送" not in html
    table.refresh_from_db()
    assert table.status == "filed" and not table.late and table.filed_by == actors["applicant"]
    assert table.deadline == D(year + 1, 4, 15)
    assert table.frozen["negative"][0]["wording"] == "较大及以上安全、质量事故"
    assert [h.action for h in HistoryEntry.objects.for_object(table)] == ["save_dynamic_table", "file_dynamic_table"]
    assert decl.unit_name in html

    # Frozen: the form redirects to the filed table, and the service refuses.
    assert client.get(url).url == table.get_absolute_url()
    with pytest.raises(ValidationError, match="已报送，不能再修改"):
        dyn.save_table(actor=actors["applicant"], entry=entry, year=year, data={"score": Decimal("99")})
    table.refresh_from_db()
    assert table.score == Decimal("86.5")


def test_filing_an_incomplete_table_saves_nothing_and_keeps_the_input(client, actors, batch):
    """R-DYN-1: every item answered, every indicator given; a "yes" explained; else nothing saved."""
    entry = listed(actors["applicant"], batch)
    year = entry.published_on.year
    client.force_login(actors["applicant"])
    data = form_post(entry, year, ind_water_per_output=None, neg_dishonest_debtor="yes", new_name="只填了名字")
    response = client.post(reverse("reviews:dynamic_form", args=[entry.pk, year]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "报送前请填写单位产值取水量" in html and "选择“是”时请填写情况说明" in html
    assert 'value="只填了名字"' in html and 'value="86.5"' in html
    assert not DynamicTable.objects.exists()

    response = client.post(reverse("reviews:dynamic_form", args=[entry.pk, year]), form_post(entry, year, confirm=None))
    assert response.status_code == 400 and "报送前请勾选承诺" in response.content.decode()
    assert not DynamicTable.objects.exists()


def test_a_new_uscc_is_validated(actors, batch):
    """R-USCC on the table's change of code: a wrong check character is refused with its reason."""
    entry = listed(actors["applicant"], batch, published_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as refused:
        dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, today=D(2026, 1, 5),
                       data=complete(entry, 2025, uscc_changed=True, new_uscc="91350100M000100Y44", uscc_note="变更"))
    assert "校验位错误" in str(refused.value.message_dict["new_uscc"])
    assert not DynamicTable.objects.exists()
    table = dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, today=D(2026, 1, 5), file=True,
                           data=complete(entry, 2025, uscc_changed=True, new_uscc="91350100m000100y43", uscc_note="变更"))
    assert table.new_uscc == "91350100M000100Y43" and table.status == "filed"


def test_filing_after_the_deadline_is_allowed_and_marked_late(actors, batch):
    """R-DYN-1: late filing is accepted, marked late, and says so in its history."""
    entry = listed(actors["applicant"], batch, published_on=D(2024, 12, 1))
    on_time = dyn.save_table(actor=actors["applicant"], entry=entry, year=2024, file=True, today=D(2025, 4, 15),
                             data=complete(entry, 2024))
    late = dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, file=True, today=D(2026, 4, 16),
                          data=complete(entry, 2025))
    assert (on_time.late, late.late) == (False, True)
    assert HistoryEntry.objects.for_object(late).get(action="file_dynamic_table").data == {"year": 2025, "late": True}


def test_only_members_of_the_units_organisation_file(client, actors, batch):
    """R-DYN-1: another organisation's member gets 404, other roles 403, anonymous the login page."""
    entry = listed(actors["applicant"], batch)
    year = entry.published_on.year
    url = reverse("reviews:dynamic_form", args=[entry.pk, year])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(actors["other_applicant"])
    assert client.get(url).status_code == 404
    assert client.post(url, form_post(entry, year)).status_code == 404
    assert entry.unit_name not in client.get(reverse("reviews:dynamic_units")).content.decode()
    client.force_login(actors["province"])
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        dyn.save_table(actor=actors["other_applicant"], entry=entry, year=year, data=complete(entry, year))
    assert not DynamicTable.objects.exists()


def test_imported_entries_cannot_be_filed_online_and_are_not_obliged(actors, batch):
    """R-DYN-1: a historical entry has no organisation on the portal; it files on paper."""
    entry = imported(batch)
    with pytest.raises(PermissionDenied):
        dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, data=complete(entry, 2025))
    assert entry not in dyn.obliged_entries(2025)
    assert dyn.flag_overdue(today=D(2026, 5, 1)) == 0


# --- the authority reviews ----------------------------------------------------------------

def _filed(actors, batch, **kwargs) -> DynamicTable:
    entry = listed(actors["applicant"], batch, published_on=D(2025, 2, 1), **kwargs)
    return dyn.save_table(actor=actors["applicant"], entry=entry, year=2025, file=True, today=D(2026, 3, 1),
                          data=complete(entry, 2025))


def test_authority_reviews_filed_tables_of_its_region_only(client, actors, batch):
    """R-DYN-1: the unit's authority accepts or asks for an on-site assessment; other regions 404."""
    table = _filed(actors, batch)
    review = reverse("reviews:dynamic_review", args=[table.pk])
    for who, status in (("other_province", 404), ("applicant", 403), ("reviewer", 403)):
        client.force_login(actors[who])
        assert client.post(review, {"decision": "accepted"}).status_code == status, who
    client.force_login(actors["other_province"])
    assert client.get(table.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        dyn.review_table(actor=actors["other_province"], table=table, decision="accepted")
    table.refresh_from_db()
    assert table.status == "filed"

    client.force_login(actors["province"])
    assert "review-form" in client.get(table.get_absolute_url()).content.decode()
    response = client.post(review, {"decision": "onsite", "note": ""})
    assert response.status_code == 400 and "要求现场核查时请写明需核查的内容" in response.content.decode()
    response = client.post(review, {"decision": "onsite", "note": "核查固体废物综合利用率"}, follow=True)
    assert "需现场核查" in response.content.decode()
    response = client.post(review, {"decision": "accepted", "note": "现场核查属实"}, follow=True)
    table.refresh_from_db()
    assert (table.status, table.review_note, table.reviewed_by) == ("accepted", "现场核查属实", actors["province"])
    assert [(h.from_state, h.to_state) for h in HistoryEntry.objects.for_object(table).filter(
        action="review_dynamic_table")] == [("filed", "onsite"), ("onsite", "accepted")]
    with pytest.raises(ValidationError, match="不能审核"):
        dyn.review_table(actor=actors["province"], table=table, decision="onsite", note="再查")


def test_drafts_are_the_units_alone(client, actors, batch):
    entry = listed(actors["applicant"], batch)
    draft = dyn.save_table(actor=actors["applicant"], entry=entry, year=entry.published_on.year, data={})
    for who in ("province", "reviewer"):
        client.force_login(actors[who])
        assert client.get(draft.get_absolute_url()).status_code == 404, who
    client.force_login(actors["province"])
    assert entry.unit_name not in client.get(reverse("reviews:dynamic_authority")).content.decode()


def test_authority_list_filters_and_searches_its_region(client, actors, batch):
    zhejiang = _filed(actors, batch, unit_name="浙江甲工厂")
    _filed(actors, batch, unit_name="浙江乙园区", kind=ListKind.PARK)
    _filed(actors, batch, unit_name="江苏丙工厂", authority="32")
    dyn.review_table(actor=actors["province"], table=zhejiang, decision="accepted")
    url = reverse("reviews:dynamic_authority")
    client.force_login(actors["province"])
    html = client.get(url).content.decode()
    assert "浙江甲工厂" in html and "浙江乙园区" in html and "江苏丙工厂" not in html
    html = client.get(url, {"kind": "park"}).content.decode()
    assert "浙江乙园区" in html and "浙江甲工厂" not in html
    html = client.get(url, {"status": "accepted"}).content.decode()
    assert "浙江甲工厂" in html and "浙江乙园区" not in html
    html = client.get(url, {"q": "乙园"}).content.decode()
    assert "浙江乙园区" in html and "浙江甲工厂" not in html
    assert "没有符合条件" in client.get(url, {"year": "2024"}).content.decode()
    client.force_login(actors["reviewer"])
    html = client.get(url).content.decode()
    assert "江苏丙工厂" in html and "浙江甲工厂" in html
    client.force_login(actors["applicant"])
    assert client.get(url).status_code == 403


# --- the overdue flag ---------------------------------------------------------------------

def test_overdue_job_flags_each_unfiled_unit_once(client, actors, batch):
    """R-DYN-1: after the deadline every obliged unit without a filed table is flagged
    "建议撤销：未按期报送动态管理表"; a second run flags nothing; late filing keeps the flag."""
    filed = _filed(actors, batch, unit_name="按期报送工厂")
    silent = listed(actors["applicant"], batch, published_on=D(2025, 5, 1), unit_name="未报送工厂")
    drafted = listed(actors["applicant"], batch, published_on=D(2025, 5, 1), unit_name="只存草稿工厂")
    dyn.save_table(actor=actors["applicant"], entry=drafted, year=2025, data={}, today=D(2026, 4, 1))
    listed(actors["applicant"], batch, published_on=D(2026, 1, 10), unit_name="今年新列入工厂")  # not obliged for 2025

    assert dyn.flag_overdue(today=D(2026, 4, 15)) == 0  # on the deadline day itself: not yet overdue
    assert dyn.flag_overdue(today=D(2026, 4, 16)) == 2
    assert dyn.flag_overdue(today=D(2026, 4, 17)) == 0
    flags = OverdueFlag.objects.order_by("entry__unit_name")
    assert sorted(f.entry.unit_name for f in flags) == ["只存草稿工厂", "未报送工厂"]
    assert {(f.year, f.deadline) for f in flags} == {(2025, D(2026, 4, 15))}
    assert not OverdueFlag.objects.filter(entry=filed.entry).exists()
    assert HistoryEntry.objects.for_object(silent).get(action="dynamic_table_overdue").note == "建议撤销：未按期报送动态管理表"

    late = dyn.save_table(actor=actors["applicant"], entry=silent, year=2025, file=True, today=D(2026, 5, 2),
                          data=complete(silent, 2025))
    assert late.late and OverdueFlag.objects.filter(entry=silent).exists()

    for who in ("province", "reviewer"):
        client.force_login(actors[who])
        html = client.get(reverse("reviews:dynamic_overdue"), {"year": 2025}).content.decode()
        assert html.count("建议撤销：未按期报送动态管理表") == 2 and "已逾期补报" in html, who
    client.force_login(actors["other_province"])
    assert "未报送工厂" not in client.get(reverse("reviews:dynamic_overdue"), {"year": 2025}).content.decode()
    client.force_login(actors["applicant"])
    assert client.get(reverse("reviews:dynamic_overdue")).status_code == 403


# --- reminders ----------------------------------------------------------------------------

def test_reminders_go_out_30_7_and_1_days_before_once_each(actors, batch, eager_celery,
                                                            django_capture_on_commit_callbacks):
    """R-DYN-1 reminders: members of units that have not filed, at 30, 7 and 1 days, once each."""
    from greenlist.services import add_member

    colleague = factories.UserFactory()
    add_member(organisation=actors["applicant"].organisation, user=colleague, roles=["applicant"])
    pending = listed(actors["applicant"], batch, published_on=D(2025, 6, 1))
    done = _filed(actors, batch)
    other = listed(actors["other_applicant"], batch, published_on=D(2025, 6, 1))
    deadline = D(2026, 4, 15)

    def run(days_before):
        with django_capture_on_commit_callbacks(execute=True):
            return dyn.send_reminders(today=deadline - datetime.timedelta(days=days_before))

    assert run(31) == 0
    assert run(30) == 3  # two members of the pending unit's organisation, one of the other
    assert run(30) == 0
    assert run(20) == 0  # still inside the 30-day window: already told
    assert run(7) == 3 and run(5) == 0
    assert run(1) == 3 and run(1) == 0
    assert run(0) == 0  # the deadline day: the overdue job takes over
    keys = sorted(Notification.objects.filter(recipient=colleague).values_list("key", flat=True))
    assert keys == [f"dyn-due:2025:entry-{pending.pk}:{d}d" for d in (1, 30, 7)]
    assert not Notification.objects.filter(key__contains=f"entry-{done.entry.pk}:").exists()
    assert Notification.objects.filter(recipient=actors["other_applicant"], key__contains=f"entry-{other.pk}:").count() == 3
    assert len(mail.outbox) == 9
    assert "2026年4月15日" in mail.outbox[0].body and pending.unit_name in mail.outbox[0].subject


# --- pages and their query counts ---------------------------------------------------------

def test_unit_page_shows_grade_and_deadline(client, actors, batch):
    from reviews.supervision.services.greencode import compute_grades

    table = _filed(actors, batch, unit_name="评级展示工厂")
    compute_grades(year=2025)
    client.force_login(actors["applicant"])
    html = client.get(reverse("reviews:dynamic_units")).content.decode()
    assert "评级展示工厂" in html and "企业绿码 B" in html and "2026年4月15日" in html
    assert "企业绿码 B" in client.get(table.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_unit_list_queries(client, actors, batch, steady_queries, rows):
    for _ in range(rows):
        _filed(actors, batch)
    client.force_login(actors["applicant"])
    html = steady_queries(reverse("reviews:dynamic_units"), 10)
    assert html.count('id="entry-') == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_authority_list_queries(client, actors, batch, steady_queries, rows):
    for _ in range(rows):
        _filed(actors, batch)
    client.force_login(actors["province"])
    html = steady_queries(reverse("reviews:dynamic_authority"), 6)
    assert html.count("/reviews/dynamic/tables/") == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_overdue_list_queries(client, actors, batch, steady_queries, rows):
    for _ in range(rows):
        listed(actors["applicant"], batch, published_on=D(2025, 1, 1))
    dyn.flag_overdue(today=D(2026, 5, 1))
    client.force_login(actors["province"])
    html = steady_queries(reverse("reviews:dynamic_overdue"), 8, year=2025)
    assert html.count("建议撤销：未按期报送动态管理表") == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_ministry_overview_queries_and_rates(client, actors, batch, steady_queries, rows):
    codes = ["33", "32", "44"][:rows]
    for code in codes:
        _filed(actors, batch, authority=code)
        listed(actors["applicant"], batch, published_on=D(2025, 1, 1), authority=code)
    imported(batch)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:dynamic_ministry"), 12, year=2025)
    assert html.count("50.0%") == rows + 1  # each authority, and the total
    assert "无平台账户" in html
    client.force_login(actors["province"])
    assert client.get(reverse("reviews:dynamic_ministry")).status_code == 403


def test_ministry_triggers_the_grading_job_from_the_overview(client, actors, batch):
    """R-GREENCODE: the admin-triggered run; officials of a region may not run it."""
    from reviews.supervision.models import GreenGrade

    table = _filed(actors, batch)
    url = reverse("reviews:dynamic_grades") + "?year=2025"
    client.force_login(actors["province"])
    assert client.post(url).status_code == 403
    assert not GreenGrade.objects.exists()
    client.force_login(actors["admin"])
    html = client.post(url, follow=True).content.decode()
    assert "2025 年度企业绿码已计算：A+ 0 家，A 0 家，B 1 家" in html and "B：1" in html
    client.post(url)
    assert list(GreenGrade.objects.values_list("table", "grade")) == [(table.pk, "B")]
    assert HistoryEntry.objects.filter(action="green_grade").get().actor == actors["admin"]
