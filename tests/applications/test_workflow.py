"""The workflow engine: every refusal (role, state, permission, guard, policy) and the history."""
import pytest
from django.http import Http404

from applications import services, workflow
from applications.models import Declaration, DeclarationVersion
from greenlist.models import HistoryEntry

pytestmark = pytest.mark.django_db
Refused = workflow.TransitionRefused


def history(decl):
    return list(HistoryEntry.objects.for_object(decl).values_list("action", "from_state", "to_state", "actor__username"))


def test_happy_path_writes_one_history_row_per_transition(actors, walk, batch):
    """R-FLOW-1: each transition has an actor, from, to, and an append-only row."""
    decl = walk(batch, until="in_publicity")
    rows = [r for r in history(decl) if r[1]]
    assert rows == [
        ("submit", "draft", "submitted", actors["applicant"].username),
        ("evaluate", "submitted", "evaluated", actors["agency"].username),
        ("recommend", "evaluated", "recommended", actors["province"].username),
        ("shortlist", "recommended", "shortlisted", actors["reviewer"].username),
        ("start_publicity", "shortlisted", "in_publicity", actors["reviewer"].username),
    ]


def test_wrong_role_is_refused_with_the_role_named(actors, walk, batch):
    """R-FLOW-1: the reviewer may see the declaration but recommending is the province's."""
    decl = walk(batch, until="evaluated")
    with pytest.raises(Refused) as refused:
        workflow.perform(decl, "recommend", actor=actors["reviewer"])
    assert refused.value.code == "wrong_role"
    assert "省级主管部门" in refused.value.message
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"


def test_wrong_state_is_refused_with_the_state_named(actors, walk, batch):
    """R-FLOW-1: a ministry decision before the province recommended is refused."""
    decl = walk(batch, until="evaluated")
    with pytest.raises(Refused) as refused:
        workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
    assert refused.value.code == "wrong_state"
    assert "第三方已评价" in refused.value.message


def test_another_organisations_declaration_is_not_found(actors, walk, batch):
    """Another applicant cannot even learn that the declaration exists (404, not 403)."""
    decl = walk(batch, until="draft")
    with pytest.raises(Http404):
        workflow.perform(decl, "submit", actor=actors["other_applicant"])
    assert Declaration.objects.get(pk=decl.pk).status == "draft"


def test_agency_not_engaged_cannot_see_or_evaluate(actors, walk, batch):
    decl = walk(batch, until="submitted")
    with pytest.raises(Http404):
        workflow.perform(decl, "evaluate", actor=actors["other_agency"])


def test_province_of_another_region_cannot_see_or_recommend(actors, walk, batch):
    """R-REGION: 江苏's official does not see a 浙江 declaration."""
    decl = walk(batch, until="evaluated")
    with pytest.raises(Http404):
        workflow.perform(decl, "recommend", actor=actors["other_province"])


def test_province_sees_nothing_before_submission(actors, walk, batch):
    """R-FLOW-2: a draft belongs to the applicant alone."""
    decl = walk(batch, until="draft")
    with pytest.raises(Http404):
        workflow.perform(decl, "return", actor=actors["province"], note="x")


def test_return_requires_a_reason(actors, walk, batch):
    """R-FLOW-1: a return for revision states its reason."""
    decl = walk(batch, until="evaluated")
    with pytest.raises(Refused) as refused:
        workflow.perform(decl, "return", actor=actors["province"], note="  ")
    assert refused.value.code == "note_required"
    assert "必须填写理由" in refused.value.message


