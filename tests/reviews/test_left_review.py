"""R-REVIEW-1 / R-VETO-2: when a declaration leaves review, the experts' unsubmitted tasks on it
are closed with a clear reason and their access is removed, as a withdrawal would do; a review
already submitted stays."""
import pytest
from django.urls import reverse

from applications.models import Declaration
from greenlist.models import HistoryEntry, User
from reviews.expert_review import services
from reviews.expert_review.models import ExpertAssignment
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_veto_closes_the_open_expert_tasks_and_removes_access(client, actors, walk, batch):
    decl = walk(batch, until="recommended", unit_name="被否决工厂")
    other = factories.expert()
    waiting, done = services.assign_experts(actor=actors["reviewer"], declaration=decl,
                                            experts=[actors["expert"], other])
    from decimal import Decimal
    services.submit_review(actor=other, assignment=done, score=Decimal("80"), opinion="recommend", comment="可")
    client.force_login(actors["expert"])
    assert "被否决工厂" in client.get(reverse("reviews:expert_tasks")).content.decode()

    client.force_login(actors["province"])
    response = client.post(reverse("reviews:ranking_veto", args=[decl.pk]),
                           {"item": "dishonest_debtor", "source": "信用中国", "note": "列入失信被执行人"}, follow=True)
    assert response.status_code == 200 and Declaration.objects.get(pk=decl.pk).status == "rejected"

    waiting.refresh_from_db()
    assert waiting.is_withdrawn and waiting.withdrawn_by == actors["province"]
    assert waiting.withdraw_reason == "申报已移出评审（否决项）"
    [history] = HistoryEntry.objects.for_object(waiting).filter(action="withdraw_expert")
    assert history.actor == actors["province"] and history.note == "申报已移出评审（否决项）"
    assert ExpertAssignment.objects.get(pk=done.pk).is_submitted  # a submitted review is kept
    assert not ExpertAssignment.objects.pending().exists()
    expert = User.objects.get(pk=actors["expert"].pk)  # a fresh object: guardian caches per user
    assert not expert.has_perm("applications.view_declaration", decl)
    assert User.objects.get(pk=other.pk).has_perm("applications.view_declaration", decl)

    client.force_login(actors["expert"])
    tasks = client.get(reverse("reviews:expert_tasks")).content.decode()
    assert "被否决工厂" not in tasks
    assert "被否决工厂" not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("reviews:expert_review", args=[waiting.pk])).status_code == 404
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404


def test_closing_touches_only_the_declaration_that_left(actors, walk, batch):
    leaving, staying = walk(batch, until="recommended"), walk(batch, until="recommended")
    services.assign_experts(actor=actors["reviewer"], declaration=leaving, experts=[actors["expert"]])
    [kept] = services.assign_experts(actor=actors["reviewer"], declaration=staying, experts=[actors["expert"]])
    closed = services.close_open_assignments(actor=actors["reviewer"], declaration=leaving,
                                             reason=str(services.LEFT_REVIEW["decline"]))
    assert [a.declaration_id for a in closed] == [leaving.pk]
    assert list(ExpertAssignment.objects.pending()) == [kept]
    assert User.objects.get(pk=actors["expert"].pk).has_perm("applications.view_declaration", staying)
