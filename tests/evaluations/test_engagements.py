"""Engagements: the applicant proposes, the agency accepts with its independence declaration
(R-AGENCY-2) within its legal person's cap for the batch (R-AGENCY-CAP), or declines."""
import pytest
from django.http import Http404
from django.urls import reverse

from applications import permissions, services, workflow
from applications.models import Declaration
from evaluations.engagements import accept_engagement, cap_group, decline_engagement
from evaluations.models import Engagement
from evaluations.services import engage_agency
from greenlist.models import HistoryEntry
from tests import factories

pytestmark = pytest.mark.django_db

INDEPENDENT = {"accept": "1", "not_in_self_evaluation": "on", "no_consulting": "on"}


def answer_url(engagement):
    return reverse("evaluations:engagement_answer", args=[engagement.pk])


def proposal(walk, batch, **kwargs) -> Engagement:
    """A complete draft whose agency has not answered yet."""
    decl = walk(batch, until="draft", accept=False, **kwargs)
    return decl.engagements.get(status="proposed")


def test_the_applicants_choice_is_a_proposal_shown_as_a_card(client, actors, walk, batch):
    """R-AGENCY-2: the agency gets a proposal (unit, kind, batch, applicant), not the draft's
    contents, and no access to the declaration before it accepts."""
    engagement = proposal(walk, batch)
    decl = engagement.declaration
    assert not permissions.has_perm(actors["agency"], "applications.evaluate_declaration", decl)
    client.force_login(actors["agency"])
    html = client.get(reverse("evaluations:engagements")).content.decode()
    card = html[html.index('id="proposals"'):]
    assert decl.unit_name in card and str(decl.applicant) in card and "绿色工厂" in card
    assert decl.uscc not in html and decl.contact_phone not in html
    response = client.get(answer_url(engagement))
    assert response.status_code == 200, response.content[:300]
    assert "本机构未参与该申报单位自评价报告的编制" in response.content.decode()
    assert decl.uscc not in response.content.decode()
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404


