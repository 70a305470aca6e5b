"""The province's ranking page (R-RANK, R-QUOTA, R-VETO-2), the summary workbook (R-SUMMARY)
and the ministry's overview of the recommendations."""
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import workflow
from applications.models import Declaration
from evaluations.models import Evaluation
from greenlist.models import Authority, Batch, BatchQuota, HistoryEntry
from reviews.recommendation import services as ranking
from reviews.recommendation.models import AuthorityRecommendation, RankingPosition, Recommendation
from reviews.recommendation.summary import display_width

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGE = reverse("reviews:province")


def _evaluated(walk, batch, n, **fields):
    return [walk(batch, until="evaluated", **fields) for _ in range(n)]


def _rows(html: str, section: str) -> list[dict]:
    """The rows of one section of the ranking page, as the official reads them."""
    block = html.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for tr in re.findall(r'<tr data-rank="\d+">(.*?)</tr>', block, flags=re.S):
        def text(cls, tr=tr):
            found = re.search(rf'class="[^"]*\b{cls}\b[^"]*"[^>]*>(.*?)</', tr, flags=re.S)
            return found.group(1).strip() if found else ""
        rows.append({"rank": text("gl-rank"), "unit": text("gl-unit"), "uscc": text("gl-uscc"),
                     "industry": text("gl-industry"), "region": text("gl-region"),
                     "self": text("gl-self-score"), "third": text("gl-third-party-score"),
                     "agency": text("gl-agency"), "pk": re.search(r'name="order" value="(\d+)"', tr).group(1)})
    return rows


def _names(html, section):
    return [r["unit"] for r in _rows(html, section)]


def _reorder(client, batch, section, order, **extra):
    return client.post(reverse("reviews:ranking_reorder", args=[batch.pk, "factory"]),
                       {"section": section, "order": [d.pk for d in order]}, **extra)


# --- R-RANK: the page and the order ----------------------------------------------------------

def test_page_shows_the_authoritys_candidates_recommended_and_pending_per_kind(client, actors, walk, batch):
    """R-RANK: evaluated declarations of the official's authority, by kind (tabs), with scores."""
    strong = walk(batch, until="evaluated", unit_name="强工厂")
    weak = walk(batch, until="evaluated", unit_name="弱工厂")
    recommended = walk(batch, until="recommended", unit_name="已推荐工厂")
    walk(batch, until="submitted", unit_name="评价中工厂")
    walk(batch, until="evaluated", unit_name="供应链企业", kind="supply_chain")
    walk(batch, until="evaluated", unit_name="江苏工厂", authority=Authority.objects.get(code="32"))
    client.force_login(actors["province"])
    html = client.get(PAGE, {"batch": batch.pk}).content.decode()
    assert _names(html, "candidates") == ["强工厂", "弱工厂"]  # equal self scores: first declared first
    assert _names(html, "recommended") == ["已推荐工厂"]
    assert "评价中工厂" in html.split('id="pending"')[1]
    assert "供应链企业" not in html and "江苏工厂" not in html
    row = _rows(html, "candidates")[0]
    score = Evaluation.objects.get(engagement__declaration=strong).score
    assert (row["uscc"], row["self"], row["third"], row["region"]) == (strong.uscc, str(strong.self_score), str(score),
                                                                       "杭州市")
    assert row["industry"].startswith("C26") and row["agency"] == actors["agency"].organisation.name
    assert f'href="/declarations/{weak.pk}/attachments/"' in html and "/evaluations/reports/" in html
    assert re.search(r'绿色供应链管理企业 <span[^>]*>1</span>', html)
    html = client.get(PAGE, {"batch": batch.pk, "kind": "supply_chain"}).content.decode()
    assert _names(html, "candidates") == ["供应链企业"] and "强工厂" not in html
    assert recommended.recommendation.rank == 1


