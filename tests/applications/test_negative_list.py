"""The negative-list declaration (否决项声明, R-VETO-1): wording by batch policy, the page, what
blocks submission, and what is frozen into the submitted version (R-FLOW-2)."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import negative_list, services, workflow
from applications.models import Declaration, DeclarationVersion
from applications.negative_list import NegativeListAnswer
from greenlist.models import HistoryEntry
from tests import factories
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

WORDING_2016 = ["较大及以上安全、质量事故", "较大（Ⅲ级）及以上突发环境事件", "列入工业节能监察整改名单且未完成整改",
                "失信被执行人"]
WORDING_2024 = ["未正常生产经营：已注销、连续停产超过12个月或列入经营异常名录",
                "发生安全（含网络安全、数据安全）、质量、环境污染等事故，或偷税漏税", "曾被撤销绿色制造名单",
                "国务院或工业和信息化部督查发现严重问题", "列入工业节能监察整改名单且未完成整改", "被列为失信被执行人"]
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def page_url(decl):
    return reverse("applications:negative_list", args=[decl.pk])


def post_data(batch, **answers):
    """All items 'no' unless given: answers={code: "yes"} or {code: ("yes", "说明")}."""
    data = {}
    for item in negative_list.items_for(batch):
        given = answers.get(item.code, "no")
        answer, explanation = given if isinstance(given, tuple) else (given, "")
        data[f"{item.code}-answer"] = answer
        data[f"{item.code}-explanation"] = explanation
    return data


def answers_of(decl):
    return dict(NegativeListAnswer.objects.filter(declaration=decl).values_list("item_code", "answer"))


def draft_without_answers(actors, batch):
    decl = services.create_declaration(actor=actors["applicant"], batch=batch, **factories.declaration_values())
    from evaluations.services import engage_agency

    if decl.uses_third_party:
        engage_agency(actor=actors["applicant"], declaration=decl, agency=actors["agency"].organisation)
    return decl


# --- wording by batch ---------------------------------------------------------------------

@pytest.mark.parametrize(("preset", "wording", "absent"), [
    ("2020-batch5", WORDING_2016, "曾被撤销绿色制造名单"),
    ("2024-measures", WORDING_2024, "较大（Ⅲ级）及以上突发环境事件"),
])
def test_the_batch_chooses_the_wording(client, actors, preset, wording, absent):
    """R-VETO-1 (policy): 2016–2023 wording for the fifth batch, the 2024 art.15 list for 2024."""
    batch = factories.batch(preset)
    assert [str(i.wording) for i in negative_list.items_for(batch)] == wording
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    html = client.get(page_url(decl)).content.decode()
    positions = [html.index(f"{n}. {w}") for n, w in enumerate(wording, start=1)]
    assert positions == sorted(positions), "the items are shown in the order of the policy"
    assert absent not in html
    first, last = batch.year - 3, batch.year - 1
    assert f"近三年（{first}—{last} 年）" in html
    assert html.count('type="radio"') == 2 * len(wording)


# --- submission ---------------------------------------------------------------------------

def test_unanswered_items_are_listed_when_submitting(actors, batch):
    """R-VETO-1: submission lists every item not yet declared, and nothing is submitted."""
    decl = draft_without_answers(actors, batch)
    negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl, answers={
        "safety_quality_accident": {"answer": "no"}, "dishonest_debtor": {"answer": "no"}})
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    message = refused.value.message
    assert "否决项声明未完成：“较大（Ⅲ级）及以上突发环境事件”；“列入工业节能监察整改名单且未完成整改”。" in message
    assert "较大及以上安全、质量事故" not in message and "失信被执行人" not in message
    assert Declaration.objects.get(pk=decl.pk).status == "draft"
    assert not DeclarationVersion.objects.filter(declaration=decl).exists()


def test_a_yes_refuses_submission_and_names_the_item(client, actors, walk, batch):
    """R-VETO-1: any "yes" blocks submission with a message that names the item."""
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    response = client.post(page_url(decl), post_data(
        batch, environmental_incident=("yes", "2022年发生一起较大突发环境事件，已整改。")), follow=True)
    assert "否决项“较大（Ⅲ级）及以上突发环境事件”为“是”，不能提交申报。" in response.content.decode()
    assert answers_of(decl)["environmental_incident"] == "yes"

    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "否决项“较大（Ⅲ级）及以上突发环境事件”为“是”，不能提交申报。" in html
    assert "较大及以上安全、质量事故”为“是”" not in html
    assert Declaration.objects.get(pk=decl.pk).status == "draft"
    assert not DeclarationVersion.objects.filter(declaration=decl).exists()


def test_all_no_allows_submission_and_the_answers_are_frozen_in_the_version(client, actors, walk, batch):
    """R-VETO-1 and R-FLOW-2: all "no" submits; the answers, with the evidence's name, are in
    the submitted version."""
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    data = post_data(batch, dishonest_debtor=("no", "已在信用中国查询，无记录。"))
    data["dishonest_debtor-evidence"] = SimpleUploadedFile("信用中国查询结果.pdf", PDF_BYTES, "application/pdf")
    client.post(page_url(decl), data)
    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]), follow=True)
    assert "已提交申报" in response.content.decode()
    decl.refresh_from_db()
    assert decl.status == "submitted"
    frozen = decl.versions.get(number=1).data["negative_list"]
    assert frozen["version"] == "2016" and frozen["years"] == [batch.year - 3, batch.year - 1]
    assert [(i["code"], i["wording"], i["answer"]) for i in frozen["items"]] == [
        ("safety_quality_accident", WORDING_2016[0], "no"), ("environmental_incident", WORDING_2016[1], "no"),
        ("energy_rectification", WORDING_2016[2], "no"), ("dishonest_debtor", WORDING_2016[3], "no")]
    last = frozen["items"][-1]
    assert (last["explanation"], last["evidence_name"]) == ("已在信用中国查询，无记录。", "信用中国查询结果.pdf")
    assert last["evidence_file"].startswith("negative-list-evidence/") and "信用" not in last["evidence_file"]


def test_walk_answers_the_2024_list_and_submits(actors, walk):
    """R-VETO-1: a 2024 batch declares its six items; the version holds them."""
    batch = factories.batch("2024-measures")
    decl = walk(batch, until="submitted")
    items = decl.versions.get().data["negative_list"]["items"]
    assert [i["wording"] for i in items] == WORDING_2024
    assert {i["answer"] for i in items} == {"no"}


# --- the page -----------------------------------------------------------------------------

def test_the_page_saves_every_answer_at_once_with_one_history_row(client, actors, batch):
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    response = client.post(page_url(decl), post_data(batch), follow=True)
    assert response.redirect_chain[-1][0] == decl.get_absolute_url()
    html = response.content.decode()
    assert "否决项声明已保存" in html
    assert 'id="negative-list"' in html and "修改否决项声明" in html
    assert answers_of(decl) == {item.code: "no" for item in negative_list.items_for(batch)}
    rows = HistoryEntry.objects.for_object(decl).filter(action="declare_negative_list")
    assert rows.count() == 1 and rows.get().actor == actors["applicant"]
    assert "填写否决项声明" in html  # the history label

    # Saving the same answers again changes nothing and writes no row.
    client.post(page_url(decl), post_data(batch))
    assert HistoryEntry.objects.for_object(decl).filter(action="declare_negative_list").count() == 1


def test_a_changed_answer_is_recorded_old_to_new(client, actors, batch):
    """R-FLOW-1: the history keeps which answer changed, from what to what, under the item's wording."""
    decl = draft_without_answers(actors, batch)
    item = negative_list.items_for(batch)[-1]
    client.force_login(actors["applicant"])
    client.post(page_url(decl), post_data(batch))
    client.post(page_url(decl), post_data(batch, **{item.code: ("yes", "2023 年曾被列入，已履行完毕")}))
    first, second = HistoryEntry.objects.for_object(decl).filter(action="declare_negative_list")
    assert first.data["changes"] == {i.code: [None, "no"] for i in negative_list.items_for(batch)}
    assert second.data["changes"] == {item.code: ["no", "yes"]}
    html = client.get(decl.get_absolute_url()).content.decode()
    assert f"{item.wording}：<del>否</del> → " in html


