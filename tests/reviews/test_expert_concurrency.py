"""R-REVIEW-1 under concurrency on PostgreSQL: two reviewers assigning the same expert at once, and
a decision racing an assignment, are serialised on the declaration's row."""
import threading

import pytest
from django.db import connection, connections

from applications.models import Declaration
from greenlist.models import Notification
from reviews.expert_review import services
from reviews.expert_review.models import ExpertAssignment
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def act(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(call())
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test reads
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_assigning_the_same_expert_make_one_assignment(actors, walk, batch):
    """No double assignment: one creates it, the other finds it there; one notification."""
    decl = walk(batch, until="recommended")
    second = factories.member("ministry_reviewer")
    outcomes = run_at_once(
        lambda: services.assign_experts(actor=actors["reviewer"], declaration=decl, experts=[actors["expert"]]),
        lambda: services.assign_experts(actor=second, declaration=decl, experts=[actors["expert"]]),
    )
    assert sorted(len(o) for o in outcomes) == [0, 1], outcomes
    assert ExpertAssignment.objects.filter(declaration=decl).count() == 1
    assert Notification.objects.filter(recipient=actors["expert"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_decision_and_assignment_at_once_never_leave_an_expert_on_a_decided_declaration(actors, walk, batch):
    """Either the expert is assigned first (and the decision waits for the review), or the
    decision comes first (and the assignment is refused): never both."""
    decl = walk(batch, until="recommended")
    outcomes = run_at_once(
        lambda: services.assign_experts(actor=actors["reviewer"], declaration=decl, experts=[actors["expert"]]),
        lambda: services.decide(actor=actors["reviewer"], declaration=decl, decision="shortlist", reason="符合条件"),
    )
    assert sum(isinstance(o, Exception) for o in outcomes) == 1, outcomes
    status = Declaration.objects.get(pk=decl.pk).status
    assigned = ExpertAssignment.objects.filter(declaration=decl).exists()
    assert (status, assigned) in {("recommended", True), ("shortlisted", False)}
