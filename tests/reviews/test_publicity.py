"""Publicity (R-PUBLICITY): objections filed by anyone without an account, the ministry's decision,
and publication refused while one is open; who may see and do what on the ministry pages."""
import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.models import Declaration
from greenlist.models import Authority, HistoryEntry, Role
from greenlist.notifications import Notification
from reviews.publication import services
from reviews.publication import services as objections
from reviews.publication.models import ListEntry, Objection, Publicity
from tests import factories
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

GOOD = {"name": "李明", "contact": "13800138000", "grounds": "该企业近三年发生过较大环境污染事故，与申报材料不符。"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Rate-limit counters live in the cache: each test starts from none (process memory here,
    whatever the environment configures, so a shared Redis is never flushed by a test)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "publicity-tests"}}
    cache.clear()
    yield
    cache.clear()


def shortlisted(walk, actors, batch, *units: dict) -> list:
    """Declarations recommended, their authorities' recommendations submitted (R-RANK: the
    ministry reviews submitted ones only, and nothing is added after), then shortlisted."""
    from applications import workflow as flow
    from tests.conftest import submit_recommendation

    declarations = [walk(batch, until="recommended", **fields) for fields in units]
    for decl in {d.authority_id: d for d in declarations}.values():
        official = actors["other_province" if decl.authority.code == "32" else "province"]
        submit_recommendation(official, batch, decl.authority)
    return [flow.perform(d, "shortlist", actor=actors["reviewer"], note="符合条件") for d in declarations]


@pytest.fixture
def running(actors, walk, batch):
    """A publicity running today with two units."""
    first, second = shortlisted(walk, actors, batch, {"unit_name": "浙江公示甲工厂有限公司"},
                                {"unit_name": "浙江公示乙工厂有限公司"})
    publicity = services.start_publicity(actor=actors["reviewer"], batch=batch)
    return publicity, Declaration.objects.get(pk=first.pk), Declaration.objects.get(pk=second.pk)


def _object_url(publicity, decl):
    return reverse("publicity:object", args=[publicity.pk, decl.pk])


def _end(publicity):
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=20),
        ends_on=timezone.localdate() - datetime.timedelta(days=1))
    publicity.refresh_from_db()


def _objection(publicity, decl, **extra):
    return objections.file_objection(publicity=publicity, declaration=decl, **{**GOOD, **extra})


# --- the public side ----------------------------------------------------------------------


def test_anyone_files_an_objection_without_an_account(client, actors, running, tmp_path):
    """R-PUBLICITY: no login; name, contact, grounds and evidence are kept, the ministry is told."""
    publicity, decl, _other = running
    page = client.get(publicity.get_absolute_url()).content.decode()
    assert decl.unit_name in page and "提出异议" in page and _object_url(publicity, decl) in page
    evidence = tmp_path / "证明.pdf"
    evidence.write_bytes(PDF_BYTES)
    with evidence.open("rb") as fh:
        response = client.post(_object_url(publicity, decl), {**GOOD, "evidence": fh}, follow=True)
    objection = Objection.objects.get()
    assert f"您对“{decl.unit_name}”的异议已提交（受理编号 {objection.pk}）" in response.content.decode()
    assert (objection.declaration, objection.publicity, objection.name, objection.contact, objection.status) == (
        decl, publicity, "李明", "13800138000", "open")
    assert objection.evidence_name == "证明.pdf" and objection.evidence_type == "application/pdf"
    assert objection.evidence.name.startswith("objection-evidence/") and "证明" not in objection.evidence.name
    assert objection.evidence.read() == PDF_BYTES
    assert objection.ip_address == "127.0.0.1"
    [history] = HistoryEntry.objects.for_object(objection)
    assert (history.action, history.actor, history.to_state) == ("file_objection", None, "open")
    notice = Notification.objects.get(recipient=actors["reviewer"])
    assert decl.unit_name in notice.subject and notice.url == reverse("reviews:objection", args=[objection.pk])
    assert not Notification.objects.exclude(recipient=actors["reviewer"]).exists()


def test_evidence_is_checked_by_content_and_what_was_typed_is_kept(client, running, tmp_path):
    publicity, decl, _other = running
    fake = tmp_path / "证明.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    with fake.open("rb") as fh:
        response = client.post(_object_url(publicity, decl), {**GOOD, "evidence": fh})
    html = response.content.decode()
    assert response.status_code == 400
    assert "“证明.pdf”的内容是" in html and "不是允许的文件类型" in html
    assert 'value="李明"' in html and 'value="13800138000"' in html and GOOD["grounds"] in html
    assert not Objection.objects.exists()