def test_a_yes_without_explanation_or_evidence_is_refused_and_the_input_kept(client, actors, batch):
    """R-VETO-1: a "yes" is declared with evidence; the error is next to the item; nothing saved."""
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    data = post_data(batch, safety_quality_accident="yes", dishonest_debtor=("no", "无失信记录"))
    response = client.post(page_url(decl), data)
    assert response.status_code == 200, response.content[:300]
    html = response.content.decode()
    assert "选择“是”时，请填写情况说明或上传证明材料。" in html
    assert 'id="safety_quality_accident-explanation-errors"' in html
    assert "无失信记录" in html
    assert 'value="yes" class="form-check-input" id="id_safety_quality_accident-answer_0" checked' in html
    assert not NegativeListAnswer.objects.filter(declaration=decl).exists()


def test_a_yes_with_evidence_only_is_accepted(client, actors, batch):
    """R-VETO-1: evidence alone (a scanned image) supports a "yes"."""
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    data = post_data(batch, energy_rectification="yes")
    data["energy_rectification-evidence"] = SimpleUploadedFile("整改通知.png", PNG_BYTES, "image/png")
    client.post(page_url(decl), data)
    answer = NegativeListAnswer.objects.get(declaration=decl, item_code="energy_rectification")
    assert (answer.answer, answer.explanation, answer.evidence_name) == ("yes", "", "整改通知.png")
    assert answer.evidence.read() == PNG_BYTES


