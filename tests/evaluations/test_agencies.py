"""The agency registry (R-AGENCY-1): registration with its conditions, the ministry's decision,
the public list; debarment (R-AGENCY-BAN); the ministry's supervision page."""
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.forms import DeclarationForm
from applications.models import Declaration
from evaluations import registry
from evaluations import services as evaluations
from evaluations.agencies import AgencyProfile
from greenlist.models import HistoryEntry, Organisation, Role
from tests import factories
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("evaluations:agency_profile")
MINISTRY_URL = reverse("evaluations:agencies")
PUBLIC_URL = reverse("agencies:list")


def form_data(**overrides):
    data = {
        "legal_person": "绿评认证有限公司", "legal_representative": "陈法人", "registered_in_china": "on",
        "fixed_office": "on", "sound_finances": "on", "qualified_staff": "12", "senior_staff": "6",
        "experience": "2022—2025 年完成绿色工厂评价 20 项。",
        "evidence": SimpleUploadedFile("证明.pdf", PDF_BYTES, "application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def newcomer(reference_data):
    """Staff of an agency that has not registered yet."""
    agency = factories.OrganisationFactory(kind=Organisation.Kind.AGENCY, authority=None, name="新设评价中心")
    return factories.member(Role.AGENCY_STAFF, organisation=agency, email="staff@new.cn")


def pending_profile(user):
    return registry.register_agency(
        actor=user, organisation=user.organisation, evidence=SimpleUploadedFile("e.pdf", PDF_BYTES, "application/pdf"),
        **{k: v for k, v in factories.APPROVED_PROFILE.items() if k != "status"},
    )


def debar(actors, agency, **kwargs):
    return registry.debar_agency(actor=actors["reviewer"], profile=agency.agency_profile, reason="报告严重失实", **kwargs)


# -- registration -----------------------------------------------------------------------------

def test_agency_registers_and_waits_for_the_ministry(client, newcomer):
    """R-AGENCY-1: the agency declares its conditions with evidence; the profile is pending."""
    client.force_login(newcomer)
    response = client.post(PROFILE_URL, form_data())
    assert response.status_code == 302
    profile = AgencyProfile.objects.get(organisation=newcomer.organisation)
    assert (profile.status, profile.qualified_staff, profile.senior_staff) == ("pending", 12, 6)
    assert profile.evidence.name.startswith("agency-evidence/") and "证明" not in profile.evidence.name
    assert HistoryEntry.objects.for_object(profile).get().action == "register_agency"
    page = client.get(PROFILE_URL).content.decode()
    assert "待审核" in page and "重新提交审核" in page


def test_a_corrected_registration_records_what_it_changed(client, actors, newcomer):
    """R-AGENCY-1: a resubmission keeps, old → new, what it corrected; the ministry's page shows it."""
    pending_profile(newcomer)
    fields = {k: v for k, v in factories.APPROVED_PROFILE.items() if k != "status"}
    profile = registry.register_agency(actor=newcomer, organisation=newcomer.organisation,
                                       **{**fields, "qualified_staff": 14, "senior_staff": 8})
    first, second = HistoryEntry.objects.for_object(profile)
    assert "changes" not in first.data
    assert second.data["changes"] == {"qualified_staff": [12, 14], "senior_staff": [6, 8]}
    client.force_login(actors["reviewer"])
    page = client.get(reverse("evaluations:agency_review", args=[newcomer.organisation.pk])).content.decode()
    assert "<del>12</del> → " in page and "<del>6</del> → " in page


@pytest.mark.parametrize(("overrides", "messages"), [
    ({"qualified_staff": "8", "senior_staff": "5"}, ["中级及以上职称专职人员为 8 人，应不少于 10 人"]),
    ({"qualified_staff": "12", "senior_staff": "5"}, ["高级职称人员为 5 人，占 12 人的 41.7%，应不低于 50%"]),
    ({"fixed_office": None, "sound_finances": None}, ["须声明：有固定的办公场所", "须声明：财务状况良好"]),
    ({"experience": ""}, ["请填写近五年相关评价经验"]),
])
def test_registration_refuses_unmet_conditions_with_the_numbers(client, newcomer, overrides, messages):
    """R-AGENCY-1: ≥ 10 intermediate+ staff, ≥ 50 % of them senior, the declarations, experience."""
    client.force_login(newcomer)
    response = client.post(PROFILE_URL, form_data(**overrides))
    assert response.status_code == 200, response.content[:300]
    page = response.content.decode()
    for message in messages:
        assert message in page
    assert not AgencyProfile.objects.filter(organisation=newcomer.organisation).exists()


def test_registration_service_refuses_too_few_staff(newcomer):
    """R-AGENCY-1: the service refuses on its own, whatever posts to it."""
    fields = {k: v for k, v in factories.APPROVED_PROFILE.items() if k != "status"}
    with pytest.raises(ValidationError) as refused:
        registry.register_agency(actor=newcomer, organisation=newcomer.organisation,
                                 evidence=SimpleUploadedFile("e.pdf", PDF_BYTES, "application/pdf"),
                                 **{**fields, "qualified_staff": 9, "senior_staff": 4})
    assert "中级及以上职称专职人员为 9 人，应不少于 10 人。" in refused.value.messages
    assert "高级职称人员为 4 人，占 9 人的 44.4%，应不低于 50%。" in refused.value.messages


def test_registration_needs_evidence_of_an_allowed_type(client, newcomer):
    client.force_login(newcomer)
    response = client.post(PROFILE_URL, form_data(evidence=None))
    assert "请上传证明材料" in response.content.decode()
    fake = SimpleUploadedFile("e.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "application/pdf")
    response = client.post(PROFILE_URL, form_data(evidence=fake))
    assert "不是允许的文件类型" in response.content.decode()
    assert not AgencyProfile.objects.filter(organisation=newcomer.organisation).exists()


def test_profile_page_is_for_agency_staff_only(client, actors):
    client.force_login(actors["applicant"])
    assert client.get(PROFILE_URL).status_code == 403


def test_agency_cannot_register_another_organisation(actors, newcomer):
    fields = {k: v for k, v in factories.APPROVED_PROFILE.items() if k != "status"}
    with pytest.raises(Exception) as refused:
        registry.register_agency(actor=actors["agency"], organisation=newcomer.organisation, **fields)
    assert "只有本机构的人员" in str(refused.value)


# -- the ministry's decision ------------------------------------------------------------------

def test_ministry_approves_and_the_agency_is_told_after_commit(client, actors, newcomer, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    """R-AGENCY-1: a ministry official approves the agency; only then can it be engaged."""
    profile = pending_profile(newcomer)
    client.force_login(actors["reviewer"])
    url = reverse("evaluations:agency_review", args=[newcomer.organisation.pk])
    assert "提交审核结果" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form": "decision", "decision": "approve", "reason": ""})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.status, profile.decided_by) == ("approved", actors["reviewer"])
    assert [h.action for h in HistoryEntry.objects.for_object(profile)] == ["register_agency", "approve_agency"]
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["staff@new.cn"]
    assert "已经工业和信息化部批准" in mailoutbox[0].body


def test_rejection_needs_a_reason(client, actors, newcomer, mailoutbox, django_capture_on_commit_callbacks):
    """R-AGENCY-1: rejected with a reason, which the agency reads on its page and in the mail."""
    profile = pending_profile(newcomer)
    client.force_login(actors["admin"])
    url = reverse("evaluations:agency_review", args=[newcomer.organisation.pk])
    response = client.post(url, {"form": "decision", "decision": "reject", "reason": "  "})
    assert response.status_code == 400
    assert "不予批准时须填写理由" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"form": "decision", "decision": "reject", "reason": "高级职称证书与人员名单不符"})
    profile.refresh_from_db()
    assert (profile.status, profile.reason) == ("rejected", "高级职称证书与人员名单不符")
    assert "高级职称证书与人员名单不符" in mailoutbox[0].body
    client.force_login(newcomer)
    page = client.get(PROFILE_URL).content.decode()
    assert "未批准" in page and "高级职称证书与人员名单不符" in page
    with pytest.raises(ValidationError):  # the service refuses a reasonless rejection on its own
        registry.decide_agency(actor=actors["admin"], profile=pending_profile(newcomer), approve=False, reason="")


@pytest.mark.parametrize("who", ["agency", "applicant", "province", "expert"])
def test_only_the_ministry_reviews_agencies(client, actors, newcomer, who):
    """R-AGENCY-1: approval is the ministry's; an agency cannot approve itself or see another's file."""
    profile = pending_profile(newcomer)
    client.force_login(actors[who])
    url = reverse("evaluations:agency_review", args=[newcomer.organisation.pk])
    assert client.get(MINISTRY_URL).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"form": "decision", "decision": "approve"}).status_code == 403
    assert client.get(reverse("evaluations:agency_evidence", args=[profile.pk])).status_code == 404
    profile.refresh_from_db()
    assert profile.status == "pending"
    with pytest.raises(Exception, match="仅工业和信息化部"):
        registry.decide_agency(actor=actors[who], profile=profile, approve=True)