def test_incomplete_declaration_lists_everything_missing(actors, batch):
    """Submission checks completeness and lists every missing item at once."""
    from tests.factories import declaration_values

    decl = services.create_declaration(
        actor=actors["applicant"], batch=batch,
        **declaration_values(city="", contact_name="", self_score=None, industry=None),
    )
    with pytest.raises(Refused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    message = refused.value.message
    for missing in ("所在城市", "所属行业", "联系人", "第三方评价机构"):
        assert missing in message
    assert Declaration.objects.get(pk=decl.pk).status == "draft"
    assert not DeclarationVersion.objects.filter(declaration=decl).exists()


def test_closed_kind_is_refused(actors):
    """R-FLOW-4: the 2025 batch does not take supply-chain declarations."""
    from greenlist.models import ListKind
    from tests import factories

    batch = factories.batch("2025-390")
    decl = services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(kind=ListKind.SUPPLY_CHAIN))
    with pytest.raises(Refused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert "不受理“绿色供应链管理企业”" in refused.value.message


def test_submitted_declaration_is_frozen_and_return_reopens_a_new_version(actors, walk, batch):
    """R-FLOW-2: frozen after submission; 'returned' reopens; every version is kept."""
    decl = walk(batch, until="evaluated")
    with pytest.raises(Refused) as refused:
        services.update_declaration(actor=actors["applicant"], declaration=decl, unit_name="改名")
    assert refused.value.code == "frozen"
    workflow.perform(decl, "return", actor=actors["province"], note="请补充材料")
    services.update_declaration(actor=actors["applicant"], declaration=decl, unit_name="改名后的工厂")
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    decl.refresh_from_db()
    assert (decl.status, decl.version) == ("submitted", 2)
    versions = list(decl.versions.order_by("number").values_list("number", "data__unit_name"))
    assert versions[0][1] != "改名后的工厂" and versions[1] == (2, "改名后的工厂")


def test_double_submit_is_refused_the_second_time(actors, walk, batch):
    """A double-click: the second submit finds the new state and is refused, nothing is doubled."""
    decl = walk(batch, until="draft")
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    with pytest.raises(Refused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert refused.value.code == "wrong_state"
    assert decl.versions.count() == 1
    assert [r[0] for r in history(decl)].count("submit") == 1


def test_quota_is_never_exceeded(actors, walk, batch):
    """R-QUOTA: with 2 factory places, the third recommendation is refused with the numbers."""
    from greenlist.models import BatchQuota, ListKind
    from reviews.recommendation.services import recommend

    BatchQuota.objects.filter(batch=batch, kind=ListKind.FACTORY, authority=None).update(limit=2)
    first, second, third = (walk(batch, until="evaluated") for _ in range(3))
    recommend(actor=actors["province"], declaration=first)
    recommend(actor=actors["province"], declaration=second)
    with pytest.raises(Refused) as refused:
        recommend(actor=actors["province"], declaration=third)
    assert "推荐名额为 2 个，已用完" in refused.value.message
    assert Declaration.objects.get(pk=third.pk).status == "evaluated"
    assert not hasattr(Declaration.objects.get(pk=third.pk), "recommendation")


def test_recommendation_after_the_deadline_is_refused(actors, walk, batch):
    """R-RANK: after the batch deadline the recommendation is locked."""
    import datetime

    from django.utils import timezone

    from reviews.recommendation.services import recommend

    decl = walk(batch, until="evaluated")
    type(batch).objects.filter(pk=batch.pk).update(
        recommendation_deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(Refused) as refused:
        recommend(actor=actors["province"], declaration=decl)
    assert "已超过推荐截止日期" in refused.value.message


def test_side_effect_mail_goes_out_only_after_commit(actors, walk, batch, mailoutbox, eager_celery,
                                                   django_capture_on_commit_callbacks):
    """Mail is queued on commit: nothing is sent inside the transaction; after it, the agency
    hears about the submission, with the unit named."""
    decl = walk(batch, until="draft")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [[actors["agency"].email]]
    assert decl.unit_name in mailoutbox[0].subject
    assert "已提交" in mailoutbox[0].body


def test_rolled_back_publication_sends_no_mail(actors, walk, batch, mailoutbox, eager_celery,
                                              django_capture_on_commit_callbacks):
    """Publication is all or nothing: the first unit is published inside the transaction, the
    second has an open objection, everything rolls back, and nobody is told anything."""
    import datetime

    from django.utils import timezone

    from reviews.publication import services as reviews
    from reviews.publication.models import ListEntry, Objection, Publicity
    from tests.conftest import submit_recommendation

    first, second = walk(batch, until="recommended"), walk(batch, until="recommended")
    submit_recommendation(actors["province"], batch, first.authority)
    for decl in (first, second):
        workflow.perform(decl, "shortlist", actor=actors["reviewer"], note="符合条件")
    reviews.start_publicity(actor=actors["reviewer"], batch=batch,
                            starts_on=timezone.localdate() - datetime.timedelta(days=30))
    Objection.objects.create(publicity=Publicity.objects.get(), declaration=max(first, second, key=lambda d: d.pk),
                             name="王某", contact="010-1", grounds="存在环境违法记录")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Refused):
        reviews.publish(actor=actors["reviewer"], batch=batch)
    assert callbacks == [] and mailoutbox == []
    assert not ListEntry.objects.exists()
    assert set(Declaration.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        "in_publicity"}
    assert not HistoryEntry.objects.filter(action="publish").exists()


def test_changing_the_authority_moves_access_to_the_new_one(actors, walk, batch):
    """R-REGION: returned, moved from 浙江 to 江苏 and resubmitted: 浙江 loses it, 江苏 gets it."""
    from greenlist.models import Authority

    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="推荐单位应为注册地江苏")
    services.update_declaration(actor=actors["applicant"], declaration=decl, authority=Authority.objects.get(code="32"))
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    with pytest.raises(Http404):
        workflow.perform(decl, "reject", actor=actors["province"], note="x")
    workflow.perform(decl, "return", actor=actors["other_province"], note="请补充材料")
    assert Declaration.objects.get(pk=decl.pk).status == "returned"


def test_moving_a_user_to_another_organisation_takes_the_old_access_away(actors, walk, batch):
    from greenlist.models import Role
    from greenlist.services import add_member

    decl = walk(batch, until="draft")
    user = actors["applicant"]
    add_member(organisation=actors["other_applicant"].organisation, user=user, roles=[Role.APPLICANT])
    user = type(user).objects.get(pk=user.pk)  # fresh permission caches
    with pytest.raises(Http404):
        services.submit_declaration(actor=user, declaration=decl)
    assert Declaration.objects.get(pk=decl.pk).status == "draft"
