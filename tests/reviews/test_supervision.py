"""Life on the list: rechecks (R-RECHECK), spot checks (R-SPOT), removal (R-REMOVE), the public
verification page with its QR code (R-GREENCODE) and the reminder jobs."""
import datetime
import re

import pytest
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations.reminders import remind_waiting_engagements
from greenlist.models import Authority, HistoryEntry, Industry, ListKind, Notification
from reviews.lists.verification import qr_code, verify_url
from reviews.publication import services
from reviews.publication.models import ListEntry
from reviews.recommendation.reminders import remind_recommendation_deadlines
from reviews.supervision.models import Recheck, Removal, SpotCheck, SpotCheckDraw
from reviews.supervision.services.rechecks import due_cycle, record_recheck, schedule_rechecks
from reviews.supervision.services.removal import RemovalRefused, remove_entry
from reviews.supervision.services.spotchecks import (
    draw_spot_checks,
    eligible_entries,
    pick,
    record_spot_check,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ENTRY_LINK = re.compile(r'href="/lists/\d+/"')


def years_ago(n, days=0):
    day = TODAY - datetime.timedelta(days=days)
    return day.replace(year=day.year - n) if not (day.month == 2 and day.day == 29) else day.replace(
        year=day.year - n, day=28)


def listed(batch, *, code="33", published_on=None, kind=ListKind.FACTORY, **fields):
    """A list entry as publication (or the importer) writes it."""
    n = ListEntry.objects.count() + 1
    return ListEntry.objects.create(
        batch=batch, kind=kind, unit_name=fields.pop("unit_name", f"在册单位{n}号"), uscc="",
        authority=Authority.objects.get(code=code), industry=Industry.objects.get(code="26"),
        published_on=published_on or TODAY, **fields)


def history_actions(obj):
    return [h.action for h in HistoryEntry.objects.for_object(obj)]


# --- R-RECHECK ----------------------------------------------------------------------------

def test_recheck_job_marks_units_listed_three_years_ago_once(actors, batch):
    """R-RECHECK: units listed three years earlier become due for their authority; the job runs
    twice and creates nothing twice; the authority is told once; removed and young units are not due."""
    old = listed(batch, published_on=years_ago(3))
    old_too = listed(batch, published_on=years_ago(4))
    listed(batch, published_on=years_ago(3, days=-1))  # its third anniversary is tomorrow
    removed = listed(batch, published_on=years_ago(5))
    Removal.objects.create(entry=removed, reason="falsified_data", removed_on=TODAY, decided_by=actors["reviewer"])
    jiangsu = listed(batch, code="32", published_on=years_ago(3))

    first = schedule_rechecks()
    second = schedule_rechecks()

    assert {r.entry_id for r in first} == {old.pk, old_too.pk, jiangsu.pk} and second == []
    assert Recheck.objects.count() == 3
    recheck = Recheck.objects.get(entry=old)
    assert (recheck.cycle, recheck.due_on, recheck.status) == (1, TODAY, "due")
    assert history_actions(old) == ["recheck_due"]
    zhejiang_notes = Notification.objects.filter(recipient=actors["province"])
    assert zhejiang_notes.count() == 1 and "2 家单位已到复核期" in zhejiang_notes.get().subject
    assert Notification.objects.filter(recipient=actors["other_province"]).count() == 1


def test_recheck_cycles_every_three_years():
    """R-RECHECK: the cycle is the number of whole three-year periods since listing."""
    listed_on = datetime.date(2016, 2, 29)
    assert due_cycle(listed_on, datetime.date(2019, 2, 27)) == 0
    assert due_cycle(listed_on, datetime.date(2019, 2, 28)) == 1
    assert due_cycle(listed_on, datetime.date(2022, 2, 28)) == 2
    assert due_cycle(listed_on, datetime.date(2021, 12, 31)) == 1


def test_authority_records_the_recheck_result_for_its_region_only(client, actors, batch):
    """R-RECHECK: the authority records passed / failed with a reason; another province cannot."""
    entry = listed(batch, published_on=years_ago(3))
    recheck = schedule_rechecks()[0]
    url = reverse("reviews:recheck_record", args=[recheck.pk])

    client.force_login(actors["other_province"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"result": "passed"}).status_code == 404
    with pytest.raises(PermissionDenied):
        record_recheck(actor=actors["other_province"], recheck=recheck, passed=True)
    client.force_login(actors["reviewer"])
    assert client.get(url).status_code == 403

    client.force_login(actors["province"])
    response = client.post(url, {"result": "failed", "reason": "  "})
    assert response.status_code == 200 and "复核未通过时须填写理由" in response.content.decode()
    recheck.refresh_from_db()
    assert recheck.status == "due"
    response = client.post(url, {"result": "failed", "reason": "能耗指标不再达到先进值"}, follow=True)
    assert "已登记" in response.content.decode()
    recheck.refresh_from_db()
    assert (recheck.status, recheck.reason, recheck.recorded_by) == ("failed", "能耗指标不再达到先进值", actors["province"])
    assert history_actions(recheck) == ["record_recheck"]
    assert history_actions(entry) == ["recheck_due", "recheck"]
    with pytest.raises(ValidationError):
        record_recheck(actor=actors["province"], recheck=recheck, passed=True)

    html = client.get(reverse("reviews:rechecks")).content.decode()
    assert entry.unit_name in html and "复核未通过" in html
    client.force_login(actors["other_province"])
    assert entry.unit_name not in client.get(reverse("reviews:rechecks")).content.decode()
    client.force_login(actors["applicant"])
    assert client.get(reverse("reviews:rechecks")).status_code == 403


def test_recheck_list_query_count(client, actors, batch, steady_queries):
    """The rechecks page: the same number of queries at one row and at several."""
    client.force_login(actors["province"])
    listed(batch, published_on=years_ago(3))
    schedule_rechecks()
    html = steady_queries(reverse("reviews:rechecks"), 6)
    assert len(ENTRY_LINK.findall(html)) == 1
    for _i in range(3):
        listed(batch, published_on=years_ago(3))
    schedule_rechecks()
    html = steady_queries(reverse("reviews:rechecks"), 6)
    assert len(ENTRY_LINK.findall(html)) == 4


# --- R-SPOT -------------------------------------------------------------------------------

def test_spot_check_draw_is_reproducible_by_seed(actors, batch):
    """R-SPOT: the same seed over the same eligible set draws the same units; the seed is stored."""
    entries = [listed(batch) for _i in range(12)]
    candidates = eligible_entries()
    assert candidates == sorted(entries, key=lambda e: e.pk)
    assert pick(candidates, 4, 2024) == pick(list(candidates), 4, 2024)
    assert pick(candidates, 4, 2024) != pick(candidates, 4, 7)
    expected = {e.pk for e in pick(candidates, 4, 2024)}

    draw = draw_spot_checks(actor=actors["reviewer"], size=4, seed=2024, note="2026 年第一次抽查")

    assert {c.entry_id for c in draw.checks.all()} == expected
    assert (draw.seed, draw.size, draw.eligible_count) == (2024, 4, 12)
    assert HistoryEntry.objects.for_object(draw).get().data["seed"] == 2024
    # Units waiting for their check are not drawn again.
    assert not {e.pk for e in eligible_entries()} & expected


def test_spot_check_honours_exemption_and_removal(actors, batch):
    """R-SPOT: three consecutive clean checks exempt a unit for five years; removed units are never drawn."""
    exempt, broken_run, lapsed, removed, plain = (listed(batch) for _i in range(5))
    Removal.objects.create(entry=removed, reason="major_accident", removed_on=TODAY, decided_by=actors["reviewer"])
    ago = lambda years: TODAY - datetime.timedelta(days=365 * years)  # noqa: E731
    history = {exempt: [(ago(3), "clean"), (ago(2), "clean"), (ago(1), "clean")],
               broken_run: [(ago(3), "clean"), (ago(2), "problems"), (ago(1), "clean")],
               lapsed: [(ago(8), "clean"), (ago(7), "clean"), (ago(6), "clean")]}
    for entry, results in history.items():
        for day, result in results:
            draw = SpotCheckDraw.objects.create(seed=1, size=1, eligible_count=1, drawn_by=actors["reviewer"],
                                                drawn_on=day)
            SpotCheck.objects.create(draw=draw, entry=entry, result=result, checked_on=day)

    assert [e.pk for e in eligible_entries()] == [broken_run.pk, lapsed.pk, plain.pk]
    draw = draw_spot_checks(actor=actors["reviewer"], size=10, seed=5)
    assert {c.entry_id for c in draw.checks.all()} == {broken_run.pk, lapsed.pk, plain.pk}


def test_spot_check_filters_and_results(client, actors, batch):
    """R-SPOT: a draw filtered by kind and authority; results recorded per unit, problems with a note."""
    factory = listed(batch)
    listed(batch, kind=ListKind.PARK)
    listed(batch, code="32")
    client.force_login(actors["reviewer"])
    response = client.post(reverse("reviews:spot_checks"), {
        "size": 5, "seed": "", "kind": "factory", "authority": Authority.objects.get(code="33").pk, "note": ""})
    draw = SpotCheckDraw.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reviews:spot_check_draw", args=[draw.pk])
    check = draw.checks.get()
    assert check.entry == factory and draw.eligible_count == 1 and draw.seed >= 0

    url = reverse("reviews:spot_check_result", args=[check.pk])
    html = client.post(url, {"result": "problems", "note": ""}, follow=True).content.decode()
    assert "发现问题时须写明问题" in html
    check.refresh_from_db()
    assert check.result == "pending"
    client.post(url, {"result": "problems", "note": "危废台账不全"})
    check.refresh_from_db()
    assert (check.result, check.note, check.recorded_by, check.checked_on) == (
        "problems", "危废台账不全", actors["reviewer"], TODAY)
    assert history_actions(factory) == ["spot_check_drawn", "spot_check"]
    with pytest.raises(ValidationError):
        record_spot_check(actor=actors["reviewer"], check=check, clean=True)
    html = client.get(reverse("reviews:spot_check_draw", args=[draw.pk])).content.decode()
    assert "危废台账不全" in html and reverse("reviews:remove", args=[factory.pk]) in html

    response = client.post(reverse("reviews:spot_checks"), {"size": 2, "kind": "product"})
    assert response.status_code == 400 and "没有符合条件的可抽查单位" in response.content.decode()
    assert SpotCheckDraw.objects.count() == 1


def test_only_the_ministry_draws_spot_checks(client, actors, batch):
    """R-SPOT: anonymous, province and applicant cannot draw or record."""
    listed(batch)
    url = reverse("reviews:spot_checks")
    response = client.post(url, {"size": 1})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for who in ("province", "applicant", "agency"):
        client.force_login(actors[who])
        assert client.post(url, {"size": 1}).status_code == 403, who
    with pytest.raises(PermissionDenied):
        draw_spot_checks(actor=actors["province"], size=1)
    assert not SpotCheckDraw.objects.exists()
    draw = draw_spot_checks(actor=actors["reviewer"], size=1)
    client.force_login(actors["province"])
    assert client.post(reverse("reviews:spot_check_result", args=[draw.checks.get().pk]),
                       {"result": "clean"}).status_code == 403
    assert draw.checks.get().result == "pending"


def test_spot_check_pages_query_count(client, actors, batch, steady_queries):
    client.force_login(actors["reviewer"])
    listed(batch)
    draw = draw_spot_checks(actor=actors["reviewer"], size=5, seed=1)
    steady_queries(reverse("reviews:spot_checks"), 7)
    steady_queries(reverse("reviews:spot_check_draw", args=[draw.pk]), 6)
    for _i in range(4):
        listed(batch)
    draw = draw_spot_checks(actor=actors["reviewer"], size=5, seed=1)
    html = steady_queries(reverse("reviews:spot_checks"), 7)
    assert len(re.findall(r'href="/reviews/ministry/spot-checks/\d+/"', html)) == 2
    html = steady_queries(reverse("reviews:spot_check_draw", args=[draw.pk]), 6)
    assert len(ENTRY_LINK.findall(html)) == 4


# --- R-REMOVE -----------------------------------------------------------------------------

def test_ministry_removes_a_unit_after_confirmation(client, actors, walk, batch):
    """R-REMOVE: reason from the rule's list, date, deciding official; confirmation first; the
    entry stays; the removal is in the history of the entry and of its declaration."""
    decl = walk(batch, until="in_publicity")
    entry = services.publish(actor=actors["reviewer"], batch=batch)[0]
    url = reverse("reviews:remove", args=[entry.pk])
    client.force_login(actors["reviewer"])
    html = client.get(url).content.decode()
    assert "不可恢复" in html and "未按期报送动态管理表" in html and "连续三年排名后5%" in html

    response = client.post(url, {"reason": "falsified_data", "removed_on": TODAY.isoformat(), "note": "能耗数据不实"})
    html = response.content.decode()
    assert response.status_code == 400 and "请勾选确认后再撤销" in html
    assert 'value="falsified_data" selected' in html and "能耗数据不实" in html
    assert not Removal.objects.exists()

    client.post(url, {"reason": "falsified_data", "removed_on": TODAY.isoformat(), "note": "能耗数据不实", "confirm": "on"})
    removal = Removal.objects.get()
    assert (removal.entry, removal.reason, removal.removed_on, removal.decided_by, removal.note) == (
        entry, "falsified_data", TODAY, actors["reviewer"], "能耗数据不实")
    assert ListEntry.objects.filter(pk=entry.pk).exists()
    assert history_actions(entry) == ["remove"]
    assert "remove_from_list" in history_actions(decl)
    with pytest.raises(RemovalRefused):
        remove_entry(actor=actors["reviewer"], entry=entry, reason="major_accident")
    with pytest.raises(TypeError):
        removal.save()


def test_removal_refusals(client, actors, batch):
    """R-REMOVE: a province, an applicant or anonymous cannot remove; a reason off the list is refused."""
    entry = listed(batch)
    url = reverse("reviews:remove", args=[entry.pk])
    data = {"reason": "major_accident", "removed_on": TODAY.isoformat(), "confirm": "on"}
    assert client.post(url, data).status_code == 302  # to the login page
    for who in ("province", "applicant", "admin"):
        client.force_login(actors[who])
        assert client.post(url, data).status_code == 403, who
    with pytest.raises(PermissionDenied):
        remove_entry(actor=actors["province"], entry=entry, reason="major_accident")
    with pytest.raises(ValidationError):
        remove_entry(actor=actors["reviewer"], entry=entry, reason="dislike")
    client.force_login(actors["reviewer"])
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {**data, "removed_on": future})
    assert response.status_code == 400 and "撤销日期不能晚于今天" in response.content.decode()
    assert not Removal.objects.exists()


