"""Applicant pages over HTTP: what the page shows, what changed, and each refusal's status and message."""
import re
import uuid

import pytest
from django.urls import reverse

from applications.models import Declaration
from greenlist.models import Authority, HistoryEntry, Industry
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(batch, agency_org, **overrides):
    data = {
        "batch": batch.pk, "kind": "factory", "unit_name": "杭州绿能电机有限公司", "uscc": "91350100M000100Y43",
        "authority": Authority.objects.get(code="33").pk, "city": "杭州市",
        "industry": Industry.objects.get(code="38").pk, "self_score": "88.5",
        "contact_name": "李四", "contact_phone": "0571-1234", "agency": agency_org.pk,
    }
    data.update(overrides)
    return data


def test_create_shows_uscc_error_next_to_the_field_and_keeps_the_input(client, actors, batch, agency_org):
    """R-USCC: a bad checksum is an error on the form; nothing is saved; typed values stay."""
    client.force_login(actors["applicant"])
    url = reverse("applications:create") + f"?batch={batch.pk}"
    response = client.post(url, form_data(batch, agency_org, uscc="91350100M000100Y44"))
    html = response.content.decode()
    assert response.status_code == 200, "the form is shown again, not redirected"
    assert "校验位错误：第 18 位应为“3”" in html
    assert 'value="杭州绿能电机有限公司"' in html and 'value="0571-1234"' in html
    assert not Declaration.objects.exists()


def test_create_saves_a_draft_with_history_and_agency(client, actors, batch, agency_org):
    client.force_login(actors["applicant"])
    url = reverse("applications:create") + f"?batch={batch.pk}"
    response = client.post(url, form_data(batch, agency_org, uscc="91350100m000100y43"), follow=True)
    decl = Declaration.objects.get()
    assert decl.uscc == "91350100M000100Y43" and decl.status == "draft"
    assert decl.engagements.get().agency == agency_org
    assert "草稿已保存" in response.content.decode()
    assert list(HistoryEntry.objects.for_object(decl).values_list("action", flat=True)) == ["create", "engage_agency"]


def test_double_click_on_create_makes_one_draft(client, actors, batch, agency_org):
    """The create form carries a one-time token: the same POST twice gives one draft and takes
    the second click to it; a new form (new token) makes a new draft."""
    client.force_login(actors["applicant"])
    url = reverse("applications:create") + f"?batch={batch.pk}&kind=factory"
    page = client.get(url).content.decode()
    token = re.search(r'name="creation_token" value="([0-9a-f-]{36})"', page).group(1)
    first = client.post(url, form_data(batch, agency_org, creation_token=token))
    second = client.post(url, form_data(batch, agency_org, creation_token=token), follow=True)
    decl = Declaration.objects.get()
    assert first.url == second.redirect_chain[-1][0] == decl.get_absolute_url()
    assert "重复提交未再创建" in second.content.decode()
    assert decl.engagements.count() == 1
    assert HistoryEntry.objects.for_object(decl).filter(action="create").count() == 1

    client.post(url, form_data(batch, agency_org, creation_token=str(uuid.uuid4()), unit_name="另一工厂"))
    assert Declaration.objects.count() == 2


def test_another_organisations_token_creates_its_own_draft(client, actors, batch, agency_org):
    """A token names a draft of the poster's own organisation only: reusing someone else's token
    neither reveals nor reuses their draft."""
    token = str(uuid.uuid4())
    url = reverse("applications:create") + f"?batch={batch.pk}&kind=factory"
    client.force_login(actors["applicant"])
    client.post(url, form_data(batch, agency_org, creation_token=token))
    client.force_login(actors["other_applicant"])
    response = client.post(url, form_data(batch, agency_org, creation_token=token, unit_name="别家工厂"))
    assert response.status_code == 200  # refused by the unique token: the form again, not their draft
    assert "表单已失效" in response.content.decode() and 'value="别家工厂"' in response.content.decode()
    assert set(Declaration.objects.values_list("unit_name", flat=True)) == {"杭州绿能电机有限公司"}


