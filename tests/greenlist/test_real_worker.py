"""A task sent through the real broker to a real Celery worker (started by .ci/run), which reads
the test database and sends the mail with its own e-mail backend."""
import os
from pathlib import Path

import pytest
from django.conf import settings

from applications import services
from applications.tasks import send_transition_mail
from greenlist.models import HistoryEntry

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("GREENLIST_REAL_WORKER"), reason="needs the worker started by .ci/run"),
]


@pytest.mark.django_db(transaction=True)  # committed rows: the worker is another process
def test_transition_mail_goes_through_the_real_worker(actors, walk, batch):
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test must run against a broker"
    decl = walk(batch, until="draft")
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    entry = HistoryEntry.objects.for_object(decl).get(action="submit")

    result = send_transition_mail.delay(entry.pk)

    assert result.get(timeout=60) == [actors["agency"].email]
    mail_dir = Path(os.environ["GREENLIST_WORKER_MAIL_DIR"])
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in mail_dir.glob("*.log"))
    assert decl.unit_name in written