def test_evidence_is_served_to_its_agency_and_the_ministry(client, actors, newcomer):
    profile = pending_profile(newcomer)
    url = reverse("evaluations:agency_evidence", args=[profile.pk])
    for user in (newcomer, actors["reviewer"]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_an_agency_not_approved_is_not_offered_and_cannot_be_engaged(actors, walk, batch, newcomer, status):
    """R-AGENCY-1: only approved agencies can be engaged."""
    profile = pending_profile(newcomer)
    if status == "rejected":
        registry.decide_agency(actor=actors["reviewer"], profile=profile, approve=False, reason="材料不全")
    offered = DeclarationForm(batch=batch).fields["agency"].queryset
    assert newcomer.organisation not in offered and actors["agency"].organisation in offered
    decl = walk(batch, until="draft")
    with pytest.raises(ValidationError, match="尚未经工业和信息化部批准"):
        evaluations.engage_agency(actor=actors["applicant"], declaration=decl, agency=newcomer.organisation)
    assert decl.engagements.get(status__in=["proposed", "accepted"]).agency == actors["agency"].organisation


# -- debarment --------------------------------------------------------------------------------

def test_debarment_defaults_to_the_open_batchs_ban_years(reference_data):
    """R-AGENCY-BAN (policy): three years by default, the open batch's agency_ban_years when set."""
    today = datetime.date(2026, 4, 15)
    assert registry.default_debarment_end(today) == datetime.date(2029, 4, 15)
    factories.batch("2020-batch5", agency_ban_years=5)
    assert registry.default_debarment_end(today) == datetime.date(2031, 4, 15)
    assert registry.default_debarment_end(datetime.date(2028, 2, 29)) == datetime.date(2033, 2, 28)


def test_ministry_debars_an_agency_which_can_no_longer_be_engaged(client, actors, walk, batch, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    """R-AGENCY-BAN: debarred with a reason and an end date; not offered, engagement refused."""
    agency = actors["agency"].organisation
    client.force_login(actors["reviewer"])
    url = reverse("evaluations:agency_review", args=[agency.pk])
    default_end = registry.default_debarment_end()
    assert default_end.isoformat() in client.get(url).content.decode()  # the form's default date
    response = client.post(url, {"form": "debarment", "debarred_until": default_end.isoformat(), "debarment_reason": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form": "debarment", "debarred_until": default_end.isoformat(),
                                     "debarment_reason": "出具虚假评价报告"})
    assert response.status_code == 302
    profile = AgencyProfile.objects.get(organisation=agency)
    assert (profile.debarred_until, profile.debarment_reason) == (default_end, "出具虚假评价报告")
    assert HistoryEntry.objects.for_object(profile).get(action="debar_agency").note == "出具虚假评价报告"
    assert "已被禁入" in mailoutbox[0].body

    assert agency not in DeclarationForm(batch=batch).fields["agency"].queryset
    decl = walk(batch, until="draft", agency=actors["other_agency"])
    with pytest.raises(ValidationError) as refused:
        evaluations.engage_agency(actor=actors["applicant"], declaration=decl, agency=agency)
    date = f"{default_end.year}年{default_end.month}月{default_end.day}日"
    assert f"已被禁入（至 {date}），不能委托" in refused.value.messages[0]


def test_debarment_ends_after_its_last_day(actors, batch):
    """R-AGENCY-BAN: debarred through debarred_until inclusive, engageable again the day after."""
    agency = actors["agency"].organisation
    profile = debar(actors, agency, until=timezone.localdate())
    assert profile.is_debarred() and agency not in DeclarationForm(batch=batch).fields["agency"].queryset
    assert not profile.is_debarred(timezone.localdate() + datetime.timedelta(days=1))


def test_a_debarred_agency_cannot_submit_its_evaluation(client, actors, walk, batch):
    """R-AGENCY-BAN: its reports are not accepted; the message names the end date."""
    decl = walk(batch, until="submitted")
    until = timezone.localdate() + datetime.timedelta(days=400)
    debar(actors, actors["agency"].organisation, until=until)
    engagement = evaluations.live_engagement(decl)
    date = f"{until.year}年{until.month}月{until.day}日"
    with pytest.raises(workflow.TransitionRefused, match=f"已被禁入（至 {date}）"):
        evaluations.save_evaluation(actor=actors["agency"], engagement=engagement, submit=True, conclusion="meets")
    client.force_login(actors["agency"])
    response = client.post(reverse("evaluations:evaluate", args=[decl.pk]), {
        "conclusion": "meets", "on_site_date": "2026-11-01", "recommendations": "无", "submit": "1",
        "report": SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf")})
    assert response.status_code == 403
    assert f"贵机构已被禁入（至 {date}），禁入期间不能提交评价报告" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_engagements_in_progress_are_flagged_to_the_province(client, actors, walk, batch):
    """R-AGENCY-BAN: the province sees the debarment next to the agency of a declaration in progress."""
    decl = walk(batch, until="submitted")
    until = timezone.localdate() + datetime.timedelta(days=30)
    client.force_login(actors["province"])
    assert "评价机构已被禁入" not in client.get(reverse("reviews:province")).content.decode()
    debar(actors, actors["agency"].organisation, until=until)
    page = client.get(reverse("reviews:province")).content.decode()
    assert "评价机构已被禁入（至 " in page
    page = client.get(decl.get_absolute_url()).content.decode()
    assert "评价机构已被禁入（至 " in page


# -- public list and supervision --------------------------------------------------------------

def test_public_page_lists_approved_agencies_and_marks_debarred_ones(client, actors, newcomer):
    """R-AGENCY-1: the public page lists approved agencies only; R-AGENCY-BAN: a debarred one is marked."""
    pending_profile(newcomer)
    debar(actors, actors["other_agency"].organisation)
    page = client.get(PUBLIC_URL).content.decode()  # no login
    assert actors["agency"].organisation.name in page and actors["other_agency"].organisation.name in page
    assert newcomer.organisation.name not in page
    assert page.count("可受托") == 1 and page.count("禁入至") == 1
    page = client.get(PUBLIC_URL, {"q": actors["agency"].organisation.name}).content.decode()
    assert actors["agency"].organisation.name in page and actors["other_agency"].organisation.name not in page


def test_ministry_sees_projects_per_batch_conclusions_and_debarment(client, actors, walk, batch):
    """Supervision: engagements per batch, conclusions and debarment on the ministry's list."""
    walk(batch, until="evaluated")
    walk(batch, until="submitted")
    debar(actors, actors["agency"].organisation)
    client.force_login(actors["reviewer"])
    page = client.get(MINISTRY_URL, {"q": actors["agency"].organisation.name}).content.decode()
    assert f"{batch.name}：2" in page
    assert "符合 1 · 不符合 0" in page
    assert "评价机构已被禁入" in page
    assert actors["other_agency"].organisation.name not in page
    assert 'name="q"' in page and 'name="status"' in page  # the search form
    page = client.get(MINISTRY_URL, {"status": "pending"}).content.decode()
    assert "没有符合条件的评价机构" in page


MINISTRY_LIST_QUERIES = 8
PUBLIC_LIST_QUERIES = 2


def test_ministry_list_query_count_is_fixed(client, actors, walk, batch, steady_queries):
    client.force_login(actors["reviewer"])
    Organisation.objects.filter(kind=Organisation.Kind.AGENCY).exclude(pk=actors["agency"].organisation.pk).delete()
    walk(batch, until="evaluated")
    html = steady_queries(MINISTRY_URL, MINISTRY_LIST_QUERIES)
    assert len(re.findall(r'href="/evaluations/agencies/\d+/"', html)) == 1
    for _ in range(3):
        factories.approved_agency()
    debar(actors, factories.approved_agency())
    html = steady_queries(MINISTRY_URL, MINISTRY_LIST_QUERIES)
    assert len(re.findall(r'href="/evaluations/agencies/\d+/"', html)) == 5


def test_public_list_query_count_is_fixed(client, actors, steady_queries):
    Organisation.objects.filter(kind=Organisation.Kind.AGENCY).exclude(pk=actors["agency"].organisation.pk).delete()
    html = steady_queries(PUBLIC_URL, PUBLIC_LIST_QUERIES)
    assert html.count("可受托") == 1
    for _ in range(3):
        factories.approved_agency()
    debar(actors, factories.approved_agency())
    html = steady_queries(PUBLIC_URL, PUBLIC_LIST_QUERIES)
    assert html.count("可受托") == 4 and html.count("禁入至") == 1
