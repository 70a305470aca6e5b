"""R-AGENCY-CAP under concurrency on PostgreSQL: agencies accepting at once never exceed the cap."""
import threading

import pytest
from django.db import connection, connections

from applications import workflow
from evaluations.engagements import accept_engagement
from evaluations.models import Engagement

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_cap_holds_when_several_accepts_arrive_at_once(actors, walk, batch):
    """R-AGENCY-CAP: cap 2, six simultaneous accepts by two agencies of the same legal person
    (the test agencies share one): exactly two are accepted, the others are told the cap."""
    batch.agency_cap = 2
    batch.save(update_fields=["agency_cap"])
    agencies = [actors["agency"], actors["other_agency"]] * 3
    proposals = [walk(batch, until="draft", accept=False, agency=a).engagements.get() for a in agencies]
    assert actors["agency"].organisation.agency_profile.legal_person == \
        actors["other_agency"].organisation.agency_profile.legal_person
    barrier = threading.Barrier(len(proposals))
    outcomes = []

    def act(engagement, agency_user):
        try:
            barrier.wait(timeout=10)
            accept_engagement(actor=agency_user, engagement=engagement, not_in_self_evaluation=True,
                              no_consulting=True)
            outcomes.append("ok")
        except workflow.TransitionRefused as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=pair) for pair in zip(proposals, agencies, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert len(outcomes) == len(proposals)
    assert outcomes.count("ok") == 2
    refusals = [o for o in outcomes if o != "ok"]
    assert all("本批次评价项目已达上限 2 个（已承接 2 个）" in o for o in refusals), refusals
    assert Engagement.objects.filter(declaration__batch=batch, status="accepted").count() == 2
    assert Engagement.objects.filter(declaration__batch=batch, status="proposed").count() == 4
