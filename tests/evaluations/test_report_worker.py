"""The self-evaluation report built by the real Celery worker (started by .ci/run) from the
committed rows of the test database (R-EVAL-5)."""
import os
import subprocess
import time

import pytest

import greenlist.settings as project_settings
from evaluations import reports
from evaluations.reports import SelfEvaluationReport

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("GREENLIST_REAL_WORKER"), reason="needs the worker started by .ci/run"),
]

Status = SelfEvaluationReport.Status


@pytest.mark.django_db(transaction=True)  # committed rows: the worker is another process
def test_report_is_built_by_the_real_worker(actors, walk, batch, settings):
    """R-EVAL-5: requested on the page, queued after commit, built by the worker."""
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "this test must run against a broker"
    decl = walk(batch, until="draft")

    report = reports.request_report(actor=actors["applicant"], declaration=decl)

    deadline = time.monotonic() + 60
    while True:
        report.refresh_from_db()
        if report.status in (Status.DONE, Status.FAILED) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert report.status == Status.DONE, f"{report.get_status_display()} {report.error}"
    assert report.file.name.startswith("self-evaluation-reports/") and report.finished_at
    # The worker stores under the project's PRIVATE_MEDIA_ROOT; the autouse fixture pointed this
    # process at a temporary folder, so read (and remove) the file where the worker put it.
    settings.PRIVATE_MEDIA_ROOT = project_settings.PRIVATE_MEDIA_ROOT
    try:
        with report.file.open("rb") as f:
            data = f.read()
    finally:
        report.file.delete(save=False)
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert decl.unit_name in text
    assert f"自评价总分：{report.total} 分" in text
