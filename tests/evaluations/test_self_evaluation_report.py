"""The applicant's self-evaluation report: a PDF built by a Celery task, its state on the page,
and the permission-checked download (R-EVAL-5)."""
import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from evaluations import reports, tasks
from evaluations.reports import SelfEvaluationReport

pytestmark = pytest.mark.django_db

Status = SelfEvaluationReport.Status


def page_url(decl):
    return reverse("applications:self_evaluation", args=[decl.pk])


def request_url(decl):
    return reverse("applications:self_evaluation_report", args=[decl.pk])


def status_url(decl):
    return reverse("applications:self_evaluation_report_status", args=[decl.pk])


def download_url(report):
    return reverse("applications:self_evaluation_report_download", args=[report.pk])


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def post_and_run(client, eager_celery, django_capture_on_commit_callbacks):
    """POST the request, run what it queued after commit (as the real request would), then
    follow the redirect to the page."""

    def post(decl):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(request_url(decl))
        assert response.status_code == 302
        return client.get(response.url)

    return post


def test_requested_report_is_built_and_downloaded_with_the_total_in_chinese(client, actors, walk, batch,
                                                                             post_and_run):
    """R-EVAL-5: the PDF names the unit and states the total score in Chinese, as on screen."""
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])

    html = post_and_run(decl).content.decode()

    report = SelfEvaluationReport.objects.get(declaration=decl)
    assert report.status == Status.DONE and report.file and report.requested_by == actors["applicant"]
    decl.refresh_from_db()
    assert report.total == decl.self_score and report.version == decl.version == 1
    assert "已生成" in html
    assert f"自评价总分 {report.total} 分" in html
    assert download_url(report) in html
    assert 'hx-trigger="every 2s"' not in html  # nothing left to wait for
    on_screen = Decimal(re.search(r'id="total-score">([\d.]+)<', html).group(1))

    response = client.get(download_url(report))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = downloaded(response)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "绿色制造自评价报告" in text
    assert decl.unit_name in text and decl.uscc in text
    assert f"自评价总分：{report.total} 分" in text
    assert Decimal(str(report.total)) == on_screen
    assert "GB/T 36132-2018 绿色工厂评价通则" in text
    assert "单位产品碳排放量" in text and "全部满足" in text


def test_report_names_vetoes_and_missing_items(client, actors, batch, eager_celery):
    """R-EVAL-5: the report lists the requirements not met and the indicators not filled."""
    from applications import services
    from evaluations import indicators
    from tests import factories

    decl = services.create_declaration(actor=actors["applicant"], batch=batch, **factories.declaration_values())
    indicators.save_self_evaluation(actor=actors["applicant"], declaration=decl,
                                    entries={"BR1": {"met": False}, "IF1": {"points": Decimal("8")}})
    report = reports.request_report(actor=actors["applicant"], declaration=decl)
    reports.generate(report.pk)
    report.refresh_from_db()
    with report.file.open("rb") as f:
        text = pdf_text(f.read())
    first_gate = indicators.indicators_of(indicators.scheme_for(decl))[0]
    assert first_gate.code == "BR1"
    assert "不满足" in text and first_gate.name[:10] in text
    assert "未填写的指标" in text and "共 34 项" in text


def test_a_second_request_while_pending_returns_the_same_report(client, actors, walk, batch,
                                                                django_capture_on_commit_callbacks):
    """Double-click safe: one live report per declaration, one task queued."""
    decl = walk(batch, until="draft")
    with django_capture_on_commit_callbacks() as first:
        report = reports.request_report(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["applicant"])
    with django_capture_on_commit_callbacks() as second:
        html = client.post(request_url(decl), follow=True).content.decode()
    again = reports.request_report(actor=actors["applicant"], declaration=decl)

    assert again.pk == report.pk and report.status == Status.PENDING
    assert SelfEvaluationReport.objects.filter(declaration=decl).count() == 1
    assert len(first) == 1 and len(second) == 0
    assert "排队中" in html and 'hx-trigger="every 2s"' in html
    assert 'id="report-request"' not in html  # no button while it is being built