def test_removed_unit_is_shown_as_removed_on_the_public_pages(client, actors, batch):
    """R-REMOVE: the public list, the detail page and the verification page show the removal."""
    kept = listed(batch, unit_name="仍在册的工厂")
    gone = listed(batch, unit_name="被撤销的工厂")
    remove_entry(actor=actors["reviewer"], entry=gone, reason="table_not_filed", note="逾期未报送")

    html = client.get(reverse("lists:search")).content.decode()
    row_gone = html.split("被撤销的工厂")[1].split("</tr>")[0]
    row_kept = html.split("仍在册的工厂")[1].split("</tr>")[0]
    assert "已撤销" in row_gone and "已撤销" not in row_kept
    html = client.get(gone.get_absolute_url()).content.decode()
    assert "已撤销" in html and "未按期报送动态管理表" in html and "逾期未报送" in html
    assert "已撤销" not in client.get(kept.get_absolute_url()).content.decode()
    html = client.get(reverse("verify:page", args=[gone.public_code])).content.decode()
    assert "已撤销" in html and "撤销原因：未按期报送动态管理表" in html
    html = client.get(reverse("verify:page", args=[kept.public_code])).content.decode()
    assert "在册" in html and "已撤销" not in html


def test_public_list_and_listed_units_query_count(client, actors, batch, steady_queries):
    """The public list and the ministry's list: one query count at one and at several rows,
    removed ones included."""
    remove_entry(actor=actors["reviewer"], entry=listed(batch), reason="major_accident")
    steady_queries(reverse("lists:search"), 8)  # count, keys, rows, four drop-downs, batch files
    client.force_login(actors["reviewer"])
    steady_queries(reverse("reviews:listed_units"), 10)  # the filter's year drop-down
    client.logout()
    for i in range(3):
        entry = listed(batch)
        if i % 2:
            remove_entry(actor=actors["reviewer"], entry=entry, reason="falsified_data")
    html = steady_queries(reverse("lists:search"), 8)
    assert html.count("已撤销") == 2
    detail = ListEntry.objects.first()
    steady_queries(detail.get_absolute_url(), 1)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:listed_units"), 10)
    assert html.count("gl-removed") == 2 and html.count("/remove/") == 2


