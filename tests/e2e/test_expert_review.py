"""Ministry expert review in a real browser (R-REVIEW-1): the ministry assigns an expert (a local
expert is shown as conflicted and cannot be chosen), the expert scores and comments, and the
ministry shortlists with a reason after confirming."""
import pytest
from playwright.sync_api import Page, expect

from applications.models import Declaration
from greenlist.models import HistoryEntry
from reviews.expert_review.models import ExpertAssignment
from tests import factories
from tests.conftest import submit_recommendation
from tests.e2e.test_walking_skeleton import login, logout, shot  # noqa: F401 (shot is a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ministry_assigns_expert_scores_ministry_shortlists(page: Page, live_server, batch, actors, walk, shot):  # noqa: F811
    base = live_server.url
    reviewer, expert = actors["reviewer"], actors["expert"]
    decl = walk(batch, until="recommended")
    submit_recommendation(actors["province"], batch, decl.authority)  # the ministry reviews submitted ones (R-RANK)
    local = factories.expert(authority_code="33")  # from 浙江, like the declaration
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))

    # 1. Ministry: from the ministry page to the review page; assign the expert. -------------
    login(page, base, reviewer)
    page.goto(f"{base}/reviews/ministry/")
    page.locator("#expert-review-link").click()
    row = page.locator("#review-queue tbody tr").filter(has_text=decl.unit_name)
    expect(row).to_contain_text("未分配")
    shot("e1-ministry-queue")
    row.get_by_role("link", name="评审与审核").click()
    expect(page.get_by_role("heading", name=f"专家评审与审核：{decl.unit_name}")).to_be_visible()
    conflicted = page.locator(".form-check").filter(has_text=str(local))
    expect(conflicted).to_contain_text("与申报的推荐单位相同，须回避")
    expect(page.locator(f"#expert-{local.pk}")).to_be_disabled()
    page.locator(f"#expert-{expert.pk}").check()
    page.get_by_role("button", name="分配所选专家").click()
    expect(page.get_by_text(f"已分配专家：{expert}")).to_be_visible()
    expect(page.locator(f'#experts tr[data-expert="{expert.username}"]')).to_contain_text("待评审")
    # Deciding waits for the expert's opinion, and says so.
    expect(page.locator("#experts-pending")).to_contain_text("尚有 1 位专家未提交评审意见")
    expect(page.get_by_role("button", name="提交审核结论")).to_be_disabled()
    shot("e2-ministry-assigned")
    logout(page)

    # 2. Expert: the task list, the review page, score with confirmation. --------------------
    login(page, base, expert)
    page.goto(f"{base}/dashboard/")
    expect(page.locator(".card").filter(has_text="分配给我的评审")).to_contain_text(decl.unit_name)
    page.get_by_role("link", name="我的评审任务").click()
    task = page.locator("#expert-tasks tbody tr").filter(has_text=decl.unit_name)
    expect(task).to_contain_text("待评审")
    shot("e3-expert-tasks")
    task.get_by_role("link", name="评审", exact=True).click()
    expect(page.get_by_role("heading", name=f"专家评审：{decl.unit_name}")).to_be_visible()
    expect(page.locator("#self-score")).to_have_text("85.0")
    expect(page.locator("#third-party-score")).to_contain_text("80.0")
    expect(page.locator("#documents li")).to_have_count(4)  # three attachments and the evaluation report
    page.get_by_label("评分（0—100）").fill("88.5")
    page.get_by_label("建议列入", exact=True).check()
    page.get_by_label("评审说明").fill("能源管理体系健全，绩效指标达到引领值，建议列入。")
    shot("e4-expert-review-form")
    page.get_by_role("button", name="提交评审意见").click()
    expect(page.locator("#confirm-review")).to_contain_text("评审意见提交后不可修改")
    page.get_by_role("button", name="确认提交评审意见").click()
    expect(page.get_by_text(f"评审意见已提交：{decl.unit_name}")).to_be_visible()
    expect(page.locator("#my-score")).to_have_text("88.5")
    expect(page.get_by_role("button", name="提交评审意见")).to_have_count(0)
    shot("e5-expert-submitted")
    # The declaration itself is now open to the expert, read-only.
    page.locator("#declaration-link").click()
    expect(page.get_by_role("heading", name=decl.unit_name)).to_be_visible()
    logout(page)

    # 3. Ministry: the score and average, then shortlist with a reason and confirmation. ----
    login(page, base, reviewer)
    page.goto(f"{base}/reviews/ministry/review/")
    row = page.locator("#review-queue tbody tr").filter(has_text=decl.unit_name)
    expect(row.locator(".gl-progress")).to_have_text("1/1")
    expect(row).to_contain_text("88.5")
    row.get_by_role("link", name="评审与审核").click()
    expect(page.locator("#average")).to_have_text("88.5")
    page.get_by_label("审核通过（拟入选）").check()
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator("#reason-errors")).to_have_text("审核结论必须填写理由。")
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"
    page.get_by_label("审核通过（拟入选）").check()
    page.get_by_label("理由").fill("专家评审 88.5 分，建议列入，符合条件")
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator("#confirm-decision")).to_contain_text("专家评审 88.5 分")
    shot("e6-ministry-confirm")
    page.get_by_role("button", name="确认提交审核结论").click()
    expect(page.get_by_text(f"已审核通过（拟入选）：{decl.unit_name}")).to_be_visible()
    expect(page.locator("#decided")).to_contain_text("专家评审 88.5 分，建议列入，符合条件")
    shot("e7-ministry-decided")

    # Database effects.
    assignment = ExpertAssignment.objects.get(declaration=decl)
    assert (str(assignment.score), assignment.opinion, assignment.expert_id) == ("88.5", "recommend", expert.pk)
    assert Declaration.objects.get(pk=decl.pk).status == "shortlisted"
    decision = HistoryEntry.objects.for_object(decl).get(action="shortlist")
    assert (decision.actor_id, decision.note) == (reviewer.pk, "专家评审 88.5 分，建议列入，符合条件")
    assert not ExpertAssignment.objects.filter(expert=local).exists()