def test_status_fragment_polls_until_done_then_stops(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    report = reports.request_report(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["applicant"])

    pending = client.get(status_url(decl), HTTP_HX_REQUEST="true").content.decode()
    assert pending.startswith('<div class="card" id="self-evaluation-report"')
    assert f'hx-get="{status_url(decl)}" hx-trigger="every 2s"' in pending and "排队中" in pending

    SelfEvaluationReport.objects.filter(pk=report.pk).update(status=Status.RUNNING)
    running = client.get(status_url(decl)).content.decode()
    assert "生成中" in running and 'hx-trigger="every 2s"' in running

    assert reports.generate(report.pk) == Status.DONE
    done = client.get(status_url(decl)).content.decode()
    assert "已生成" in done and download_url(report) in done
    assert "hx-trigger" not in done


def test_htmx_request_returns_the_status_card(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["applicant"])
    response = client.post(request_url(decl), HTTP_HX_REQUEST="true")
    assert response.status_code == 200, response.content[:300]
    html = response.content.decode()
    assert html.startswith('<div class="card" id="self-evaluation-report"') and "排队中" in html
    assert SelfEvaluationReport.objects.get(declaration=decl).status == Status.PENDING


def test_failed_render_shows_the_failure_and_allows_a_retry(client, actors, walk, batch, monkeypatch,
                                                            post_and_run):
    decl = walk(batch, until="draft")

    def broken(template, context):
        raise ValueError("字体缺失")

    monkeypatch.setattr("greenlist.pdf.render_pdf", broken)
    client.force_login(actors["applicant"])
    html = post_and_run(decl).content.decode()

    report = SelfEvaluationReport.objects.get(declaration=decl)
    assert report.status == Status.FAILED and not report.file and report.finished_at
    assert report.error == "ValueError: 字体缺失"
    assert "生成失败" in html and "字体缺失" in html
    assert "下载自评价报告" not in html and 'hx-trigger="every 2s"' not in html
    assert "重新生成自评价报告" in html

    monkeypatch.undo()
    post_and_run(decl)
    assert SelfEvaluationReport.objects.filter(declaration=decl).first().status == Status.DONE
    assert SelfEvaluationReport.objects.filter(declaration=decl).count() == 2


def test_broker_down_leaves_the_report_pending_and_says_so(client, actors, walk, batch, monkeypatch,
                                                           post_and_run):
    decl = walk(batch, until="draft")

    def no_broker(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.generate_self_evaluation_report, "delay", no_broker)
    client.force_login(actors["applicant"])
    response = post_and_run(decl)

    assert response.status_code == 200, response.content[:300]
    html = response.content.decode()
    report = SelfEvaluationReport.objects.get(declaration=decl)
    assert report.status == Status.PENDING
    assert "排队中" in html and "后台任务服务暂不可用，报告尚未开始生成" in html
    assert 'hx-trigger="every 2s"' not in html and 'id="report-request"' in html

    monkeypatch.undo()  # the broker is back: asking again hands the same report over
    post_and_run(decl)
    report.refresh_from_db()
    assert report.status == Status.DONE and report.error == ""
    assert SelfEvaluationReport.objects.filter(declaration=decl).count() == 1


def test_a_stuck_report_is_given_up_and_replaced(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    stuck = reports.request_report(actor=actors["applicant"], declaration=decl)
    SelfEvaluationReport.objects.filter(pk=stuck.pk).update(
        status=Status.RUNNING, created_at=timezone.now() - reports.STUCK_AFTER - datetime.timedelta(minutes=1))
    client.force_login(actors["applicant"])
    html = client.get(page_url(decl)).content.decode()
    assert "超过 10 分钟仍未生成" in html and 'id="report-request"' in html
    assert 'hx-trigger="every 2s"' not in html

    fresh = reports.request_report(actor=actors["applicant"], declaration=decl)
    stuck.refresh_from_db()
    assert fresh.pk != stuck.pk and fresh.status == Status.PENDING
    assert stuck.status == Status.FAILED and "超过 10 分钟仍未完成" in stuck.error


def test_other_organisation_gets_404(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    report = reports.request_report(actor=actors["applicant"], declaration=decl)
    reports.generate(report.pk)
    client.force_login(actors["other_applicant"])

    assert client.post(request_url(decl)).status_code == 404
    assert client.get(status_url(decl)).status_code == 404
    assert client.get(download_url(report)).status_code == 404
    assert SelfEvaluationReport.objects.filter(declaration=decl).count() == 1


def test_only_the_applicant_requests_but_viewers_download(client, actors, walk, batch):
    """After submission the report can still be generated (it changes nothing) by the applicant;
    the province that sees the declaration can download it but not ask for one."""
    decl = walk(batch, until="submitted")
    report = reports.request_report(actor=actors["applicant"], declaration=decl)
    assert reports.generate(report.pk) == Status.DONE

    client.force_login(actors["province"])
    response = client.post(request_url(decl))
    assert response.status_code == 403
    assert "只有申报单位可以生成自评价报告" in response.content.decode()
    html = client.get(page_url(decl)).content.decode()
    assert download_url(report) in html and 'id="report-request"' not in html
    response = client.get(download_url(report))
    assert response.status_code == 200 and "已提交" in pdf_text(downloaded(response))
    assert SelfEvaluationReport.objects.filter(declaration=decl).count() == 1


def test_request_is_recorded_in_the_history(actors, walk, batch):
    from applications.selectors import history_for

    decl = walk(batch, until="draft")
    report = reports.request_report(actor=actors["applicant"], declaration=decl)
    entry = history_for(decl)[-1]
    assert entry.action_label == "申请生成自评价报告" and entry.data["report"] == report.pk


def test_a_report_made_from_the_draft_of_a_returned_declaration_is_the_applicants(client, actors, walk, batch,
                                                                                  post_and_run):
    """R-FLOW-2: the report built while a returned declaration is revised shows the draft, so the
    province cannot download it until resubmission; the report of the submitted version it can."""
    from applications import workflow as flow
    from applications.services import submit_declaration

    decl = walk(batch, until="submitted")
    client.force_login(actors["applicant"])
    post_and_run(decl)
    submitted_report = SelfEvaluationReport.objects.get(declaration=decl)
    flow.perform(decl, "return", actor=actors["province"], note="请补充材料")
    SelfEvaluationReport.objects.filter(pk=submitted_report.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1))  # made before the submission was returned
    decl.refresh_from_db()
    decl.submitted_at = timezone.now() - datetime.timedelta(hours=1)
    decl.save(update_fields=["submitted_at"])
    post_and_run(decl)
    draft_report = SelfEvaluationReport.objects.exclude(pk=submitted_report.pk).get(declaration=decl)

    client.force_login(actors["province"])
    assert client.get(download_url(draft_report)).status_code == 404
    assert client.get(download_url(submitted_report)).status_code == 200
    client.force_login(actors["applicant"])
    assert client.get(download_url(draft_report)).status_code == 200
    submit_declaration(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["province"])
    assert client.get(download_url(draft_report)).status_code == 200  # it is the submitted content now


def test_the_status_card_of_a_returned_declaration_being_revised_is_the_applicants(client, actors, walk, batch,
                                                                                   post_and_run):
    """R-FLOW-2: while a returned declaration is revised, the status card shows the report of the
    draft and its total: refused (403) to the province, the agency and the ministry, like the
    self-evaluation page it belongs to, and nothing changes; theirs again once resubmitted."""
    from applications import workflow as flow
    from applications.services import submit_declaration
    from greenlist.models import HistoryEntry

    decl = walk(batch, until="evaluated")
    flow.perform(decl, "return", actor=actors["province"], note="请补充材料")
    client.force_login(actors["applicant"])
    post_and_run(decl)  # a report of the draft under revision
    before = (HistoryEntry.objects.count(), list(SelfEvaluationReport.objects.values_list("pk", "status")))

    for role in ("province", "agency", "reviewer", "admin"):
        client.force_login(actors[role])
        response = client.get(status_url(decl))
        assert response.status_code == 403, role
        assert "正在修改自评价" in response.content.decode() and "自评价总分" not in response.content.decode()
    assert (HistoryEntry.objects.count(), list(SelfEvaluationReport.objects.values_list("pk", "status"))) == before
    client.force_login(actors["applicant"])
    assert "自评价总分" in client.get(status_url(decl)).content.decode()
    submit_declaration(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["province"])
    assert client.get(status_url(decl)).status_code == 200
