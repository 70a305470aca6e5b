"""Third-party evaluation in the skeleton: only the engaged agency evaluates; reports are PDFs
checked by content and served only to those who may see the declaration."""
import re
from decimal import Decimal
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Declaration
from evaluations.models import Evaluation
from greenlist.portal.demo import fill_self_evaluation
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def post_evaluation(client, decl, report, submit=True):
    data = {"conclusion": "meets", "on_site_date": "2026-11-01", "recommendations": "无"}
    if report is not None:
        data["report"] = report
    if submit:
        data["submit"] = "1"
    return client.post(reverse("evaluations:evaluate", args=[decl.pk]), data)


def score_all(actors, decl, quality="0.9"):
    """The agency's indicator-by-indicator scoring, complete (what its scoring page records)."""
    return fill_self_evaluation(actors["agency"], decl, quality=Decimal(quality), third_party=True).total


def test_engaged_agency_evaluates_and_the_declaration_moves_on(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    total = score_all(actors, decl)
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("报告.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    decl.refresh_from_db()
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    # The third-party score is the total of the agency's own scoring, not a typed-in number.
    assert (decl.status, evaluation.score, evaluation.conclusion) == ("evaluated", total, "meets")
    assert evaluation.report.name.startswith("evaluation-reports/") and "报告" not in evaluation.report.name


def test_evaluation_needs_the_indicator_scoring_complete(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 403
    assert "第三方评价打分未完成：36 项指标未评分" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_renamed_executable_is_refused_and_nothing_moves(client, actors, walk, batch):
    """An ELF binary named .pdf and sent as application/pdf is refused by its bytes."""
    decl = walk(batch, until="submitted")
    client.force_login(actors["agency"])
    fake = SimpleUploadedFile("report.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "application/pdf")
    response = post_evaluation(client, decl, fake)
    html = response.content.decode()
    assert response.status_code == 200, "the form is shown again, not redirected"
    assert "不是 PDF 文件" in html and 'value="2026-11-01"' in html
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"
    assert not Evaluation.objects.exists()


def test_submit_without_report_keeps_the_draft_and_explains(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    score_all(actors, decl)
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, None)
    assert response.status_code == 403
    assert "评价报告（PDF）均需填写" in response.content.decode()
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    assert evaluation.conclusion == "meets" and evaluation.submitted_at is None
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
    # 6 + the proposals, the batches with the cap counts and the agency's registration (R-AGENCY-CAP)
    html = steady_queries(reverse("evaluations:engagements"), 10)
    assert "委托甲" in html and "别家委托" not in html
    walk(batch, until="submitted", unit_name="委托乙")
    html = steady_queries(reverse("evaluations:engagements"), 10)
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
    score_all(actors, decl)
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
    score_all(actors, decl, "0.9")  # the agency re-scores the new version: 63 + 27 = 90.0
    client.force_login(actors["agency"])
    post_evaluation(client, decl, SimpleUploadedFile("v2.pdf", PDF_BYTES, "application/pdf"))
    decl.refresh_from_db()
    assert decl.status == "evaluated"
    first, second = Evaluation.objects.order_by("version")
    assert (first.version, second.version) == (1, 2) and second.score == D("90.0") != first.score
    client.force_login(actors["province"])
    assert "90.0" in client.get(reverse("reviews:province")).content.decode()


def test_evaluation_form_is_closed_outside_the_evaluation_stage(client, actors, walk, batch):
    decl = walk(batch, until="draft")
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302
    assert not Evaluation.objects.exists()


def test_province_sees_both_scores_side_by_side_with_the_difference_marked(client, actors, walk, batch):
    """R-EVAL-5 / issue: a planted difference on one indicator is the only row marked."""
    from evaluations import indicators, services

    decl = walk(batch, until="submitted")
    fill_self_evaluation(actors["agency"], decl, quality=Decimal("0.85"), third_party=True)  # as the applicant
    indicators.save_third_party_scores(actor=actors["agency"], declaration=decl, entries={"IF1": {"points": Decimal("2")}})
    services.save_evaluation(actor=actors["agency"], engagement=decl.engagements.get(status="accepted"), submit=True,
                             conclusion="meets", report=SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    client.force_login(actors["province"])
    html = client.get(reverse("applications:detail", args=[decl.pk])).content.decode()
    assert 'id="comparison"' in html
    marked = re.findall(r'<tr class="table-danger" data-differs="1"><td class="font-monospace">(\w+)</td>', html)
    assert marked == ["IF1"]
    row = re.search(r'data-differs="1">(.*?)</tr>', html, flags=re.S).group(1)
    assert re.findall(r'<td class="text-end">([^<]*)</td>', row) == ["6.80", "2"]  # self 8 × 0.85, agency 2


def test_scoring_page_belongs_to_the_engaged_agency_during_evaluation(client, actors, walk, batch):
    decl = walk(batch, until="submitted")
    url = reverse("evaluations:scores", args=[decl.pk])
    client.force_login(actors["other_agency"])
    assert client.get(url).status_code == 404
    client.force_login(actors["agency"])
    response = client.post(url, {"IF1-points": "7"}, follow=True)
    assert "第三方评价打分已保存，当前得分 7.0 分" in response.content.decode()
    walk_decl = Declaration.objects.get(pk=decl.pk)
    assert walk_decl.self_score != 7  # the applicant's self-evaluation is untouched
    score_all(actors, decl)
    post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    response = client.post(url, {"IF1-points": "1"})
    assert response.status_code == 403 and "不在第三方评价阶段" in response.content.decode()


def test_scores_from_an_earlier_version_do_not_count(client, actors, walk, batch):
    """A resubmitted version is scored again: the agency cannot submit on the old scores."""
    from applications import services, workflow

    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="请补充材料")
    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("v2.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 403
    assert "尚未对本次提交的版本评分" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_meets_is_refused_when_the_agencys_scoring_fails_a_requirement(client, actors, walk, batch):
    from evaluations import indicators

    decl = walk(batch, until="submitted")
    score_all(actors, decl)
    indicators.save_third_party_scores(actor=actors["agency"], declaration=decl, entries={"BR2": {"met": False}})
    client.force_login(actors["agency"])
    response = post_evaluation(client, decl, SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 403
    assert "评价结论不能为“符合要求”" in response.content.decode()
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"


def test_a_debarred_agency_cannot_save_scores(actors, walk, batch):
    """R-AGENCY-BAN: nothing of a debarred agency's evaluation is accepted, drafts included."""
    import datetime

    from django.utils import timezone

    from applications import workflow
    from evaluations import indicators
    from evaluations.agencies import AgencyProfile

    decl = walk(batch, until="submitted")
    AgencyProfile.objects.filter(organisation=actors["agency"].organisation).update(
        debarred_until=timezone.localdate() + datetime.timedelta(days=1))
    agency_user = type(actors["agency"]).objects.get(pk=actors["agency"].pk)  # as a new request loads it
    with pytest.raises(workflow.TransitionRefused, match="禁入"):
        indicators.save_third_party_scores(actor=agency_user, declaration=decl, entries={"IF1": {"points": 1}})


def test_a_nul_character_in_the_query_is_not_an_error(client, actors):
    assert client.get("/agencies/", {"q": "a\x00b"}).status_code == 200
    client.force_login(actors["agency"])
    assert client.get(reverse("evaluations:engagements"), {"status": "a\x00"}).status_code == 200


def test_submitting_generates_the_standard_evaluation_summary(client, actors, walk, batch, eager_celery,
                                                              django_capture_on_commit_callbacks):
    """R-EVAL-5: beside the signed report, the system generates the summary from the agency's
    scoring: indicator by indicator, the conclusion and the recommendations."""
    import subprocess

    from evaluations import services

    decl = walk(batch, until="submitted")
    total = score_all(actors, decl)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_evaluation(actor=actors["agency"], engagement=decl.engagements.get(status="accepted"),
                                 submit=True, conclusion="meets", recommendations="建议提高余热利用",
                                 report=SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf"))
    evaluation = Evaluation.objects.get(engagement__declaration=decl)
    assert evaluation.summary.name.startswith("evaluation-summaries/")
    client.force_login(actors["province"])
    page = client.get(reverse("applications:detail", args=[decl.pk])).content.decode()
    assert 'id="summary-link"' in page
    response = client.get(reverse("evaluations:summary", args=[evaluation.pk]))
    text = subprocess.run(["pdftotext", "-", "-"], input=b"".join(response.streaming_content),
                          capture_output=True, check=True).stdout.decode()
    compact = "".join(text.split())
    assert decl.unit_name in compact and f"第三方评价得分：{total}分" in compact
    assert "建议提高余热利用" in compact and actors["agency"].organisation.name in compact
    client.force_login(actors["other_province"])
    assert client.get(reverse("evaluations:summary", args=[evaluation.pk])).status_code == 404