def test_accepting_declares_independence_and_opens_the_declaration(client, actors, walk, batch, mailoutbox,
                                                                   eager_celery, django_capture_on_commit_callbacks):
    """R-AGENCY-2: the declaration is recorded (who, when); the agency may then evaluate; the
    applicant is told by mail after the commit."""
    engagement = proposal(walk, batch)
    decl = engagement.declaration
    mailoutbox.clear()
    client.force_login(actors["agency"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(engagement), INDEPENDENT)
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == "accepted"
    assert engagement.independence_declared_by == actors["agency"]
    assert engagement.independence_declared_at and engagement.decided_at
    assert permissions.has_perm(actors["agency"], "applications.evaluate_declaration", decl)
    assert HistoryEntry.objects.for_object(decl).filter(action="accept_engagement", actor=actors["agency"]).exists()
    assert [m.to for m in mailoutbox] == [[actors["applicant"].email]]
    assert "已接受" in mailoutbox[0].subject and decl.unit_name in mailoutbox[0].subject
    html = client.get(reverse("evaluations:engagements")).content.decode()
    assert "已接受委托" in html and "本批次已承接 1 / 15" in html
    # The applicant's page no longer asks for the agency's answer.
    client.force_login(actors["applicant"])
    assert "尚未接受委托" not in client.get(decl.get_absolute_url()).content.decode()


@pytest.mark.parametrize("ticked, message", [
    ({"no_consulting": "on"}, "参与编制申报单位自评价报告的机构不得承担其第三方评价"),
    ({"not_in_self_evaluation": "on"}, "本批次曾为该申报单位提供咨询服务的机构不得承担其第三方评价"),
])
def test_an_agency_that_is_not_independent_cannot_accept(client, actors, walk, batch, ticked, message):
    """R-AGENCY-2: an agency that helped with the self-evaluation, or consulted for the applicant
    in this batch, is refused with the reason; nothing changes."""
    engagement = proposal(walk, batch)
    client.force_login(actors["agency"])
    response = client.post(answer_url(engagement), {"accept": "1", **ticked})
    assert response.status_code == 403
    assert message in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == "proposed" and engagement.independence_declared_at is None
    assert not permissions.has_perm(actors["agency"], "applications.view_declaration", engagement.declaration)


def test_decline_with_a_reason_then_the_applicant_chooses_another(client, actors, walk, batch, mailoutbox,
                                                                  eager_celery, django_capture_on_commit_callbacks):
    """R-AGENCY-2: the agency declines with a reason (required); the applicant cannot submit,
    is told to choose another agency, and can."""
    engagement = proposal(walk, batch)
    decl = engagement.declaration
    client.force_login(actors["agency"])
    response = client.post(answer_url(engagement), {"decline": "1", "reason": "  "})
    assert "拒绝委托必须填写理由" in response.content.decode()
    assert Engagement.objects.get(pk=engagement.pk).status == "proposed"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(engagement), {"decline": "1", "reason": "本年度项目已排满"})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert (engagement.status, engagement.decline_reason) == ("declined", "本年度项目已排满")
    assert [m.to for m in mailoutbox] == [[actors["applicant"].email]] and "本年度项目已排满" in mailoutbox[0].body

    client.force_login(actors["applicant"])
    expected = f"第三方评价机构“{engagement.agency}”已拒绝委托，请修改申报并另行选择评价机构。"
    assert expected in client.get(decl.get_absolute_url()).content.decode()
    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]))
    assert response.status_code == 403 and expected in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "draft"

    other = engage_agency(actor=actors["applicant"], declaration=decl, agency=actors["other_agency"].organisation)
    assert other.status == "proposed" and other.pk != engagement.pk
    accept_engagement(actor=actors["other_agency"], engagement=other, not_in_self_evaluation=True, no_consulting=True)
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_the_applicant_cannot_submit_before_the_agency_accepts(client, actors, walk, batch):
    """R-AGENCY-2: only an accepted engagement lets the declaration be submitted."""
    engagement = proposal(walk, batch)
    decl = engagement.declaration
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert f"第三方评价机构尚未接受委托（{engagement.agency}），机构接受后方可提交。" in refused.value.message
    client.force_login(actors["applicant"])
    response = client.post(reverse("applications:action", args=[decl.pk, "submit"]))
    assert response.status_code == 403 and "第三方评价机构尚未接受委托" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "draft"


def test_an_agency_not_engaged_cannot_see_or_answer_the_engagement(client, actors, walk, batch):
    """R-AGENCY-2: another agency (and the applicant) get a 404; nothing changes."""
    engagement = proposal(walk, batch)
    for who in ("other_agency",):
        client.force_login(actors[who])
        assert client.get(answer_url(engagement)).status_code == 404
        assert client.post(answer_url(engagement), INDEPENDENT).status_code == 404
        assert engagement.declaration.unit_name not in client.get(reverse("evaluations:engagements")).content.decode()
    client.force_login(actors["applicant"])
    assert client.post(answer_url(engagement), INDEPENDENT).status_code == 403  # not an agency page at all
    with pytest.raises(Http404):
        accept_engagement(actor=actors["other_agency"], engagement=engagement,
                          not_in_self_evaluation=True, no_consulting=True)
    with pytest.raises(Http404):
        decline_engagement(actor=actors["other_agency"], engagement=engagement, reason="不是我的")
    assert Engagement.objects.get(pk=engagement.pk).status == "proposed"


def test_an_answered_engagement_cannot_be_answered_again(client, actors, walk, batch):
    engagement = proposal(walk, batch)
    client.force_login(actors["agency"])
    assert client.post(answer_url(engagement), INDEPENDENT).status_code == 302
    response = client.post(answer_url(engagement), {"decline": "1", "reason": "改主意了"})
    assert response.status_code == 403
    assert "该委托当前状态为“已接受”，不能再接受或拒绝。" in response.content.decode()
    assert Engagement.objects.get(pk=engagement.pk).status == "accepted"


