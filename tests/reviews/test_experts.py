"""Ministry expert review (R-REVIEW-1): conflicts refused with their reason, experts see only what
they are assigned, their review is final, and the ministry decides with a reason."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications import workflow
from applications.attachments import Attachment
from applications.models import Declaration
from greenlist.models import HistoryEntry, Notification
from reviews.expert_review import services
from reviews.expert_review.models import ExpertAssignment
from tests import factories
from tests.conftest import submit_recommendation

pytestmark = pytest.mark.django_db


def assign(actors, decl, *experts):
    return services.assign_experts(actor=actors["reviewer"], declaration=decl, experts=experts or [actors["expert"]])


def review(actor, assignment, score="88.5", opinion="recommend", comment="能源管理体系健全，建议列入。"):
    from decimal import Decimal

    return services.submit_review(actor=actor, assignment=assignment, score=Decimal(score), opinion=opinion,
                                  comment=comment)


def refusal(actors, decl, expert) -> str:
    with pytest.raises(ValidationError) as refused:
        assign(actors, decl, expert)
    assert not ExpertAssignment.objects.filter(declaration=decl).exists()
    assert not expert.has_perm("applications.view_declaration", decl)
    return " ".join(refused.value.messages)


# --- conflicts of interest ----------------------------------------------------------------

def test_expert_from_the_same_authority_is_refused_with_the_reason(actors, walk, batch):
    """R-REVIEW-1: an expert of 浙江 cannot review a declaration 浙江 recommended."""
    decl = walk(batch, until="recommended")
    local = factories.expert(authority_code="33")
    assert "所属地区为浙江省，与申报的推荐单位相同，须回避" in refusal(actors, decl, local)


def test_expert_working_for_the_applicant_is_refused_with_the_reason(actors, walk, batch):
    """R-REVIEW-1: the applicant's own staff cannot review it (employer registered in the portal)."""
    decl = walk(batch, until="recommended")
    insider = factories.expert(employer=actors["applicant"].organisation)
    assert f"工作单位（{decl.applicant.name}）是申报单位，须回避" in refusal(actors, decl, insider)


def test_expert_whose_employer_name_is_the_applicant_is_refused(actors, walk, batch):
    """R-REVIEW-1: an employer without an account is compared by its normalised name
    (full-width letters, spaces)."""
    decl = walk(batch, until="recommended")
    spelled = " ".join(decl.applicant.name).replace("测试", "测 试")
    outsider = factories.expert(employer=None, employer_name=spelled)
    outsider.expert_profile.employer = None
    outsider.expert_profile.save()
    assert "是申报单位，须回避" in refusal(actors, decl, outsider)


def test_expert_working_for_the_agency_is_refused_with_the_reason(actors, walk, batch, agency_org):
    """R-REVIEW-1: staff of the agency that evaluated the declaration cannot review it."""
    decl = walk(batch, until="recommended")
    evaluator = factories.expert(employer=agency_org)
    message = refusal(actors, decl, evaluator)
    assert f"是该申报的第三方评价机构{agency_org.name}，须回避" in message


def test_expert_of_the_agencys_legal_person_by_name_is_refused(actors, walk, batch, agency_org):
    """R-REVIEW-1: the legal person behind the agency, named in full-width brackets or not."""
    decl = walk(batch, until="recommended")
    expert = factories.expert(employer=None, employer_name="测试评价认证 有限公司")
    expert.expert_profile.employer = None
    expert.expert_profile.save()
    assert "第三方评价机构" in refusal(actors, decl, expert)


def test_one_conflict_refuses_the_whole_request(actors, walk, batch):
    """All or none: a free expert chosen with a conflicted one is not assigned either."""
    decl = walk(batch, until="recommended")
    with pytest.raises(ValidationError):
        assign(actors, decl, actors["expert"], factories.expert(authority_code="33"))
    assert not ExpertAssignment.objects.exists()
    assert not Notification.objects.exists()