def test_a_renamed_executable_is_refused_as_evidence(client, actors, batch):
    """Uploads are checked by content: an .exe named .pdf is refused next to its field."""
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    data = post_data(batch)
    data["dishonest_debtor-evidence"] = SimpleUploadedFile("证明.pdf", EXE_BYTES, "application/pdf")
    response = client.post(page_url(decl), data)
    assert response.status_code == 200, response.content[:300]
    html = response.content.decode()
    assert 'id="dishonest_debtor-evidence-errors"' in html
    assert "“证明.pdf”的内容是Windows 可执行程序（application/x-msdownload），不是允许的文件类型（允许：PDF、JPEG、PNG）。" in html
    assert not NegativeListAnswer.objects.filter(declaration=decl).exists()


def test_evidence_is_downloaded_only_by_who_may_see_the_declaration(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl, answers={
        "dishonest_debtor": {"answer": "no", "evidence": ContentFile(PDF_BYTES, name="查询结果.pdf")}})
    answer = NegativeListAnswer.objects.get(declaration=decl, item_code="dishonest_debtor")
    url = reverse("applications:negative_list_evidence", args=[answer.pk])
    client.force_login(actors["applicant"])
    detail = client.get(decl.get_absolute_url()).content.decode()
    assert url in detail and "查询结果.pdf" in detail
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    client.force_login(actors["other_applicant"])
    assert client.get(url).status_code == 404


def test_evidence_uploaded_while_a_returned_declaration_is_revised_is_the_applicants(client, actors, walk, batch):
    """R-FLOW-2: while a returned declaration is revised, evidence uploaded since its submission is
    the applicant's alone (404 to the province, the agency and the ministry, and nothing changes);
    evidence as submitted stays downloadable, and the new one is theirs once resubmitted."""
    decl = walk(batch, until="draft")
    negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl, answers={
        "safety_quality_accident": {"answer": "no", "evidence": ContentFile(PDF_BYTES, name="提交时.pdf")}})
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    workflow.perform(decl, "return", actor=actors["province"], note="请补充失信查询证明")
    negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl, answers={
        "dishonest_debtor": {"answer": "no", "evidence": ContentFile(PDF_BYTES, name="修改中.pdf")}})
    submitted, revised = (reverse("applications:negative_list_evidence", args=[a.pk]) for a in (
        NegativeListAnswer.objects.get(declaration=decl, item_code=code)
        for code in ("safety_quality_accident", "dishonest_debtor")))
    history, before = HistoryEntry.objects.count(), answers_of(decl)

    for role in ("province", "agency", "reviewer", "admin"):
        client.force_login(actors[role])
        assert client.get(revised).status_code == 404, role
        assert client.get(submitted).status_code == 200, role
    assert (HistoryEntry.objects.count(), answers_of(decl)) == (history, before)
    client.force_login(actors["applicant"])
    assert client.get(revised).status_code == 200
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["province"])
    assert client.get(revised).status_code == 200


# --- refusals -----------------------------------------------------------------------------

