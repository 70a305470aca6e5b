"""The self-evaluation report in a real browser: the card polls (htmx) while the report waits
for the worker, turns into a download link when it is built, and the PDF downloads (R-EVAL-5)."""
import subprocess

import pytest
from playwright.sync_api import Page, expect

from evaluations import reports
from evaluations.reports import SelfEvaluationReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-12345678"


def test_report_card_polls_until_the_pdf_can_be_downloaded(page: Page, live_server, batch, actors, walk,
                                                            monkeypatch, tmp_path, eager_celery):
    """R-EVAL-5: the page shows the state while the task has not run, then the download."""
    decl = walk(batch, until="draft")
    # Hold the task back, as a busy worker would: the request stays pending until we build it.
    monkeypatch.setattr(reports, "_enqueue", lambda report_pk: None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(actors["applicant"].username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/declarations/{decl.pk}/self-evaluation/")
    card = page.locator("#self-evaluation-report")
    expect(card).to_contain_text("尚未生成报告")

    card.get_by_role("button", name="生成自评价报告").click()
    expect(card.locator("#report-state")).to_have_text("排队中")
    expect(card.get_by_role("button")).to_have_count(0)
    report = SelfEvaluationReport.objects.get(declaration=decl)

    reports.generate(report.pk)  # the worker's turn; the page finds out by itself
    expect(card.locator("#report-state")).to_have_text("已生成", timeout=10_000)
    expect(card).to_contain_text(f"自评价总分 {decl.self_score} 分")
    expect(card).not_to_have_attribute("hx-trigger", "every 2s")

    with page.expect_download() as download_info:
        card.get_by_role("link", name="下载自评价报告").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert decl.unit_name in text and f"自评价总分：{decl.self_score} 分" in text