# --- public verification (R-GREENCODE) -----------------------------------------------------

def test_every_entry_has_a_stable_unguessable_code_and_a_public_page(client, batch, settings):
    """R-GREENCODE: each listed unit has a public verification page, without login."""
    settings.SITE_URL = "https://green.example.cn/"
    a, b = listed(batch), listed(batch)
    assert a.public_code != b.public_code and len(a.public_code) == 16
    assert ListEntry.objects.get(pk=a.pk).public_code == a.public_code
    html = client.get(reverse("verify:page", args=[a.public_code])).content.decode()
    assert a.unit_name in html and "绿色工厂" in html and str(batch) in html and "浙江省" in html
    assert 'id="verify-grade"' in html and "暂无等级" in html
    assert f"https://green.example.cn/verify/{a.public_code}/" in html
    assert reverse("verify:page", args=[a.public_code]) in client.get(a.get_absolute_url()).content.decode()
    assert client.get(reverse("verify:page", args=["a" * 16])).status_code == 404
    assert client.get(reverse("verify:page", args=[a.public_code[:-1]])).status_code == 404


def test_qr_code_points_at_the_absolute_verify_url(client, batch, settings):
    """R-GREENCODE: the QR code encodes SITE_URL + /verify/<code>/, as PNG and as SVG."""
    settings.SITE_URL = "https://green.example.cn"
    entry = listed(batch)
    url = f"https://green.example.cn/verify/{entry.public_code}/"
    assert verify_url(entry) == url
    assert qr_code(entry).matrix == segno.make(url, error="m", micro=False).matrix

    png = client.get(reverse("verify:qr_png", args=[entry.public_code]) + "?download=1")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert f"greenlist-verify-{entry.public_code}.png" in png["Content-Disposition"]
    svg = client.get(reverse("verify:qr_svg", args=[entry.public_code]))
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert "<svg" in text and url in text  # the title carries the address
    assert client.get(reverse("verify:qr_png", args=["x" * 16])).status_code == 404