def test_missing_fields_are_refused_and_kept(client, running):
    publicity, decl, _other = running
    response = client.post(_object_url(publicity, decl), {"name": "李明", "contact": "abc", "grounds": "太短"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写可以联系到您的电话号码或电子邮箱" in html and "异议理由过短：至少 10 个字，目前 2 个字" in html
    assert 'value="李明"' in html and "\n太短</textarea>" in html
    assert not Objection.objects.exists()


def test_rate_limit_refuses_further_objections_from_one_address(client, settings, running):
    """R-PUBLICITY: limited per IP; the refusal keeps what was typed and saves nothing."""
    settings.OBJECTION_RATE = "2/h"
    publicity, decl, other = running
    for target in (decl, other):
        assert client.post(_object_url(publicity, target), GOOD).status_code == 302
    response = client.post(_object_url(publicity, decl), {**GOOD, "name": "第三次"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁" in html and 'value="第三次"' in html
    assert Objection.objects.count() == 2
    # Another address is not affected (another objector: the same objection again is filed once).
    assert client.post(_object_url(publicity, decl), {**GOOD, "name": "王芳"}, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert Objection.objects.count() == 3


def test_objection_form_needs_the_csrf_token(running):
    publicity, decl, _other = running
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_object_url(publicity, decl), GOOD).status_code == 403
    assert not Objection.objects.exists()
    page = strict.get(_object_url(publicity, decl))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert strict.post(_object_url(publicity, decl), {**GOOD, "csrfmiddlewaretoken": token}).status_code == 302
    assert Objection.objects.count() == 1


def test_objection_after_the_end_of_publicity_is_refused(client, running):
    """R-PUBLICITY: once the publicity days are over, no objection is taken."""
    publicity, decl, _other = running
    _end(publicity)
    page = client.get(_object_url(publicity, decl)).content.decode()
    assert "不再受理异议" in page and "提交异议" not in page
    assert "提出异议</a>" not in client.get(publicity.get_absolute_url()).content.decode()
    response = client.post(_object_url(publicity, decl), GOOD)
    assert response.status_code == 403
    assert not Objection.objects.exists()
    with pytest.raises(workflow.TransitionRefused) as refused:
        _objection(publicity, decl)
    assert "当前不在公示期内" in refused.value.message


def test_only_units_in_the_publicity_can_be_objected_to(client, actors, walk, batch, running):
    publicity, decl, _other = running
    # Shortlisted after the publicity started (another authority): not in it.
    later = walk(batch, until="shortlisted", authority=Authority.objects.get(code="32"))
    assert client.get(_object_url(publicity, later)).status_code == 404
    assert client.post(_object_url(publicity, later), GOOD).status_code == 404
    assert later.unit_name not in client.get(publicity.get_absolute_url()).content.decode()
    assert not Objection.objects.exists()


def test_public_publicity_pages_search_and_paginate(client, running):
    publicity, decl, other = running
    index = client.get(reverse("publicity:index")).content.decode()
    assert publicity.get_absolute_url() in index and "2 家单位" in index
    html = client.get(publicity.get_absolute_url(), {"q": "乙工厂"}).content.decode()
    assert other.unit_name in html and decl.unit_name not in html
    html = client.get(publicity.get_absolute_url(), {"q": decl.uscc.lower()}).content.decode()
    assert decl.unit_name in html and other.unit_name not in html
    assert "测试评价中心" in html  # the accepted agency's name


@pytest.mark.parametrize("units", [1, 3])
def test_publicity_page_query_count_is_fixed(actors, walk, batch, units, steady_queries):
    shortlisted(walk, actors, batch, *[{}] * units)
    publicity = services.start_publicity(actor=actors["reviewer"], batch=batch)
    html = steady_queries(publicity.get_absolute_url(), 4)  # publicity, count, page of units, agencies
    assert html.count("提出异议</a>") == units
    steady_queries(reverse("publicity:index"), 2)  # running; past ones counted (none)


# --- the ministry's decision ----------------------------------------------------------------


def test_upheld_objection_removes_the_unit_from_the_shortlist(client, actors, running):
    """R-PUBLICITY: upheld → the unit leaves the shortlist (workflow "uphold_objection"); a second
    open objection against the same unit is closed with it; the decision is confirmed first."""
    publicity, decl, other = running
    objection, sibling = _objection(publicity, decl), _objection(publicity, decl, name="王五")
    client.force_login(actors["reviewer"])
    url = reverse("reviews:objection_resolve", args=[objection.pk])
    data = {"decision": "upheld", "reason": "经核查，该企业 2023 年受到环保行政处罚，异议属实。"}
    confirm = client.post(url, data).content.decode()
    assert "将移出公示名单，不予发布" in confirm and 'name="confirmed" value="1"' in confirm
    assert Objection.objects.get(pk=objection.pk).status == "open"  # not yet
    response = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert f"“{decl.unit_name}”已移出公示名单" in response.content.decode()
    objection.refresh_from_db()
    sibling.refresh_from_db()
    assert (objection.status, objection.resolution, objection.resolved_by) == ("upheld", data["reason"], actors["reviewer"])
    assert sibling.status == "upheld" and "同一单位的另一异议已成立" in sibling.resolution
    assert Declaration.objects.get(pk=decl.pk).status == "rejected"
    assert Declaration.objects.get(pk=other.pk).status == "in_publicity"
    assert [h.action for h in HistoryEntry.objects.for_object(objection)] == ["file_objection", "uphold_objection"]
    assert [h.action for h in HistoryEntry.objects.for_object(sibling)] == ["file_objection", "uphold_objection"]
    decl_history = HistoryEntry.objects.for_object(decl).last()
    assert (decl_history.action, decl_history.actor) == ("uphold_objection", actors["reviewer"])
    # Gone from the public page; the history shows on the objection's page.
    public = Client().get(publicity.get_absolute_url()).content.decode()
    assert decl.unit_name not in public and other.unit_name in public
    detail = client.get(objection.get_absolute_url()).content.decode()
    assert "认定异议成立" in detail and "公众（未登录）" in detail and 'id="resolve"' not in detail
    # And cannot be decided again.
    client.post(url, {**data, "confirmed": "1"})
    assert [h.action for h in HistoryEntry.objects.for_object(objection)] == ["file_objection", "uphold_objection"]


def test_dismissed_objection_needs_a_reason(client, actors, running):
    """R-PUBLICITY: dismissed only with a reason; the unit stays."""
    publicity, decl, _other = running
    objection = _objection(publicity, decl)
    client.force_login(actors["reviewer"])
    url = reverse("reviews:objection_resolve", args=[objection.pk])
    response = client.post(url, {"decision": "dismissed", "reason": "  ", "confirmed": "1"})
    assert response.status_code == 400
    assert "请填写处理意见（理由）" in response.content.decode()
    assert Objection.objects.get(pk=objection.pk).status == "open"
    with pytest.raises(Exception, match="请填写处理意见"):
        objections.resolve_objection(actor=actors["reviewer"], objection=objection, upheld=False, reason="")
    # "返回修改" on the confirmation keeps the text.
    back = client.post(url, {"decision": "dismissed", "reason": "材料齐全", "edit": "1"}).content.decode()
    assert "\n材料齐全</textarea>" in back
    client.post(url, {"decision": "dismissed", "reason": "经核查，异议所述问题已于 2022 年整改完毕。", "confirmed": "1"})
    objection.refresh_from_db()
    assert (objection.status, objection.resolved_by) == ("dismissed", actors["reviewer"])
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"
    assert HistoryEntry.objects.for_object(objection).last().action == "dismiss_objection"


def test_publication_refused_while_an_objection_is_open_and_the_page_says_why(client, actors, running):
    """R-PUBLICITY: after the period, an open objection still blocks publication; the ministry's
    page names every open objection, and a crafted POST changes nothing."""
    publicity, decl, other = running
    objection = _objection(publicity, decl)
    _objection(publicity, other, name="赵六")
    _end(publicity)
    client.force_login(actors["reviewer"])
    page = client.get(reverse("reviews:ministry_publicity"), {"batch": publicity.batch_id}).content.decode()
    wait = page[page.index('id="publish-wait"'):]
    assert "有 2 条异议尚未处理" in wait and decl.unit_name in wait and other.unit_name in wait
    assert objection.get_absolute_url() in wait
    assert reverse("reviews:publish", args=[publicity.batch_id]) not in page
    response = client.post(reverse("reviews:publish", args=[publicity.batch_id]), follow=True)
    assert f"“{decl.unit_name}”、“{other.unit_name}”有尚未处理的异议（共 2 条）" in response.content.decode()
    assert not ListEntry.objects.exists()
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"
    # Once both are decided, the button is there.
    for o in Objection.objects.all():
        objections.resolve_objection(actor=actors["reviewer"], objection=o, upheld=False, reason="不属实")
    page = client.get(reverse("reviews:ministry_publicity"), {"batch": publicity.batch_id}).content.decode()
    assert 'id="publish-wait"' not in page and reverse("reviews:publish", args=[publicity.batch_id]) in page


def test_evidence_download_is_for_the_ministry_only(client, actors, running):
    publicity, decl, _other = running
    from django.core.files.base import ContentFile

    objection = _objection(publicity, decl, evidence=ContentFile(PDF_BYTES, name="现场照片.pdf"))
    url = reverse("reviews:objection_evidence", args=[objection.pk])
    client.force_login(actors["reviewer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]


MINISTRY_GETS = ["objections", "objection", "objection_evidence", "ministry_publicity", "exports_status"]
MINISTRY_POSTS = ["objection_resolve", "exports_request", "start_publicity", "publish"]


@pytest.mark.parametrize("who", ["applicant", "agency", "province", "expert", "admin", None])
def test_ministry_endpoints_refuse_everyone_else(client, actors, running, who):
    from django.core.files.base import ContentFile

    publicity, decl, _other = running
    objection = _objection(publicity, decl, evidence=ContentFile(PDF_BYTES, name="e.pdf"))
    args = {"objections": [], "objection": [objection.pk], "objection_evidence": [objection.pk],
            "ministry_publicity": [], "exports_status": [publicity.batch_id], "objection_resolve": [objection.pk],
            "exports_request": [publicity.batch_id], "start_publicity": [publicity.batch_id],
            "publish": [publicity.batch_id]}
    if who:
        client.force_login(actors[who])
    for name in MINISTRY_GETS + MINISTRY_POSTS:
        method = client.post if name in MINISTRY_POSTS else client.get
        data = {"decision": "upheld", "reason": "x", "confirmed": "1"} if name == "objection_resolve" else {}
        response = method(reverse(f"reviews:{name}", args=args[name]), data)
        if who is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code == 403, (who, name)
    objection.refresh_from_db()
    assert objection.status == "open"
    assert Declaration.objects.get(pk=decl.pk).status == "in_publicity"
    assert not HistoryEntry.objects.for_object(objection).exclude(action="file_objection").exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_ministry_objection_pages_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    shortlisted(walk, actors, batch, *[{}] * rows)
    publicity = services.start_publicity(actor=actors["reviewer"], batch=batch)
    for decl in publicity.declarations.all():
        _objection(publicity, decl)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:objections"), 8)
    assert html.count('class="badge text-bg-warning objection-status"') == rows
    html = steady_queries(reverse("reviews:objections"), 9, status="open", batch=batch.pk, q="测试")
    assert html.count("objection-status") == rows
    html = steady_queries(reverse("reviews:ministry_publicity"), 13, batch=batch.pk)
    assert html.count("条待处理</a>") == rows


def test_objection_list_filters_by_status_and_batch(client, actors, running, batch):
    publicity, decl, other = running
    first, second = _objection(publicity, decl), _objection(publicity, other, name="赵六")
    objections.resolve_objection(actor=actors["reviewer"], objection=second, upheld=False, reason="不属实")
    client.force_login(actors["reviewer"])
    html = client.get(reverse("reviews:objections"), {"status": "open"}).content.decode()
    assert first.get_absolute_url() in html and second.get_absolute_url() not in html
    html = client.get(reverse("reviews:objections"), {"q": "赵六"}).content.decode()
    assert second.get_absolute_url() in html and first.get_absolute_url() not in html
    other_batch = factories.batch("2020-batch5")
    html = client.get(reverse("reviews:objections"), {"batch": other_batch.pk}).content.decode()
    assert "没有符合条件的异议" in html


def test_role_is_checked_in_the_service_too(actors, running):
    publicity, decl, _other = running
    objection = _objection(publicity, decl)
    for who in ("province", "admin"):
        with pytest.raises(workflow.TransitionRefused.__mro__[1]):  # PermissionDenied
            objections.resolve_objection(actor=actors[who], objection=objection, upheld=True, reason="x")
    assert Objection.objects.get(pk=objection.pk).status == "open"
    assert actors["reviewer"].has_role(Role.MINISTRY_REVIEWER)