def test_a_withdrawn_proposal_cannot_be_accepted(actors, walk, batch):
    """The applicant switched agency before the answer: the old proposal is gone for good."""
    engagement = proposal(walk, batch)
    engage_agency(actor=actors["applicant"], declaration=engagement.declaration,
                  agency=actors["other_agency"].organisation)
    with pytest.raises(workflow.TransitionRefused, match="已撤回"):
        accept_engagement(actor=actors["agency"], engagement=engagement, not_in_self_evaluation=True,
                          no_consulting=True)


def test_the_extra_accept_over_the_cap_is_refused(client, actors, walk, batch):
    """R-AGENCY-CAP: with the batch's cap reached, the next accept is refused with the cap named,
    and the page shows the count against the cap."""
    batch.agency_cap = 1
    batch.save(update_fields=["agency_cap"])
    first, second = proposal(walk, batch), proposal(walk, batch)
    client.force_login(actors["agency"])
    assert client.post(answer_url(first), INDEPENDENT).status_code == 302
    response = client.post(answer_url(second), INDEPENDENT)
    assert response.status_code == 403
    assert "本批次评价项目已达上限 1 个（已承接 1 个）" in response.content.decode()
    assert Engagement.objects.get(pk=second.pk).status == "proposed"
    assert "本批次已承接 1 / 1" in client.get(reverse("evaluations:engagements")).content.decode()
    # Declining still works at the cap: the applicant can then go elsewhere.
    assert client.post(answer_url(second), {"decline": "1", "reason": "已达上限"}).status_code == 302


def test_the_cap_counts_every_agency_of_the_same_legal_person(actors, walk, batch):
    """R-AGENCY-CAP: two agencies of one legal person (or one legal representative) share the cap;
    an agency of another legal person and representative does not."""
    from evaluations.agencies import AgencyProfile

    batch.agency_cap = 1
    batch.save(update_fields=["agency_cap"])
    AgencyProfile.objects.filter(organisation=actors["agency"].organisation).update(
        legal_person="甲认证集团有限公司", legal_representative="张甲")
    AgencyProfile.objects.filter(organisation=actors["other_agency"].organisation).update(
        legal_person="乙评价有限公司", legal_representative="张甲")  # same legal representative
    third = factories.member("agency_staff", factories.approved_agency(
        legal_person="丙咨询有限公司", legal_representative="王丙"))
    assert set(cap_group(actors["agency"].organisation)) == {actors["agency"].organisation,
                                                            actors["other_agency"].organisation}
    mine = proposal(walk, batch)
    sister = proposal(walk, batch, agency=actors["other_agency"])
    unrelated = proposal(walk, batch, agency=third)
    accept_engagement(actor=actors["agency"], engagement=mine, not_in_self_evaluation=True, no_consulting=True)
    with pytest.raises(workflow.TransitionRefused, match="本批次评价项目已达上限 1 个"):
        accept_engagement(actor=actors["other_agency"], engagement=sister, not_in_self_evaluation=True,
                          no_consulting=True)
    accept_engagement(actor=third, engagement=unrelated, not_in_self_evaluation=True, no_consulting=True)
    assert Engagement.objects.get(pk=sister.pk).status == "proposed"
    assert Engagement.objects.get(pk=unrelated.pk).status == "accepted"


def test_accepts_in_other_batches_do_not_count(actors, walk, batch):
    """R-AGENCY-CAP is per batch; a historical batch has no cap at all."""
    historical = factories.batch("2020-batch5", agency_cap=None)
    batch.agency_cap = 1
    batch.save(update_fields=["agency_cap"])
    for b in (historical, historical, batch):
        engagement = proposal(walk, b)
        accept_engagement(actor=actors["agency"], engagement=engagement, not_in_self_evaluation=True,
                          no_consulting=True)
        assert Engagement.objects.get(pk=engagement.pk).status == "accepted"