def test_drag_order_is_saved_at_once_and_shown_after_reload(client, actors, walk, batch):
    """R-RANK: the dragged order is posted by htmx, answered with the section only, and kept."""
    a, b, c = _evaluated(walk, batch, 3)
    client.force_login(actors["province"])
    response = _reorder(client, batch, "candidates", [c, a, b], **HTMX)
    assert response.status_code == 200
    section = response.content.decode()
    assert "<html" not in section and 'id="ranking"' in section and "排序已保存" in section
    assert [int(r["pk"]) for r in _rows(section, "candidates")] == [c.pk, a.pk, b.pk]
    assert dict(RankingPosition.objects.values_list("declaration", "position")) == {c.pk: 1, a.pk: 2, b.pk: 3}
    html = client.get(PAGE).content.decode()
    assert [int(r["pk"]) for r in _rows(html, "candidates")] == [c.pk, a.pk, b.pk]
    assert [r["rank"] for r in _rows(html, "candidates")] == ["1", "2", "3"]
    record = AuthorityRecommendation.objects.get(batch=batch, authority__code="33")
    entry = HistoryEntry.objects.for_object(record).get(action="reorder")
    assert entry.actor == actors["province"] and entry.data["order"] == [c.pk, a.pk, b.pk]


def test_a_stale_order_is_refused_and_nothing_changes(client, actors, walk, batch):
    """R-RANK: a page that misses a declaration (a colleague acted meanwhile) cannot overwrite."""
    a, b, c = _evaluated(walk, batch, 3)
    client.force_login(actors["province"])
    response = _reorder(client, batch, "candidates", [b, a], **HTMX)
    assert response.status_code == 403
    assert "列表已发生变化" in response.content.decode()
    assert not RankingPosition.objects.exists()


def test_move_buttons_swap_neighbours_in_both_sections(client, actors, walk, batch):
    """R-RANK: up/down, with htmx and without; recommended ranks stay 1..n."""
    a, b = _evaluated(walk, batch, 2)
    r1, r2 = walk(batch, until="recommended"), walk(batch, until="recommended")
    client.force_login(actors["province"])
    response = client.post(reverse("reviews:ranking_move", args=[b.pk, "up"]), **HTMX)
    assert [int(r["pk"]) for r in _rows(response.content.decode(), "candidates")] == [b.pk, a.pk]
    response = client.post(reverse("reviews:ranking_move", args=[r1.pk, "down"]))  # no JavaScript
    assert response.status_code == 302
    assert dict(Recommendation.objects.values_list("declaration", "rank")) == {r2.pk: 1, r1.pk: 2}
    html = client.get(response["Location"]).content.decode()
    assert "排序已保存" in html and _names(html, "recommended") == [r2.unit_name, r1.unit_name]
    # At the top already: nothing moves, nothing is recorded.
    client.post(reverse("reviews:ranking_move", args=[r2.pk, "up"]), **HTMX)
    assert HistoryEntry.objects.filter(action="reorder").count() == 2


def test_recommend_from_the_page_joins_the_recommended_list_at_the_end(client, actors, walk, batch):
    """R-RANK: recommending appends; the official then moves it where it belongs."""
    first = walk(batch, until="recommended")
    decl, other = _evaluated(walk, batch, 2)
    client.force_login(actors["province"])
    response = client.post(reverse("reviews:recommend", args=[decl.pk]), **HTMX)
    section = response.content.decode()
    assert response.status_code == 200 and f"已推荐：{decl.unit_name}" in section
    assert _names(section, "recommended") == [first.unit_name, decl.unit_name]
    assert _names(section, "candidates") == [other.unit_name]
    assert Declaration.objects.get(pk=decl.pk).recommendation.rank == 2


def test_quota_full_recommendation_is_refused_in_the_section(client, actors, walk, batch):
    """R-QUOTA: over the authority's quota the refusal names it; the button is disabled."""
    BatchQuota.objects.filter(batch=batch, kind="factory", authority=None).update(limit=1)
    walk(batch, until="recommended")
    decl = walk(batch, until="evaluated")
    client.force_login(actors["province"])
    html = client.get(PAGE).content.decode()
    assert "名额已满" in html and re.search(r'已推荐 <strong>1</strong> / 1', html)
    response = client.post(reverse("reviews:recommend", args=[decl.pk]), **HTMX)
    assert response.status_code == 403
    assert "推荐名额为 1 个，已用完" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"


