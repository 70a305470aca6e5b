"""Third-party evaluation in the skeleton: only the engaged agency evaluates; reports are PDFs
checked by content and served only to those who may see the declaration."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Declaration
from evaluations.models import Evaluation
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def post_evaluation(client, decl, report, submit=True):
    data = {"score": "83.5", "conclusion": "meets", "on_site_date": "2026-11-01", "recommendations": "无"}
    if report is not None:
        data["report"] = report
    if submit:
        data["submit"] = "1"
    return client.post(reverse("evaluations:evaluate", args=[decl.pk]), data)


def test_engaged_agency_evaluates_and_the_declaration_moves_on(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("报告.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    decl.refresh_from_db()
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    assert (decl.status, evaluation.score, evaluation.conclusion) == ("evaluated", 83.5, "meets")
    assert evaluation.report.name.startswith("evaluation-reports/") and "报告" not in evaluation.report.name


def test_renamed_executable_is_refused_and_nothing_moves(client, actors, walk, batch):
    """An ELF binary named .pdf and sent as application/pdf is refused by its bytes."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    fake = SimpleUploadedFile("report.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "application/pdf")
    response = post_evaluation(client, decl, fake)
    html = response.content.decode()
    assert response.status_code == 200, "the form is shown again, not redirected"
    assert "不是 PDF 文件" in html and 'value="83.5"' in html
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"
    assert not Evaluation.objects.exists()


def test_submit_without_report_keeps_the_draft_and_explains(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, None)
    assert response.status_code == 403
    assert "评价报告（PDF）均需填写" in response.content.decode()
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    assert evaluation.score == 83.5 and evaluation.submitted_at is None
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_agency_not_engaged_cannot_open_or_post_the_evaluation(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    client.force_login(actors["other_agency"])
    assert client.get(reverse("evaluations:evaluate", args=[decl.pk])).status_code == 404
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 404
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"
    assert client.get(reverse("applications:detail", args=[decl.pk])).status_code == 404


def test_report_download_is_permission_checked(client, actors, walk, batch):
    decl = walk(batch, until="evaluated")
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    url = reverse("evaluations:report", args=[evaluation.pk])
    for who in ("applicant", "agency", "province", "reviewer"):
        client.force_login(actors[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for who in ("other_applicant", "other_agency", "other_province", "expert"):
        client.force_login(actors[who])
        assert client.get(url).status_code == 404, who
    client.logout()
    assert client.get(url).status_code == 302


def test_engagements_page_lists_only_my_agency_with_fixed_queries(client, actors, walk, batch, steady_queries):
    walk(batch, until="submitted", unit_name="委托甲")
    walk(batch, until="submitted", unit_name="别家委托", agency=actors["other_agency"])
    client.force_login(actors["agency"])
    html = steady_queries(reverse("evaluations:engagements"), 6)
    assert "委托甲" in html and "别家委托" not in html
    walk(batch, until="submitted", unit_name="委托乙")
    html = steady_queries(reverse("evaluations:engagements"), 6)
    assert "委托乙" in html


def test_saved_draft_with_report_reopens_and_submits_later(client, actors, walk, batch):
    """The draft (with its uploaded report) is kept; reopening the form works; submit later."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"), submit=False)
    assert response.status_code == 302
    page = client.get(reverse("evaluations:evaluate", args=[decl.pk]))
    assert page.status_code == 200 and "已上传评价报告" in page.content.decode()
    evaluation = Evaluation.objects.get()
    # Before submission only the agency itself may download its draft report.
    client.force_login(actors["applicant"])
    assert client.get(reverse("evaluations:report", args=[evaluation.pk])).status_code == 404
    client.force_login(actors["agency"])
    assert client.get(reverse("evaluations:report", args=[evaluation.pk])).status_code == 200
    post_evaluation(client, decl, None, submit=True)
    assert Declaration.objects.get(pk=decl.pk).status == "evaluated"
    client.force_login(actors["applicant"])
    assert client.get(reverse("evaluations:report", args=[evaluation.pk])).status_code == 200


def test_returned_declaration_is_evaluated_again_for_its_new_version(client, actors, walk, batch):
    """R-FLOW-2: a resubmitted version gets a fresh third-party evaluation; the old one stays."""
    from applications import services, workflow

    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="请补充材料")
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["province"])
    assert "待第三方评价" in client.get(reverse("reviews:province")).content.decode()
    client.force_login(actors["agency"])
    post_evaluation(client, decl, SimpleUploadedFile("v2.pdf", PDF_BYTES, "application/pdf"))
    decl.refresh_from_db()
    assert decl.status == "evaluated"
    assert list(Evaluation.objects.order_by("version").values_list("version", "score")) == [(1, 82), (2, 83.5)]
    client.force_login(actors["province"])
    assert "83.5" in client.get(reverse("reviews:province")).content.decode()


def test_evaluation_form_is_closed_outside_the_evaluation_stage(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    assert not Evaluation.objects.exists()