def test_verify_page_query_count(client, actors, batch, steady_queries):
    entry = listed(batch)
    steady_queries(reverse("verify:page", args=[entry.public_code]), 2)  # the entry, its latest grade
    remove_entry(actor=actors["reviewer"], entry=entry, reason="major_accident")
    steady_queries(reverse("verify:page", args=[entry.public_code]), 1)  # a removed unit shows no grade


# --- reminders ------------------------------------------------------------------------------

def test_waiting_engagement_reminds_the_agency_once(actors, walk, batch):
    """An engagement unanswered for more than five days → the agency's staff, once."""
    from evaluations.models import Engagement

    decl = walk(batch, until="draft", accept=False)
    fresh = walk(batch, until="draft", accept=False)
    engagement = decl.engagements.get(status="proposed")
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now() - datetime.timedelta(days=6))
    assert fresh.engagements.get().status == "proposed"

    assert remind_waiting_engagements() == 1
    assert remind_waiting_engagements() == 0
    note = Notification.objects.get(recipient=actors["agency"])
    assert decl.unit_name in note.subject and note.url == reverse("evaluations:engagement_answer",
                                                                   args=[engagement.pk])


def test_recommendation_deadline_reminds_unfinished_authorities_at_7_and_1_days(actors, walk, batch):
    """The batch's recommendation deadline: 7 and 1 days before, once each, only authorities with
    declarations still waiting for them."""
    walk(batch, until="evaluated")
    deadline = batch.recommendation_deadline
    assert remind_recommendation_deadlines(today=deadline - datetime.timedelta(days=8)) == 0
    assert remind_recommendation_deadlines(today=deadline - datetime.timedelta(days=7)) == 1
    assert remind_recommendation_deadlines(today=deadline - datetime.timedelta(days=6)) == 0
    assert remind_recommendation_deadlines(today=deadline - datetime.timedelta(days=1)) == 1
    assert remind_recommendation_deadlines(today=deadline - datetime.timedelta(days=1)) == 0
    assert remind_recommendation_deadlines(today=deadline) == 0
    subjects = list(Notification.objects.filter(recipient=actors["province"]).values_list("subject", flat=True))
    assert sorted(subjects) == sorted([f"{batch.name} 推荐截止还有 7 天", f"{batch.name} 推荐截止还有 1 天"])
    assert not Notification.objects.filter(recipient=actors["other_province"]).exists()