def test_conflict_through_the_page_is_a_403_that_says_why(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    local = factories.expert(authority_code="33")
    client.force_login(actors["reviewer"])
    page = client.get(reverse("reviews:ministry_review_detail", args=[decl.pk])).content.decode()
    assert "须回避" in page and f'id="expert-{local.pk}" disabled' in page  # shown before choosing
    response = client.post(reverse("reviews:assign_experts", args=[decl.pk]), {"experts": [local.pk]})
    assert response.status_code == 403
    assert "与申报的推荐单位相同，须回避" in response.content.decode()
    assert not ExpertAssignment.objects.exists()


def test_user_without_expert_role_or_profile_is_refused(actors, walk, batch):
    decl = walk(batch, until="recommended")
    assert "不是评审专家" in refusal(actors, decl, actors["other_province"])
    bare = factories.member("expert")
    assert "尚未登记专家信息" in refusal(actors, decl, bare)


# --- assignment ---------------------------------------------------------------------------

def test_assignment_grants_view_writes_history_and_notifies_once(actors, walk, batch):
    """R-REVIEW-1: the expert gains access to this declaration only, and hears of it once; a
    double click assigns nobody twice."""
    decl = walk(batch, until="recommended")
    other = walk(batch, until="recommended")
    expert = actors["expert"]
    [assignment] = assign(actors, decl)
    assert assign(actors, decl) == []  # the second click
    assert ExpertAssignment.objects.filter(declaration=decl, expert=expert).count() == 1
    assert expert.has_perm("applications.view_declaration", decl)
    assert not expert.has_perm("applications.view_declaration", other)
    rows = list(HistoryEntry.objects.for_object(assignment).values_list("action", "actor"))
    assert rows == [("assign_expert", actors["reviewer"].pk)]
    # Who reviews is not the applicant's to know: nothing on the declaration's own history.
    assert not HistoryEntry.objects.for_object(decl).filter(action="assign_expert").exists()
    [note] = Notification.objects.filter(recipient=expert)
    assert note.key == f"expert-assigned:{assignment.pk}" and decl.unit_name in note.subject
    assert note.url == reverse("reviews:expert_review", args=[assignment.pk])


def test_assign_page_twice_makes_one_assignment(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    client.force_login(actors["reviewer"])
    url = reverse("reviews:assign_experts", args=[decl.pk])
    first = client.post(url, {"experts": [actors["expert"].pk]}, follow=True)
    assert f"已分配专家：{actors['expert']}" in first.content.decode()
    second = client.post(url, {"experts": [actors["expert"].pk]}, follow=True)
    assert "未重复分配" in second.content.decode()
    assert ExpertAssignment.objects.count() == 1 and Notification.objects.count() == 1


def test_only_recommended_declarations_get_experts(actors, walk, batch):
    decl = walk(batch, until="evaluated")
    with pytest.raises(ValidationError) as refused:
        assign(actors, decl)
    assert "只能为省级已推荐" in refused.value.messages[0]


@pytest.mark.parametrize("who", ["province", "applicant", "agency", "expert", "admin"])
def test_other_roles_cannot_assign_or_decide(actors, walk, batch, who):
    """R-REVIEW-1: assigning experts and deciding are the ministry reviewer's."""
    decl = walk(batch, until="recommended")
    with pytest.raises(PermissionDenied):
        assign({**actors, "reviewer": actors[who]}, decl)
    with pytest.raises(PermissionDenied):
        services.decide(actor=actors[who], declaration=decl, decision="shortlist", reason="符合条件")
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"


@pytest.mark.parametrize("who", ["province", "applicant", "agency", "expert"])
def test_other_roles_get_403_on_the_ministry_pages(client, actors, walk, batch, who):
    decl = walk(batch, until="recommended")
    client.force_login(actors[who])
    assert client.get(reverse("reviews:ministry_review")).status_code == 403
    assert client.get(reverse("reviews:ministry_review_detail", args=[decl.pk])).status_code == 403
    response = client.post(reverse("reviews:assign_experts", args=[decl.pk]), {"experts": [actors["expert"].pk]})
    assert response.status_code == 403
    response = client.post(reverse("reviews:decide", args=[decl.pk]),
                           {"decision": "shortlist", "reason": "x", "confirm": "1"})
    assert response.status_code == 403
    assert not ExpertAssignment.objects.exists()
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"


def test_anonymous_is_sent_to_login(client, walk, batch):
    decl = walk(batch, until="recommended")
    for url in (reverse("reviews:ministry_review"), reverse("reviews:expert_tasks"),
                reverse("reviews:ministry_review_detail", args=[decl.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- what an expert sees ------------------------------------------------------------------

def test_expert_not_assigned_gets_404_everywhere(client, actors, walk, batch):
    """R-REVIEW-1: an expert sees only what they were assigned: detail, attachments, review page,
    another expert's review."""
    decl = walk(batch, until="recommended")
    colleague = factories.expert()
    [theirs] = assign(actors, decl, colleague)
    attachment = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors["expert"])
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404
    assert client.get(reverse("applications:attachments", args=[decl.pk])).status_code == 404
    assert client.get(reverse("applications:attachment_download", args=[decl.pk, attachment.pk])).status_code == 404
    report = decl.engagements.get(status="accepted").evaluations.get()
    assert client.get(reverse("evaluations:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("reviews:expert_review", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("reviews:expert_review", args=[theirs.pk]),
                           {"score": "10", "opinion": "not_recommend", "comment": "x", "confirm": "1"})
    assert response.status_code == 404
    assert ExpertAssignment.objects.get(pk=theirs.pk).submitted_at is None
    assert decl.unit_name not in client.get(reverse("reviews:expert_tasks")).content.decode()


def test_assigned_expert_sees_the_declaration_and_its_documents(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    attachment = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors["expert"])
    page = client.get(reverse("reviews:expert_review", args=[assignment.pk])).content.decode()
    assert decl.unit_name in page and "85.0" in page and "80.0" in page  # self and third-party scores
    assert reverse("applications:attachment_download", args=[decl.pk, attachment.pk]) in page
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 200
    assert client.get(reverse("applications:attachment_download", args=[decl.pk, attachment.pk])).status_code == 200
    report = decl.engagements.get(status="accepted").evaluations.get()
    assert reverse("evaluations:report", args=[report.pk]) in page
    assert client.get(reverse("evaluations:report", args=[report.pk])).status_code == 200


def test_withdrawn_assignment_takes_access_away(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    with pytest.raises(ValidationError):
        services.withdraw_assignment(actor=actors["reviewer"], assignment=assignment, reason="  ")
    services.withdraw_assignment(actor=actors["reviewer"], assignment=assignment, reason="专家出差，无法按期评审")
    client.force_login(actors["expert"])
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404
    assert client.get(reverse("reviews:expert_review", args=[assignment.pk])).status_code == 404
    assert HistoryEntry.objects.for_object(assignment).filter(action="withdraw_expert",
                                                              note="专家出差，无法按期评审").exists()


def test_expert_review_is_confirmed_then_final(client, actors, walk, batch):
    """R-REVIEW-1: score and comment; a confirmation first; once submitted, never changed."""
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    client.force_login(actors["expert"])
    url = reverse("reviews:expert_review", args=[assignment.pk])
    data = {"score": "88.5", "opinion": "recommend", "comment": "管理体系健全。"}
    step = client.post(url, data).content.decode()
    assert "评审意见提交后不可修改" in step
    assert ExpertAssignment.objects.get(pk=assignment.pk).submitted_at is None
    done = client.post(url, {**data, "confirm": "1"}, follow=True).content.decode()
    assert "评审意见已提交" in done
    row = ExpertAssignment.objects.get(pk=assignment.pk)
    assert (str(row.score), row.opinion, row.comment) == ("88.5", "recommend", "管理体系健全。")
    assert HistoryEntry.objects.for_object(row).filter(action="submit_expert_review",
                                                       actor=actors["expert"]).exists()
    assert Notification.objects.filter(recipient=actors["reviewer"], key=f"expert-reviewed:{row.pk}").count() == 1
    client.post(url, {"score": "10", "opinion": "not_recommend", "comment": "改了", "confirm": "1"})
    assert ExpertAssignment.objects.get(pk=assignment.pk).score == row.score
    with pytest.raises(ValidationError) as refused:
        review(actors["expert"], row, score="10")
    assert "不能修改" in refused.value.messages[0]


@pytest.mark.parametrize("score", ["-1", "100.1", "abc"])
def test_bad_score_is_refused_and_kept_on_the_form(client, actors, walk, batch, score):
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    client.force_login(actors["expert"])
    response = client.post(reverse("reviews:expert_review", args=[assignment.pk]),
                           {"score": score, "opinion": "recommend", "comment": "意见", "confirm": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="score-errors"' in page and "意见</textarea>" in page
    assert ExpertAssignment.objects.get(pk=assignment.pk).submitted_at is None


# --- the ministry's decision --------------------------------------------------------------

def test_decision_requires_a_reason(client, actors, walk, batch):
    """R-REVIEW-1: shortlist or not, each with a reason — in the workflow, the service and the page."""
    decl = walk(batch, until="recommended")
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.perform(decl, "shortlist", actor=actors["reviewer"])
    assert refused.value.code == "note_required"
    for decision in ("shortlist", "decline"):
        with pytest.raises(ValidationError):
            services.decide(actor=actors["reviewer"], declaration=decl, decision=decision, reason=" ")
    client.force_login(actors["reviewer"])
    page = client.post(reverse("reviews:decide", args=[decl.pk]),
                       {"decision": "shortlist", "reason": "", "confirm": "1"}).content.decode()
    assert "审核结论必须填写理由" in page
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"


def test_decision_waits_for_every_assigned_expert(client, actors, walk, batch):
    """The ministry decides on the experts' opinions: refused, and shown, while one is missing."""
    decl = walk(batch, until="recommended")
    [mine, theirs] = assign(actors, decl, actors["expert"], factories.expert())
    review(actors["expert"], mine)
    client.force_login(actors["reviewer"])
    page = client.get(reverse("reviews:ministry_review_detail", args=[decl.pk])).content.decode()
    assert 'id="experts-pending"' in page and "尚有 1 位专家未提交评审意见" in page
    response = client.post(reverse("reviews:decide", args=[decl.pk]),
                           {"decision": "shortlist", "reason": "专家意见一致", "confirm": "1"})
    assert response.status_code == 403 and str(theirs.expert) in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"
    review(theirs.expert, theirs, score="80")
    page = client.get(reverse("reviews:ministry_review_detail", args=[decl.pk])).content.decode()
    assert 'id="average">84.3<' in page  # (88.5 + 80) / 2, rounded half up


def test_shortlist_with_confirmation_writes_history(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    review(actors["expert"], assignment)
    submit_recommendation(actors["province"], batch, decl.authority)
    client.force_login(actors["reviewer"])
    url = reverse("reviews:decide", args=[decl.pk])
    step = client.post(url, {"decision": "shortlist", "reason": "专家评审平均 88.5 分，符合条件"}).content.decode()
    assert 'id="confirm-decision"' in step and "专家评审平均 88.5 分" in step
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"
    done = client.post(url, {"decision": "shortlist", "reason": "专家评审平均 88.5 分，符合条件", "confirm": "1"},
                       follow=True).content.decode()
    assert "已审核通过（拟入选）" in done
    assert Declaration.objects.get(pk=decl.pk).status == "shortlisted"
    rows = list(HistoryEntry.objects.for_object(decl).filter(action="shortlist")
                .values_list("from_state", "to_state", "actor", "note"))
    assert rows == [("recommended", "shortlisted", actors["reviewer"].pk, "专家评审平均 88.5 分，符合条件")]


def test_decline_with_a_reason(actors, walk, batch):
    decl = walk(batch, until="recommended")
    submit_recommendation(actors["province"], batch, decl.authority)
    services.decide(actor=actors["reviewer"], declaration=decl, decision="decline", reason="单位产品综合能耗未达先进值")
    assert Declaration.objects.get(pk=decl.pk).status == "rejected"
    assert HistoryEntry.objects.for_object(decl).get(action="decline").note == "单位产品综合能耗未达先进值"


def test_withdrawing_the_missing_expert_lets_the_ministry_decide(actors, walk, batch):
    decl = walk(batch, until="recommended")
    [assignment] = assign(actors, decl)
    services.withdraw_assignment(actor=actors["reviewer"], assignment=assignment, reason="回避申请")
    submit_recommendation(actors["province"], batch, decl.authority)
    services.decide(actor=actors["reviewer"], declaration=decl, decision="shortlist", reason="复核通过")
    assert Declaration.objects.get(pk=decl.pk).status == "shortlisted"


def test_the_generic_action_page_cannot_bypass_the_experts(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    assign(actors, decl)
    client.force_login(actors["reviewer"])
    response = client.post(reverse("applications:action", args=[decl.pk, "shortlist"]), {"note": "直接通过"})
    assert response.status_code == 404
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"


def test_expert_dashboard_lists_open_tasks(client, actors, walk, batch):
    decl = walk(batch, until="recommended")
    assign(actors, decl)
    client.force_login(actors["expert"])
    page = client.get(reverse("dashboard")).content.decode()
    assert decl.unit_name in page and reverse("reviews:expert_tasks") in page


# --- lists: filters and a fixed number of queries -----------------------------------------

@pytest.mark.parametrize("rows", [1, 3])
def test_expert_task_list_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for i in range(rows):
        [assignment] = assign(actors, walk(batch, until="recommended"))
        if i:
            review(actors["expert"], assignment)
    client.force_login(actors["expert"])
    html = steady_queries(reverse("reviews:expert_tasks"), 7)
    assert html.count("gl-task-open") == 1 and html.count("gl-task-done") == rows - 1
    pending = steady_queries(reverse("reviews:expert_tasks"), 7, status="pending")
    assert pending.count("gl-task-open") == 1 and "gl-task-done" not in pending


@pytest.mark.parametrize("rows", [1, 3])
def test_ministry_review_list_query_count_is_fixed(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        decl = walk(batch, until="recommended")
        [mine, _theirs] = assign(actors, decl, actors["expert"], factories.expert())
        review(actors["expert"], mine)
    client.force_login(actors["reviewer"])
    html = steady_queries(reverse("reviews:ministry_review"), 9)
    assert html.count('class="badge text-bg-warning gl-progress">1/2<') == rows
    assert html.count(">88.5<") == rows  # the average of the one submitted score


def test_ministry_review_list_filters(client, actors, walk, batch):
    assigned = walk(batch, until="recommended")
    bare = walk(batch, until="recommended", unit_name="宁波某某绿色工厂")
    assign(actors, assigned)
    client.force_login(actors["reviewer"])
    url = reverse("reviews:ministry_review")
    page = client.get(url, {"progress": "none"}).content.decode()
    assert bare.unit_name in page and assigned.unit_name not in page
    page = client.get(url, {"progress": "open"}).content.decode()
    assert assigned.unit_name in page and bare.unit_name not in page
    page = client.get(url, {"q": "宁波"}).content.decode()
    assert bare.unit_name in page and assigned.unit_name not in page
    page = client.get(url, {"authority": Declaration.objects.get(pk=bare.pk).authority_id, "kind": "park"})
    assert bare.unit_name not in page.content.decode()


def test_demo_expert_has_a_review_task(client):
    """seed_demo: the demo expert (北京) is assigned the recommended 浙江 factory, and a second
    run assigns nobody twice."""
    from django.core.management import call_command

    from greenlist.portal import demo

    call_command("seed_demo")
    call_command("seed_demo")
    [task] = ExpertAssignment.objects.filter(expert__username="expert")
    assert task.declaration.status == "recommended" and task.submitted_at is None
    client.login(username="expert", password=demo.DEMO_PASSWORD)
    assert client.get(reverse("reviews:expert_review", args=[task.pk])).status_code == 200
    assert task.declaration.unit_name in client.get(reverse("dashboard")).content.decode()
