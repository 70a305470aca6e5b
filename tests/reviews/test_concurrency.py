"""R-QUOTA under concurrency on PostgreSQL: two officials recommending at once never exceed it."""
import threading

import pytest
from django.db import connection, connections

from applications import workflow
from applications.models import Declaration
from greenlist.models import BatchQuota
from reviews.recommendation.services import recommend

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_quota_holds_when_two_officials_recommend_at_once(actors, walk, batch):
    """R-QUOTA: one place left, two simultaneous recommendations: exactly one succeeds."""
    BatchQuota.objects.filter(batch=batch, kind="factory", authority=None).update(limit=1)
    declarations = [walk(batch, until="evaluated") for _ in range(2)]
    second_official = actors["province"].__class__.objects.get(pk=actors["province"].pk)
    officials = [actors["province"], second_official]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(decl, official):
        try:
            barrier.wait(timeout=10)
            recommend(actor=official, declaration=decl)
            outcomes.append("ok")
        except workflow.TransitionRefused as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=pair) for pair in zip(declarations, officials, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes, key=len)[0] == "ok"
    assert outcomes.count("ok") == 1
    assert any("推荐名额为 1 个，已用完" in o for o in outcomes)
    assert Declaration.objects.filter(batch=batch, status="recommended").count() == 1


@pytest.mark.django_db(transaction=True)
def test_double_click_on_submit_records_one_submission(actors, walk, batch):
    """Two submits of the same declaration at once: one wins, the other sees the new state."""
    from applications import services

    decl = walk(batch, until="draft")
    barrier = threading.Barrier(2)
    outcomes = []

    def act():
        try:
            barrier.wait(timeout=10)
            services.submit_declaration(actor=actors["applicant"], declaration=decl)
            outcomes.append("ok")
        except workflow.TransitionRefused as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "wrong_state"]
    assert decl.versions.count() == 1