def test_an_authority_that_submitted_its_recommendation_is_not_reminded(actors, walk, batch):
    """R-RANK: the deadline asks for the authority's submission; once submitted, no reminder."""
    from tests.conftest import submit_recommendation

    decl = walk(batch, until="recommended")
    submit_recommendation(actors["province"], batch, decl.authority)
    assert remind_recommendation_deadlines(today=batch.recommendation_deadline - datetime.timedelta(days=7)) == 0
    assert not Notification.objects.filter(recipient=actors["province"]).exists()


def test_demo_has_a_due_recheck_a_spot_check_and_a_removed_unit(client):
    from django.core.management import call_command

    call_command("seed_demo")
    due = set(Recheck.objects.filter(status="due").values_list("entry__unit_name", flat=True))
    assert due == {"浙江青山绿色包装有限公司", "宁波北仑绿色钢构有限公司"}  # not the removed one
    removal = Removal.objects.get()
    assert (removal.entry.unit_name, removal.reason) == ("浙江东海印染有限公司", "table_not_filed")
    draw = SpotCheckDraw.objects.get()
    assert draw.seed == 20260415 and draw.checks.count() == 2
    assert set(draw.checks.values_list("result", flat=True)) == {"clean", "pending"}
    assert not draw.checks.filter(entry=removal.entry).exists()
    html = client.get(reverse("verify:page", args=[removal.entry.public_code])).content.decode()
    assert "已撤销" in html