def test_other_applicant_gets_404_on_detail_edit_and_action(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["other_applicant"])
    for name in ("detail", "edit"):
        response = client.get(reverse(f"applications:{name}", args=[decl.pk]))
        assert response.status_code == 404
        assert "页面不存在，或您无权查看" in response.content.decode()
    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]))
    assert response.status_code == 404
    assert Declaration.objects.get(pk=decl.pk).status == "draft"


def test_crafted_post_cannot_change_a_submitted_declaration(client, actors, walk, batch, agency_org):
    """R-FLOW-2: the edit page of a submitted declaration refuses GET and POST alike."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["applicant"])
    response = client.post(reverse("applications:edit", args=[decl.pk]),
                           form_data(batch, agency_org, unit_name="偷偷改名"))
    assert response.status_code == 403
    assert "内容已冻结，不能修改" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).unit_name == decl.unit_name


def test_wrong_role_on_the_action_page_is_a_403_with_the_reason(client, actors, walk, batch):
    decl = walk(batch, until="evaluated")
    client.force_login(actors["reviewer"])
    response = client.post(reverse("applications:action", args=[decl.pk, "return"]), {"note": "补充材料"})
    assert response.status_code == 403
    assert "须由省级主管部门办理" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"


def test_wrong_state_on_the_action_page_is_a_403_with_the_state(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    client.force_login(actors["applicant"])
    response = client.get(reverse("applications:action", args=[decl.pk, "submit"]))
    assert response.status_code == 403
    assert "申报当前状态为“已提交”，不能执行“提交申报”" in response.content.decode()


def test_submit_through_the_confirmation_page(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    page = client.get(reverse("applications:action", args=[decl.pk, "submit"])).content.decode()
    assert "此操作提交后不可撤回" in page
    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]), follow=True)
    assert "已提交申报" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_return_needs_a_reason_on_the_form(client, actors, walk, batch):
    decl = walk(batch, until="evaluated")
    client.force_login(actors["province"])
    response = client.post(reverse("applications:action", args=[decl.pk, "return"]), {"note": ""})
    assert "这个字段是必填项。" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"
    client.post(reverse("applications:action", args=[decl.pk, "return"]), {"note": "请补充能源计量证明"})
    entry = HistoryEntry.objects.for_object(decl).get(action="return")
    assert (entry.note, entry.actor, entry.to_state) == ("请补充能源计量证明", actors["province"], "returned")


def test_pages_are_limited_to_their_role(client, actors):
    client.force_login(actors["agency"])
    response = client.get(reverse("applications:list"))
    assert response.status_code == 403
    assert "此页面仅限申报单位使用" in response.content.decode()
    client.force_login(actors["applicant"])
    for url, message in ((reverse("reviews:province"), "此页面仅限省级主管部门使用"),
                         (reverse("reviews:ministry"), "此页面仅限工业和信息化部审核人员使用"),
                         (reverse("evaluations:engagements"), "此页面仅限第三方评价机构人员使用")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert message in response.content.decode(), url


@pytest.mark.parametrize("url", ["/declarations/new/?batch=abc", "/reviews/province/?batch=abc",
                                 "/reviews/ministry/?batch=1x"])
def test_malformed_batch_parameter_is_a_404_not_a_500(client, actors, url):
    client.force_login(actors["applicant" if url.startswith("/decl") else
                            "province" if "province" in url else "reviewer"])
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_self_or_third_party_batch_follows_the_agency_choice(client, actors, agency_org):
    """R-FLOW-3 (2024): naming an agency means third-party evaluation; clearing it means
    self-evaluation, and the agency loses access."""
    batch = factories.batch("2024-measures")
    client.force_login(actors["applicant"])
    client.post(reverse("applications:create") + f"?batch={batch.pk}", form_data(batch, agency_org))
    decl = Declaration.objects.get()
    assert decl.uses_third_party and decl.engagements.get().status == "proposed"  # the agency answers (R-AGENCY-2)
    client.post(reverse("applications:edit", args=[decl.pk]), form_data(batch, agency_org, agency=""))
    decl.refresh_from_db()
    assert not decl.uses_third_party and decl.engagements.get().status == "withdrawn"
    client.force_login(actors["agency"])
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404


def test_list_shows_only_my_declarations_and_filters(client, actors, walk, batch):
    mine = walk(batch, until="draft", unit_name="我的工厂甲")
    walk(batch, until="submitted", unit_name="我的工厂乙")
    walk(batch, until="draft", applicant=actors["other_applicant"], unit_name="别人的工厂")
    client.force_login(actors["applicant"])
    html = client.get(reverse("applications:list")).content.decode()
    assert "我的工厂甲" in html and "我的工厂乙" in html and "别人的工厂" not in html
    html = client.get(reverse("applications:list"), {"status": "draft"}).content.decode()
    assert "我的工厂甲" in html and "我的工厂乙" not in html
    html = client.get(reverse("applications:list"), {"q": mine.uscc}).content.decode()
    assert "我的工厂甲" in html and "我的工厂乙" not in html


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        walk(batch, until="draft")
    client.force_login(actors["applicant"])
    html = steady_queries(reverse("applications:list"), QUERIES["list"])
    assert html.count("gl-status-draft") == rows


@pytest.mark.parametrize("until", ["draft", "in_publicity"])
def test_detail_query_count_is_fixed(client, actors, walk, batch, until, django_assert_max_num_queries):
    decl = walk(batch, until=until)
    client.force_login(actors["applicant"])
    with django_assert_max_num_queries(QUERIES["detail"]):
        response = client.get(reverse("applications:detail", args=[decl.pk]))
    assert decl.unit_name in response.content.decode()


@pytest.mark.parametrize("rows", [1, 4])
def test_dashboard_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        walk(batch, until="submitted")
    client.force_login(actors["agency"])
    html = steady_queries(reverse("dashboard"), QUERIES["agency_dashboard"])
    assert html.count("gl-status-submitted") == rows


# detail is a bounded page (no rows that grow): its parts (details, negative list, attachments,
# self-evaluation, the pre-submission check of a draft) each read their own rows once.
QUERIES = {"list": 11, "detail": 22, "agency_dashboard": 5}


def test_an_empty_post_shows_the_form_errors_not_a_500(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    for target in (reverse("applications:create") + f"?batch={batch.pk}&kind=factory",
                   reverse("applications:edit", args=[decl.pk])):
        response = client.post(target, {})
        assert response.status_code == 200, target
        assert "这个字段是必填项" in response.content.decode(), target


def test_others_see_the_returned_version_not_the_draft_being_revised(client, actors, walk, batch):
    """R-FLOW-2: while the applicant revises a returned declaration, the province (and anyone else
    who may view it) sees the version it was returned from; the applicant sees its draft."""
    from applications import workflow as flow
    from applications.details import details_of, save_details
    from applications.services import update_declaration

    decl = walk(batch, until="evaluated")
    submitted_name, submitted_address = decl.unit_name, details_of(decl).registered_address
    assert submitted_address
    flow.perform(decl, "return", actor=actors["province"], note="请补充能源审计报告")
    update_declaration(actor=actors["applicant"], declaration=decl, unit_name="修改中的新名称工厂")
    save_details(actor=actors["applicant"], declaration=decl, registered_address="草稿里的新地址 99 号")

    client.force_login(actors["province"])
    html = client.get(reverse("applications:detail", args=[decl.pk])).content.decode()
    assert 'id="submitted-version-notice"' in html and "第 1 版提交时的内容" in html
    assert submitted_name in html and submitted_address in html
    assert "修改中的新名称工厂" not in html and "草稿里的新地址" not in html
    response = client.get(reverse("applications:self_evaluation", args=[decl.pk]))
    assert response.status_code == 403 and "申报单位正在修改自评价" in response.content.decode()

    client.force_login(actors["applicant"])
    html = client.get(reverse("applications:detail", args=[decl.pk])).content.decode()
    assert "修改中的新名称工厂" in html and "草稿里的新地址" in html and "submitted-version-notice" not in html
    assert client.get(reverse("applications:self_evaluation", args=[decl.pk])).status_code == 200
