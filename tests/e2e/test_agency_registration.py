"""An agency registers in the browser (R-AGENCY-1: a refusal first), the ministry approves it,
and the public directory lists it."""
import pytest
from playwright.sync_api import Page, expect

from evaluations.agencies import AgencyProfile
from greenlist.models import Organisation, Role
from tests import factories
from tests.conftest import PDF_BYTES
from tests.e2e.test_walking_skeleton import login, logout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agency_registers_is_approved_and_listed(page: Page, live_server, actors, tmp_path):
    base = live_server.url
    organisation = Organisation.objects.create(name="绿标评价技术服务中心", kind=Organisation.Kind.AGENCY)
    staff = factories.member(Role.AGENCY_STAFF, organisation)
    evidence = tmp_path / "资质证明.pdf"
    evidence.write_bytes(PDF_BYTES)

    login(page, base, staff)
    page.goto(f"{base}/evaluations/agency/profile/")
    page.get_by_label("法人单位名称").fill("绿标评价技术服务有限公司")
    page.get_by_label("法定代表人").fill("周绿标")
    for condition in ("在中华人民共和国境内注册的独立法人", "有固定的办公场所", "财务状况良好"):
        page.get_by_label(condition).check()
    page.get_by_label("中级及以上职称专职人员数").fill("12")
    page.get_by_label("其中高级职称人员数").fill("5")  # 41.7 % senior: below half
    page.get_by_label("近五年相关评价经验").fill("2021—2025 年完成绿色工厂评价 30 余项")
    page.locator("input[type=file]").set_input_files(evidence)
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("占 12 人的 41.7%，应不低于 50%")).to_be_visible()
    assert not AgencyProfile.objects.filter(organisation=organisation).exists()

    page.get_by_label("其中高级职称人员数").fill("7")
    page.locator("input[type=file]").set_input_files(evidence)
    page.get_by_role("button", name="提交审核").click()
    profile = AgencyProfile.objects.get(organisation=organisation)
    assert profile.status == "pending"
    logout(page)

    # Not yet approved: the public directory does not list it.
    page.goto(f"{base}/agencies/")
    expect(page.get_by_text("绿标评价技术服务中心")).to_have_count(0)

    login(page, base, actors["reviewer"])
    page.goto(f"{base}/evaluations/agencies/")
    page.get_by_role("link", name="绿标评价技术服务中心").click()
    page.get_by_label("批准", exact=True).check()
    page.get_by_role("button", name="提交审核结果").click()
    expect(page.get_by_text("已批准", exact=True).first).to_be_visible()
    assert AgencyProfile.objects.get(pk=profile.pk).status == "approved"
    logout(page)

    page.goto(f"{base}/agencies/")
    expect(page.get_by_text("绿标评价技术服务中心")).to_be_visible()