def test_a_recommendation_taken_back_frees_its_quota_place_and_closes_the_ranks(client, actors, walk, batch):
    """R-RANK / R-QUOTA: before submission a mistaken recommendation goes back to the candidates."""
    BatchQuota.objects.filter(batch=batch, kind="factory", authority=None).update(limit=2)
    first, second = walk(batch, until="recommended"), walk(batch, until="recommended")
    waiting = walk(batch, until="evaluated")
    client.force_login(actors["province"])
    response = client.post(reverse("reviews:ranking_unrecommend", args=[first.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "已撤回推荐" in html
    assert Declaration.objects.get(pk=first.pk).status == "evaluated"
    assert not Recommendation.objects.filter(declaration=first).exists()
    assert Recommendation.objects.get(declaration=second).rank == 1
    entry = HistoryEntry.objects.for_object(first).get(action="unrecommend")
    assert (entry.from_state, entry.to_state, entry.data["former_rank"]) == ("recommended", "evaluated", 1)
    assert first.unit_name in html.split('id="candidates"', 1)[1]
    client.post(reverse("reviews:recommend", args=[waiting.pk]), **HTMX)  # the freed place
    assert Declaration.objects.get(pk=waiting.pk).status == "recommended"


def test_taking_back_is_refused_after_submission_to_others_and_once_experts_review(client, actors, walk, batch):
    """R-RANK: no take-back after the authority submits; another province gets 404, other roles
    403; once the ministry has assigned experts the province must record a veto instead."""
    from reviews.expert_review.services import assign_experts

    decl, other = walk(batch, until="recommended"), walk(batch, until="recommended")
    url = reverse("reviews:ranking_unrecommend", args=[decl.pk])
    client.force_login(actors["other_province"])
    assert client.post(url).status_code == 404
    for who in ("applicant", "reviewer"):
        client.force_login(actors[who])
        assert client.post(url).status_code == 403
    assign_experts(actor=actors["reviewer"], declaration=other, experts=[actors["expert"]])
    with pytest.raises(workflow.TransitionRefused, match="已为该申报安排专家评审"):
        ranking.unrecommend(actor=actors["province"], declaration=other)
    ranking.submit(actor=actors["province"], batch=batch, authority=decl.authority)
    with pytest.raises(workflow.TransitionRefused, match="推荐结果已锁定"):
        ranking.unrecommend(actor=actors["province"], declaration=decl)
    assert set(Declaration.objects.filter(pk__in=[decl.pk, other.pk]).values_list("status", flat=True)) == {
        "recommended"}


# --- submission and the lock ------------------------------------------------------------------

def test_submission_confirms_then_locks_every_ranking_decision(client, actors, walk, batch):
    """R-RANK: after submission no reorder, recommend, return or reject; each refusal says why."""
    recommended = walk(batch, until="recommended")
    a, b = _evaluated(walk, batch, 2)
    client.force_login(actors["province"])
    url = reverse("reviews:ranking_submit", args=[batch.pk])
    confirm = client.get(url).content.decode()
    assert "确认报送" in confirm and recommended.unit_name in confirm and "另有 2 项已评价但未推荐" in confirm
    assert not AuthorityRecommendation.objects.filter(submitted_at__isnull=False).exists()
    response = client.post(url)
    assert response.status_code == 302
    record = AuthorityRecommendation.objects.get(batch=batch, authority__code="33")
    assert record.submitted_by == actors["province"] and record.submitted_at is not None
    assert HistoryEntry.objects.for_object(record).get(action="submit_recommendation").data == {
        "recommended": {"factory": 1}}
    html = client.get(PAGE).content.decode()
    assert 'id="locked"' in html and "gl-sortable" not in html and "/move/" not in html

    locked = "已于"
    refusals = [
        _reorder(client, batch, "candidates", [b, a], **HTMX),
        client.post(reverse("reviews:ranking_move", args=[b.pk, "up"]), **HTMX),
        client.post(reverse("reviews:recommend", args=[a.pk]), **HTMX),
        client.post(reverse("reviews:recommend", args=[a.pk])),
        client.post(reverse("applications:action", args=[a.pk, "return"]), {"note": "请补充"}),
        client.post(reverse("applications:action", args=[b.pk, "reject"]), {"note": "不符合"}),
        client.post(url),
    ]
    for response in refusals:
        assert response.status_code == 403
        assert locked in response.content.decode() and "推荐结果已锁定" in response.content.decode()
    assert {d.status for d in Declaration.objects.filter(pk__in=[a.pk, b.pk])} == {"evaluated"}
    assert not RankingPosition.objects.exists()
    assert AuthorityRecommendation.objects.get(pk=record.pk).submitted_at == record.submitted_at


def test_submission_after_the_deadline_is_refused(client, actors, walk, batch):
    """R-RANK: the recommendation is submitted before the batch's deadline, not after."""
    walk(batch, until="recommended")
    Batch.objects.filter(pk=batch.pk).update(recommendation_deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(actors["province"])
    url = reverse("reviews:ranking_submit", args=[batch.pk])
    assert "不能报送" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 403 and "已超过推荐截止日期" in response.content.decode()
    assert not AuthorityRecommendation.objects.filter(submitted_at__isnull=False).exists()
    assert 'id="submit-link"' not in client.get(PAGE).content.decode()


def test_nothing_recommended_cannot_be_submitted(client, actors, walk, batch):
    walk(batch, until="evaluated")
    client.force_login(actors["province"])
    response = client.post(reverse("reviews:ranking_submit", args=[batch.pk]))
    assert response.status_code == 403 and "尚未推荐任何申报" in response.content.decode()


def test_ministry_reviews_only_submitted_recommendations(actors, walk, batch):
    """R-RANK: shortlist and decline wait for the authority's submission."""
    decl, other = walk(batch, until="recommended"), walk(batch, until="recommended")
    for action, note in (("shortlist", "符合条件"), ("decline", "不符合")):
        with pytest.raises(workflow.TransitionRefused, match="浙江省尚未报送本批次的推荐"):
            workflow.perform(decl, action, actor=actors["reviewer"], note=note)
    ranking.submit(actor=actors["province"], batch=batch, authority=decl.authority)
    workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
    workflow.perform(other, "decline", actor=actors["reviewer"], note="不符合")
    assert Declaration.objects.get(pk=decl.pk).status == "shortlisted"


# --- R-VETO-2 ---------------------------------------------------------------------------------

def test_veto_found_later_takes_the_unit_out_with_its_data_in_history(client, actors, walk, batch):
    """R-VETO-2: item, source and note are recorded; the unit leaves the recommendation and the
    ranks after it close up."""
    first, vetoed, third = (walk(batch, until="recommended") for _ in range(3))
    client.force_login(actors["province"])
    url = reverse("reviews:ranking_veto", args=[vetoed.pk])
    page = client.get(url).content.decode()
    assert "失信被执行人" in page and "信息来源" in page
    response = client.post(url, {"item": "", "source": "", "note": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client.post(url, {"item": "dishonest_debtor", "source": "信用中国", "note": "2026年3月列入失信被执行人"})
    assert response.status_code == 302
    assert Declaration.objects.get(pk=vetoed.pk).status == "rejected"
    entry = HistoryEntry.objects.for_object(vetoed).get(action="veto")
    assert (entry.actor, entry.from_state, entry.to_state, entry.note) == (
        actors["province"], "recommended", "rejected", "2026年3月列入失信被执行人")
    assert entry.data == {"veto_item": "dishonest_debtor", "veto_item_label": "失信被执行人", "source": "信用中国",
                          "former_status": "recommended", "former_rank": 2}
    assert dict(Recommendation.objects.values_list("declaration", "rank")) == {first.pk: 1, third.pk: 2}
    html = client.get(PAGE).content.decode()
    assert "已记录否决项" in html and _names(html, "recommended") == [first.unit_name, third.unit_name]


def test_veto_needs_an_item_of_the_batchs_list_and_a_source(actors, walk, batch):
    """R-VETO-2: the guard refuses an unknown item or a missing source; nothing changes."""
    decl = walk(batch, until="evaluated")
    for item, source, message in (("not_operating", "信用中国", "否决项清单"), ("dishonest_debtor", " ", "信息来源")):
        with pytest.raises(workflow.TransitionRefused, match=message):
            ranking.veto(actor=actors["province"], declaration=decl, item=item, source=source, note="x")
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"
    assert not HistoryEntry.objects.filter(action="veto").exists()


def test_veto_is_still_possible_after_submission(actors, walk, batch):
    """R-VETO-2: a veto found while the ministry reviews removes the unit from the recommendation."""
    decl = walk(batch, until="shortlisted")
    ranking.veto(actor=actors["province"], declaration=decl, item="environmental_incident",
                 source="生态环境部门通报", note="2025年发生较大突发环境事件")
    assert Declaration.objects.get(pk=decl.pk).status == "rejected"
    assert not Recommendation.objects.filter(declaration=decl).exists()


# --- who may act ------------------------------------------------------------------------------

def test_another_provinces_official_gets_404_on_every_ranking_endpoint(client, actors, walk, batch):
    """R-RANK: 江苏's official cannot see or touch 浙江's ranking."""
    a, b = _evaluated(walk, batch, 2)
    rec = walk(batch, until="recommended")
    client.force_login(actors["other_province"])
    for url in (reverse("reviews:ranking_move", args=[a.pk, "down"]), reverse("reviews:recommend", args=[a.pk]),
                reverse("reviews:ranking_veto", args=[rec.pk])):
        assert client.post(url, {"item": "dishonest_debtor", "source": "x", "note": "x"}).status_code == 404, url
        assert client.post(url, **HTMX).status_code == 404, url
    assert client.get(reverse("reviews:ranking_veto", args=[rec.pk])).status_code == 404
    assert _reorder(client, batch, "candidates", [b, a]).status_code == 404
    html = client.get(PAGE).content.decode()
    assert a.unit_name not in html and rec.unit_name not in html
    book = load_workbook(io.BytesIO(client.get(reverse("reviews:ranking_summary", args=[batch.pk])).content))
    assert book["绿色工厂"].max_row == 3 and book["绿色工厂"]["A3"].value == "本类别暂无推荐。"
    assert {d.status for d in Declaration.objects.filter(pk__in=[a.pk, b.pk])} == {"evaluated"}
    assert Declaration.objects.get(pk=rec.pk).status == "recommended"
    assert not RankingPosition.objects.exists()


@pytest.mark.parametrize("who", ["applicant", "agency", "reviewer"])
def test_other_roles_are_refused_on_the_ranking_endpoints(client, actors, walk, batch, who):
    decl = walk(batch, until="evaluated")
    client.force_login(actors[who])
    for url in (PAGE, reverse("reviews:ranking_summary", args=[batch.pk]),
                reverse("reviews:ranking_submit", args=[batch.pk])):
        response = client.get(url)
        assert response.status_code == 403 and "此页面仅限省级主管部门使用" in response.content.decode(), url
    for url in (reverse("reviews:ranking_move", args=[decl.pk, "up"]), reverse("reviews:recommend", args=[decl.pk]),
                reverse("reviews:ranking_submit", args=[batch.pk])):
        assert client.post(url).status_code == 403, url
    assert _reorder(client, batch, "candidates", [decl]).status_code == 403
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"
    assert not AuthorityRecommendation.objects.exists()


def test_anonymous_is_sent_to_login(client, batch):
    for url in (PAGE, reverse("reviews:ranking_summary", args=[batch.pk])):
        assert client.get(url)["Location"].startswith("/accounts/login/")


# --- R-SUMMARY --------------------------------------------------------------------------------

def test_summary_workbook_cells_equal_the_screens_rows(client, actors, walk, batch):
    """R-SUMMARY: one sheet per kind, Chinese headers, frozen header, title; the cells are the
    recommended rows of the screen in its order."""
    decls = [walk(batch, until="recommended") for _ in range(3)]
    walk(batch, until="evaluated")  # a candidate is not in the summary
    client.force_login(actors["province"])
    _reorder(client, batch, "recommended", [decls[2], decls[0], decls[1]])
    screen = _rows(client.get(PAGE).content.decode(), "recommended")
    response = client.get(reverse("reviews:ranking_summary", args=[batch.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["绿色工厂", "绿色设计产品", "绿色工业园区", "绿色供应链管理企业"]
    sheet = book["绿色工厂"]
    assert sheet["A1"].value == f"浙江省 {batch.name} 绿色制造名单推荐汇总表（绿色工厂）"
    assert [c.value for c in sheet[2]] == ["排序", "单位名称", "统一社会信用代码", "所属行业", "所在地区",
                                          "自评价得分", "第三方评价得分", "第三方评价机构"]
    assert sheet.freeze_panes == "A3"
    for column in ("B", "C", "D", "H"):  # as wide as the longest cell, a CJK character counting two
        longest = max(display_width(c.value) for c in sheet[column][1:])
        assert longest + 2 <= sheet.column_dimensions[column].width <= 60, column
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(cells) == len(screen) == 3
    for row, shown in zip(cells, screen, strict=True):
        assert row == [int(shown["rank"]), shown["unit"], shown["uscc"], shown["industry"], shown["region"],
                       float(shown["self"]), float(shown["third"]), shown["agency"]]
    assert [r[1] for r in cells] == [decls[2].unit_name, decls[0].unit_name, decls[1].unit_name]


# --- query counts -----------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [1, 3])
def test_ranking_page_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        walk(batch, until="evaluated")
        walk(batch, until="recommended")
        walk(batch, until="submitted")
    client.force_login(actors["province"])
    html = steady_queries(PAGE, 12)
    assert len(_rows(html, "candidates")) == rows and len(_rows(html, "recommended")) == rows
    assert html.split('id="pending"')[1].count("gl-status-submitted") == rows


# --- the ministry's overview ------------------------------------------------------------------

OVERVIEW = reverse("reviews:ministry_recommendations")


def test_ministry_overview_counts_against_quota_with_submission_and_deadline(client, actors, walk, batch):
    """R-QUOTA / R-RANK: per authority and kind, recommended against quota, submitted with time."""
    jiangsu = Authority.objects.get(code="32")
    walk(batch, until="recommended")
    walk(batch, until="recommended")
    walk(batch, until="evaluated")
    walk(batch, until="recommended", authority=jiangsu)
    record = ranking.submit(actor=actors["other_province"], batch=batch, authority=jiangsu)
    client.force_login(actors["reviewer"])
    assert 'id="recommendations-link"' in client.get(reverse("reviews:ministry")).content.decode()
    html = client.get(OVERVIEW, {"batch": batch.pk}).content.decode()
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr><td>(\S+?)</td>.*?</tr>", html, flags=re.S)}
    assert re.search(r'gl-cell-factory"><span[^>]*>2 / 30</span> <span[^>]*>（1）', rows["浙江省"])
    assert "未报送" in rows["浙江省"] and "已报送" not in rows["浙江省"]
    assert "1 / 30" in rows["江苏省"] and "已报送" in rows["江苏省"]
    assert timezone.localtime(record.submitted_at).strftime("%Y年%-m月%-d日") in rows["江苏省"]
    assert "gl-cell-park" in rows["浙江省"] and "0 / 3" in rows["浙江省"].split("gl-cell-park")[1]
    assert "推荐中" in html
    html = client.get(OVERVIEW, {"batch": batch.pk, "kind": "park", "q": "江苏"}).content.decode()
    assert "江苏省" in html and "浙江省" not in html and "gl-cell-factory" not in html
    html = client.get(OVERVIEW, {"batch": batch.pk, "status": "submitted"}).content.decode()
    assert "江苏省" in html and "浙江省" not in html
    Batch.objects.filter(pk=batch.pk).update(recommendation_deadline=timezone.localdate() - datetime.timedelta(days=1))
    html = client.get(OVERVIEW, {"batch": batch.pk, "q": "浙江"}).content.decode()
    assert "逾期未报送" in html and "已截止" in html


@pytest.mark.parametrize("authorities", [1, 3])
def test_ministry_overview_query_count_is_fixed(client, actors, walk, batch, authorities, steady_queries):
    for code in ("33", "32", "11")[:authorities]:
        walk(batch, until="evaluated", authority=Authority.objects.get(code=code))
    client.force_login(actors["reviewer"])
    html = steady_queries(OVERVIEW, 11, batch=batch.pk)
    assert html.count("（1）") == authorities
    assert "共 37 条" in html


def test_ministry_overview_is_for_the_ministry(client, actors, batch):
    for who in ("province", "applicant", "agency"):
        client.force_login(actors[who])
        assert client.get(OVERVIEW).status_code == 403, who


# --- PostgreSQL: concurrent officials ---------------------------------------------------------

def _at_once(*calls):
    """Run the calls in threads released together; returns "ok" or the refusal of each."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[i] = "ok"
        except workflow.TransitionRefused as exc:
            outcomes[i] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def _needs_postgres(test):
    from django.db import connection

    test = pytest.mark.postgres(test)
    test = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")(test)
    return pytest.mark.django_db(transaction=True)(test)


@_needs_postgres
def test_submission_and_a_recommendation_at_once_never_cross(actors, walk, batch):
    """R-RANK / R-QUOTA: a recommendation racing the submission is either in it or refused."""
    from reviews.recommendation import services

    walk(batch, until="recommended")
    decl = walk(batch, until="evaluated")
    second_official = type(actors["province"]).objects.get(pk=actors["province"].pk)
    authority = decl.authority
    outcomes = _at_once(
        lambda: services.recommend(actor=second_official, declaration=decl),
        lambda: ranking.submit(actor=actors["province"], batch=batch, authority=authority),
    )
    assert outcomes[1] == "ok"
    record = AuthorityRecommendation.objects.get(batch=batch, authority=authority)
    counted = HistoryEntry.objects.for_object(record).get(action="submit_recommendation").data["recommended"]
    status = Declaration.objects.get(pk=decl.pk).status
    if outcomes[0] == "ok":  # recommended first: the submission counted it
        assert status == "recommended" and counted == {"factory": 2}
    else:  # submitted first: refused as locked
        assert "推荐结果已锁定" in outcomes[0] and status == "evaluated" and counted == {"factory": 1}


@_needs_postgres
def test_quota_holds_when_two_officials_recommend_from_the_page_at_once(actors, walk, batch):
    """R-QUOTA: one place left, two officials click 推荐 on the page at the same moment."""
    from django.test import Client

    BatchQuota.objects.filter(batch=batch, kind="factory", authority=None).update(limit=1)
    first, second = _evaluated(walk, batch, 2)
    clients = []
    for official in (actors["province"], type(actors["province"]).objects.get(pk=actors["province"].pk)):
        c = Client()
        c.force_login(official)
        clients.append(c)
    responses = []

    def click(c, decl):
        def call():
            responses.append(c.post(reverse("reviews:recommend", args=[decl.pk]), **HTMX))
        return call

    _at_once(click(clients[0], first), click(clients[1], second))
    assert sorted(r.status_code for r in responses) == [200, 403]
    refused = next(r for r in responses if r.status_code == 403)
    assert "推荐名额为 1 个，已用完" in refused.content.decode()
    assert Declaration.objects.filter(batch=batch, status="recommended").count() == 1


def test_the_admin_cannot_change_ranks_or_publicity_dates(client, actors, walk, batch):
    """R-RANK / R-PUBLICITY: ranks and publicity periods change on the officials' pages only, under
    their locks and with history; the admin shows them read-only."""
    decl = walk(batch, until="recommended")
    admin_user = actors["admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    rec = Recommendation.objects.get(declaration=decl)
    response = client.post(reverse("admin:recommendation_recommendation_change", args=[rec.pk]), {"rank": "9"})
    assert response.status_code == 403
    assert Recommendation.objects.get(pk=rec.pk).rank == 1
    page = client.get(reverse("admin:recommendation_recommendation_change", args=[rec.pk])).content.decode()
    assert 'name="rank"' not in page
    assert client.get(reverse("admin:publication_publicity_add")).status_code == 403