def test_a_submitted_declaration_refuses_a_crafted_post(client, actors, walk, batch):
    """R-FLOW-2: after submission the negative list is frozen: page and service refuse (403)."""
    decl = walk(batch, until="submitted")
    before = answers_of(decl)
    declared = HistoryEntry.objects.for_object(decl).filter(action="declare_negative_list")
    rows_before = declared.count()
    client.force_login(actors["applicant"])
    for response in (client.get(page_url(decl)),
                     client.post(page_url(decl), post_data(batch, safety_quality_accident=("yes", "改")))):
        assert response.status_code == 403
        assert "内容已冻结，不能修改" in response.content.decode()
    with pytest.raises(workflow.TransitionRefused) as refused:
        negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl,
                                            answers={"safety_quality_accident": {"answer": "yes", "explanation": "x"}})
    assert refused.value.code == "frozen"
    assert answers_of(decl) == before
    assert declared.count() == rows_before
    detail = client.get(decl.get_absolute_url()).content.decode()
    assert 'id="negative-list"' in detail and page_url(decl) not in detail


def test_another_organisations_applicant_gets_404(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    before = answers_of(decl)
    client.force_login(actors["other_applicant"])
    assert client.get(page_url(decl)).status_code == 404
    response = client.post(page_url(decl), post_data(batch, dishonest_debtor=("yes", "x")))
    assert response.status_code == 404
    assert "页面不存在，或您无权查看" in response.content.decode()
    assert answers_of(decl) == before


def test_an_official_who_may_see_the_declaration_may_not_declare_for_it(client, actors, walk, batch):
    """Only the applicant declares: the province sees the answers but gets a 403 on the page."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["province"])
    assert 'id="negative-list"' in client.get(decl.get_absolute_url()).content.decode()
    response = client.post(page_url(decl), post_data(batch, dishonest_debtor=("yes", "x")))
    assert response.status_code == 403
    assert "您无权修改该申报" in response.content.decode()
    assert set(answers_of(decl).values()) == {"no"}


def test_service_refuses_an_item_not_in_the_batch_wording(actors):
    """R-VETO-1 (policy): a 2016-only item cannot be answered on a 2024 batch."""
    decl = draft_without_answers(actors, factories.batch("2024-measures"))
    with pytest.raises(ValidationError):
        negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl,
                                            answers={"environmental_incident": {"answer": "no"}})
    with pytest.raises(ValidationError):
        negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl,
                                            answers={"removed_from_list": {"answer": "yes"}})
    assert not NegativeListAnswer.objects.filter(declaration=decl).exists()


def test_returned_declaration_reopens_the_negative_list_and_keeps_the_old_version(client, actors, walk, batch):
    """R-FLOW-2: a return reopens the page; the new answer goes into version 2, version 1 stays."""
    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="请补充失信查询证明")
    client.force_login(actors["applicant"])
    assert client.get(page_url(decl)).status_code == 200
    client.post(page_url(decl), post_data(batch, dishonest_debtor=("no", "附信用中国查询截图")))
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    v1, v2 = (v.data["negative_list"]["items"][-1]["explanation"] for v in decl.versions.order_by("number"))
    assert (v1, v2) == ("", "附信用中国查询截图")


@pytest.mark.parametrize("preset", ["2020-batch5", "2024-measures"])
@pytest.mark.parametrize("answered", [False, True])
def test_page_query_count_is_fixed(client, actors, preset, answered, steady_queries):
    """The page's queries do not grow with the number of items or answers."""
    batch = factories.batch(preset)
    decl = draft_without_answers(actors, batch)
    if answered:
        negative_list.declare_negative_list(actor=actors["applicant"], declaration=decl,
                                            answers=negative_list.all_no(batch))
    client.force_login(actors["applicant"])
    html = steady_queries(page_url(decl), QUERIES)
    assert html.count("checked") == (len(negative_list.items_for(batch)) if answered else 0)


QUERIES = 11


def test_evidence_is_stored_and_served_as_what_its_bytes_are(client, actors, batch):
    """A PDF named evil.html is kept and served as a PDF, never as an HTML page."""
    decl = draft_without_answers(actors, batch)
    client.force_login(actors["applicant"])
    data = post_data(batch, energy_rectification="yes")
    data["energy_rectification-evidence"] = SimpleUploadedFile("evil.html", PDF_BYTES, "text/html")
    client.post(page_url(decl), data)
    answer = NegativeListAnswer.objects.get(declaration=decl, item_code="energy_rectification")
    assert answer.evidence.name.endswith(".pdf") and answer.evidence_name == "evil.pdf"
    response = client.get(reverse("applications:negative_list_evidence", args=[answer.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evil.pdf"' in response["Content-Disposition"]