def test_self_evaluation_batches_skip_the_engagement(actors, walk):
    """R-FLOW-3: without a third-party stage there is no engagement to accept before submitting."""
    batch = factories.batch("2024-measures")
    decl = walk(batch, until="submitted", accept=False)
    assert not decl.uses_third_party and not decl.engagements.exists()


@pytest.mark.parametrize("rows", [1, 4])
def test_engagements_page_with_proposals_has_fixed_queries(client, actors, walk, batch, rows, steady_queries):
    for _ in range(rows):
        proposal(walk, batch)
    walk(batch, until="submitted")
    client.force_login(actors["agency"])
    html = steady_queries(reverse("evaluations:engagements"), 10)
    assert html.count("接受或拒绝") == rows and "本批次已承接 1 / 15" in html


# --- second review ---------------------------------------------------------------------------

def test_an_agency_whose_registration_is_pending_or_rejected_cannot_accept(actors, walk, batch):
    """R-AGENCY-1: only an approved agency accepts (a re-registration is pending until approved)."""
    from evaluations.agencies import AgencyProfile

    engagement = proposal(walk, batch)
    for status in (AgencyProfile.Status.PENDING, AgencyProfile.Status.REJECTED):
        AgencyProfile.objects.filter(organisation=actors["agency"].organisation).update(status=status)
        with pytest.raises(workflow.TransitionRefused, match="尚未经工业和信息化部批准"):
            accept_engagement(actor=actors["agency"], engagement=engagement, not_in_self_evaluation=True,
                              no_consulting=True)
    assert Engagement.objects.get(pk=engagement.pk).status == "proposed"


def test_the_cap_groups_spellings_of_one_legal_person(actors):
    """R-AGENCY-CAP: full-width brackets and spaces do not make another legal person."""
    from evaluations.agencies import AgencyProfile

    for user, person, representative in ((actors["agency"], "甲认证（北京）有限公司", "张甲"),
                                         (actors["other_agency"], "甲认证(北京)有限公司", "张 甲")):
        profile = AgencyProfile.objects.get(organisation=user.organisation)
        profile.legal_person, profile.legal_representative = person, representative
        profile.save()
    AgencyProfile.objects.filter(organisation=actors["other_agency"].organisation).update(legal_representative="李乙")
    assert actors["other_agency"].organisation in set(cap_group(actors["agency"].organisation))


def test_a_finished_project_still_counts_after_the_applicant_changes_agency(actors, walk, batch):
    """R-AGENCY-CAP: work done stays counted when its engagement is later withdrawn."""
    batch.agency_cap = 1
    batch.save(update_fields=["agency_cap"])
    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="请更换评价机构")
    engage_agency(actor=actors["applicant"], declaration=decl, agency=actors["other_agency"].organisation)
    from evaluations.agencies import AgencyProfile

    AgencyProfile.objects.filter(organisation=actors["other_agency"].organisation).update(
        legal_person="另一法人", legal_representative="另一代表")  # not in the first agency's group
    second = proposal(walk, batch)
    with pytest.raises(workflow.TransitionRefused, match="已达上限 1 个"):
        accept_engagement(actor=actors["agency"], engagement=second, not_in_self_evaluation=True, no_consulting=True)


def test_the_applicant_cannot_submit_with_an_agency_debarred_after_accepting(actors, walk, batch):
    """R-AGENCY-BAN: the submission names the debarment and asks for another agency."""
    import datetime

    from django.utils import timezone

    from evaluations.agencies import AgencyProfile

    decl = walk(batch, until="draft")
    AgencyProfile.objects.filter(organisation=actors["agency"].organisation).update(
        debarred_until=timezone.localdate() + datetime.timedelta(days=30))
    with pytest.raises(workflow.TransitionRefused, match="已被禁入.*请修改申报并另行选择评价机构"):
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert Declaration.objects.get(pk=decl.pk).status == "draft"
