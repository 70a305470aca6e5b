"""Attachments (附件): content checks, the required documents per kind, freezing at submission
(R-FLOW-2), and who may see and download which file."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import attachments, services, workflow
from applications.attachments import Attachment, attach_required_documents, upload_attachment
from applications.models import Declaration
from greenlist.files import DOCX, JPEG, PDF, PNG, XLSX, validate_document
from greenlist.models import HistoryEntry, ListKind
from tests import factories
from tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


# --- real files of each kind ----------------------------------------------------------------

def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(out, format="JPEG")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["指标", "数值"])
    book.active.append(["单位产品综合能耗", 1.25])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(order=("[Content_Types].xml", "_rels/.rels", "word/document.xml")) -> bytes:
    """A minimal Word document: the three parts Word needs, in the given order."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
            'main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>绿色供应链管理制度</w:t></w:r></w:p></w:body>'
            '</w:document>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            archive.writestr(name, parts[name])
    return out.getvalue()


def elf_bytes() -> bytes:
    return Path("/bin/true").read_bytes()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- content checks -------------------------------------------------------------------------

@pytest.mark.parametrize("make, name, expected", [
    (lambda: PDF_BYTES, "自评价报告.pdf", PDF),
    (png_bytes, "营业执照.png", PNG),
    (jpeg_bytes, "营业执照.jpg", JPEG),
    (xlsx_bytes, "能耗数据.xlsx", XLSX),
    (docx_bytes, "管理制度.docx", DOCX),
])
def test_allowed_documents_are_recognised_by_their_content(make, name, expected):
    assert validate_document(upload(make(), name)) == expected


def test_office_files_are_recognised_whatever_they_are_called():
    """The bytes decide: an xlsx named .pdf is an xlsx; a docx whose parts come in an unusual
    order (filetype alone calls it a ZIP) is still a docx."""
    assert validate_document(upload(xlsx_bytes(), "表格.pdf")) == XLSX
    odd = docx_bytes(order=("word/document.xml", "_rels/.rels", "[Content_Types].xml"))
    assert validate_document(upload(odd, "制度.docx")) == DOCX


def test_renamed_executable_is_refused_naming_the_file_and_what_it_is():
    """An executable renamed to .pdf is refused by its content, not its name."""
    with pytest.raises(ValidationError) as refused:
        validate_document(upload(elf_bytes(), "营业执照.pdf"))
    message = refused.value.messages[0]
    assert refused.value.code == "type_not_allowed"
    assert "“营业执照.pdf”" in message and "可执行程序（application/x-executable）" in message
    assert "允许：PDF、JPEG、PNG、Excel（xlsx）、Word（docx）" in message


def test_plain_zip_and_unknown_bytes_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "不是 Office 文件")
    with pytest.raises(ValidationError, match="ZIP 压缩包"):
        validate_document(upload(archive.getvalue(), "材料.docx"))
    with pytest.raises(ValidationError, match="未知类型"):
        validate_document(upload("纯文本".encode(), "说明.pdf"))


def test_empty_and_oversize_files_are_refused(settings):
    with pytest.raises(ValidationError, match="“空.pdf”是空文件") as refused:
        validate_document(upload(b"", "空.pdf"))
    assert refused.value.code == "empty"
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        validate_document(upload(PDF_BYTES, "大报告.pdf"))
    assert refused.value.code == "too_large"
    assert refused.value.messages == [f"“大报告.pdf”文件过大（{len(PDF_BYTES)} B），上限为 100 B。"]


# --- the page: upload, delete ---------------------------------------------------------------

def draft(actors, batch, **fields):
    """A draft without attachments (walk attaches the required documents)."""
    return services.create_declaration(actor=actors["applicant"], batch=batch,
                                       **factories.declaration_values(**fields))


def page_url(decl):
    return reverse("applications:attachments", args=[decl.pk])


def test_applicant_uploads_evidence_and_the_page_shows_it(client, actors, batch):
    decl = draft(actors, batch)
    client.force_login(actors["applicant"])
    refused = client.post(page_url(decl), {"purpose": "evidence", "indicator_code": "X26",
                                           "file": upload(xlsx_bytes(), "低风险供应商名录.xlsx")})
    assert "选择一个有效的选项" in refused.content.decode()  # X26 is a supply-chain indicator, not a factory's
    content = xlsx_bytes()  # once: the workbook carries a timestamp, so two builds can differ by a byte
    response = client.post(page_url(decl), {"purpose": "evidence", "indicator_code": "PF6",
                                            "file": upload(content, "低风险供应商名录.xlsx")}, follow=True)
    html = response.content.decode()
    assert "已上传：低风险供应商名录.xlsx" in html
    row = Attachment.objects.get(declaration=decl)
    assert (row.purpose, row.indicator_code, row.content_type, row.original_name, row.uploaded_by) == (
        "evidence", "PF6", XLSX, "低风险供应商名录.xlsx", actors["applicant"])
    assert row.size == len(content) and len(row.sha256) == 64 and row.submitted_in_version is None
    # Stored under a random name with the extension of its content, in private storage.
    assert row.file.name.startswith("attachments/") and row.file.name.endswith(".xlsx")
    assert "低风险" not in row.file.name
    assert "PF6" in html and "佐证材料" in html and "未提交" in html
    entry = HistoryEntry.objects.for_object(decl).get(action="upload_attachment")
    assert entry.note == "佐证材料：低风险供应商名录.xlsx" and entry.actor == actors["applicant"]


def test_the_page_lists_the_required_documents_and_which_are_missing(client, actors, batch):
    decl = draft(actors, batch, kind=ListKind.FACTORY)
    upload_attachment(actor=actors["applicant"], declaration=decl, purpose="business_licence",
                      upload=upload(png_bytes(), "执照.png"))
    client.force_login(actors["applicant"])
    html = client.get(page_url(decl)).content.decode()
    for label in ("营业执照（副本）", "自评价报告（盖章）", "近三年能源审计或节能诊断报告"):
        assert label in html
    assert html.count("text-bg-warning") == 2 and "执照.png" in html
    detail = client.get(decl.get_absolute_url()).content.decode()
    assert 'id="attachments"' in detail and "上传和管理附件" in detail


def test_renamed_executable_upload_is_refused_on_the_page(client, actors, batch):
    """An upload of a renamed executable is refused next to the field; nothing is stored."""
    decl = draft(actors, batch)
    client.force_login(actors["applicant"])
    response = client.post(page_url(decl), {"purpose": "business_licence", "file": upload(elf_bytes(), "营业执照.pdf")})
    html = response.content.decode()
    assert response.status_code == 200, response.content[:300]
    assert "“营业执照.pdf”的内容是可执行程序（application/x-executable）" in html
    assert 'id="file-errors"' in html
    assert not Attachment.objects.exists()


def test_self_evaluation_report_must_be_a_pdf(client, actors, batch):
    """R-EVAL-5: the stamped self-evaluation report is a PDF; a Word file is refused for it."""
    decl = draft(actors, batch)
    client.force_login(actors["applicant"])
    response = client.post(page_url(decl), {"purpose": "self_evaluation_report",
                                            "file": upload(docx_bytes(), "自评价报告.docx")})
    assert "“自评价报告.docx”的内容是Word（docx），不是允许的文件类型（允许：PDF）" in response.content.decode()
    assert not Attachment.objects.exists()
    with pytest.raises(ValidationError):
        upload_attachment(actor=actors["applicant"], declaration=decl, purpose="self_evaluation_report",
                          upload=upload(docx_bytes(), "自评价报告.docx"))


def test_a_purpose_of_another_kind_is_refused(actors, batch):
    decl = draft(actors, batch, kind=ListKind.FACTORY)
    with pytest.raises(ValidationError, match="没有“park_approval”这类附件"):
        upload_attachment(actor=actors["applicant"], declaration=decl, purpose="park_approval",
                          upload=upload(PDF_BYTES, "批复.pdf"))


def test_delete_asks_then_removes_the_row_and_the_file(client, actors, batch, django_capture_on_commit_callbacks):
    decl = draft(actors, batch)
    row = upload_attachment(actor=actors["applicant"], declaration=decl, purpose="evidence",
                            upload=upload(PDF_BYTES, "旧版.pdf"))
    storage, name = row.file.storage, row.file.name
    assert storage.exists(name)
    client.force_login(actors["applicant"])
    url = reverse("applications:attachment_delete", args=[decl.pk, row.pk])
    assert "确认删除附件“旧版.pdf”（佐证材料）" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "已删除：旧版.pdf" in response.content.decode()
    assert not Attachment.objects.filter(pk=row.pk).exists() and not storage.exists(name)
    assert HistoryEntry.objects.for_object(decl).get(action="delete_attachment").note == "佐证材料：旧版.pdf"


def test_download_streams_the_file_under_its_original_name(client, actors, batch):
    decl = draft(actors, batch)
    row = upload_attachment(actor=actors["applicant"], declaration=decl, purpose="business_licence",
                            upload=upload(PDF_BYTES, "营业执照副本.pdf"))
    disguised = upload_attachment(actor=actors["applicant"], declaration=decl, purpose="evidence",
                                  upload=upload(PDF_BYTES, "说明.html"))
    client.force_login(actors["applicant"])
    response = client.get(reverse("applications:attachment_download", args=[decl.pk, row.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%E5%89%AF%E6%9C%AC.pdf" in response["Content-Disposition"]
    # Offered with the extension of what it is, never as a page the browser would render.
    response = client.get(reverse("applications:attachment_download", args=[decl.pk, disguised.pk]))
    assert "%E8%AF%B4%E6%98%8E.pdf" in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]


# --- submission -----------------------------------------------------------------------------

def test_submission_names_each_missing_document(actors, walk, batch):
    """Submission lists every missing required document at once, by name."""
    decl = walk(batch, until="draft")
    for row in Attachment.objects.filter(declaration=decl, purpose__in=["business_licence", "energy_audit"]):
        attachments.delete_attachment(actor=actors["applicant"], attachment=row)
    with pytest.raises(workflow.TransitionRefused) as refused:
        services.submit_declaration(actor=actors["applicant"], declaration=decl)
    assert "缺少附件：营业执照（副本）、近三年能源审计或节能诊断报告。" in refused.value.message
    assert Declaration.objects.get(pk=decl.pk).status == "draft"


@pytest.mark.parametrize("kind, expected", [
    (ListKind.FACTORY, "缺少附件：营业执照（副本）、自评价报告（盖章）、近三年能源审计或节能诊断报告。"),
    (ListKind.PRODUCT, "缺少附件：营业执照（副本）、产品检测报告、自评价报告（盖章）。"),
    (ListKind.PARK, "缺少附件：园区设立批复文件、园区管理机构证明、自评价报告（盖章）。"),
    (ListKind.SUPPLY_CHAIN, "缺少附件：营业执照（副本）、供应链管理制度文件、自评价报告（盖章）。"),
])
def test_each_kind_has_its_required_documents(actors, batch, kind, expected):
    decl = draft(actors, batch, kind=kind)
    assert attachments.submission_problems(decl, {}) == [expected]
    attach_required_documents(actors["applicant"], decl, PDF_BYTES)
    assert attachments.submission_problems(decl, {}) == []


def test_submission_freezes_the_attachments_into_the_version(client, actors, walk, batch):
    """R-FLOW-2: submitting marks every file with the version; the version lists them."""
    decl = walk(batch, until="submitted")
    rows = list(Attachment.objects.filter(declaration=decl).order_by("pk"))
    assert len(rows) == 3 and {r.submitted_in_version for r in rows} == {1}
    frozen = decl.versions.get(number=1).data["attachments"]
    assert [(f["purpose"], f["name"], f["sha256"], f["size"]) for f in frozen] == [
        (r.purpose, r.original_name, r.sha256, r.size) for r in rows]
    client.force_login(actors["applicant"])
    html = client.get(page_url(decl)).content.decode()
    assert "第 1 版提交" in html and "附件随所提交的版本保存" in html
    assert 'id="upload"' not in html and "attachment_delete" not in html and "删除</a>" not in html


def test_crafted_posts_cannot_change_submitted_attachments(client, actors, walk, batch):
    """R-FLOW-2: after submission an upload or a delete, even a crafted POST, is a 403 with the
    reason; the service refuses too; the files stay downloadable."""
    decl = walk(batch, until="submitted")
    row = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors["applicant"])
    response = client.post(page_url(decl), {"purpose": "evidence", "file": upload(PDF_BYTES, "补充.pdf")})
    assert response.status_code == 403
    assert "附件已冻结，不能上传或删除" in response.content.decode()
    response = client.post(reverse("applications:attachment_delete", args=[decl.pk, row.pk]))
    assert response.status_code == 403
    assert Attachment.objects.filter(declaration=decl).count() == 3
    with pytest.raises(workflow.TransitionRefused) as refused:
        attachments.delete_attachment(actor=actors["applicant"], attachment=row)
    assert refused.value.code == "frozen"
    with pytest.raises(workflow.TransitionRefused):
        upload_attachment(actor=actors["applicant"], declaration=decl, purpose="evidence",
                          upload=upload(PDF_BYTES, "补充.pdf"))
    response = client.get(reverse("applications:attachment_download", args=[decl.pk, row.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES


def test_a_returned_declaration_keeps_its_submitted_files_and_adds_new_ones_to_the_next_version(
        client, actors, walk, batch):
    """R-FLOW-2: after a return, files of version 1 cannot be deleted; a new file goes with
    version 2, and each version's copy lists what it was submitted with."""
    decl = walk(batch, until="evaluated")
    workflow.perform(decl, "return", actor=actors["province"], note="请补充能源计量器具配备证明")
    first = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors["applicant"])
    response = client.post(reverse("applications:attachment_delete", args=[decl.pk, first.pk]))
    assert response.status_code == 403
    assert f"附件“{first.original_name}”已随第 1 版提交，不能删除。" in response.content.decode()
    client.post(page_url(decl), {"purpose": "evidence", "indicator_code": "IF3",
                                 "file": upload(png_bytes(), "计量器具.png")})
    added = Attachment.objects.get(declaration=decl, original_name="计量器具.png")
    assert added.submitted_in_version is None
    # The province sees the declaration, but not a file the applicant has not submitted yet.
    client.force_login(actors["province"])
    assert client.get(reverse("applications:attachment_download", args=[decl.pk, added.pk])).status_code == 404
    assert "计量器具.png" not in client.get(page_url(decl)).content.decode()

    services.submit_declaration(actor=actors["applicant"], declaration=decl)
    decl.refresh_from_db()
    added.refresh_from_db()
    first.refresh_from_db()
    assert (decl.version, added.submitted_in_version, first.submitted_in_version) == (2, 2, 1)
    assert len(decl.versions.get(number=1).data["attachments"]) == 3
    assert [f["name"] for f in decl.versions.get(number=2).data["attachments"]][-1] == "计量器具.png"
    assert client.get(reverse("applications:attachment_download", args=[decl.pk, added.pk])).status_code == 200


# --- who may see what -----------------------------------------------------------------------

@pytest.mark.parametrize("who", ["other_applicant", "other_agency", "other_province"])
def test_other_organisations_get_404_on_the_page_and_the_download(client, actors, walk, batch, who):
    decl = walk(batch, until="submitted")
    row = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors[who])
    for url in (page_url(decl), reverse("applications:attachment_download", args=[decl.pk, row.pk]),
                reverse("applications:attachment_delete", args=[decl.pk, row.pk])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert row.original_name not in response.content.decode()


def test_an_attachment_of_another_declaration_is_a_404(client, actors, walk, batch):
    mine, other = walk(batch, until="draft"), walk(batch, until="draft", applicant=actors["other_applicant"])
    row = Attachment.objects.filter(declaration=other).first()
    client.force_login(actors["applicant"])
    assert client.get(reverse("applications:attachment_download", args=[mine.pk, row.pk])).status_code == 404


@pytest.mark.parametrize("who", ["agency", "province"])
def test_engaged_agency_and_authority_download_after_submission(client, actors, walk, batch, who):
    decl = walk(batch, until="submitted")
    row = Attachment.objects.filter(declaration=decl, purpose="self_evaluation_report").get()
    client.force_login(actors[who])
    html = client.get(page_url(decl)).content.decode()
    assert row.original_name in html and 'id="upload"' not in html
    response = client.get(reverse("applications:attachment_download", args=[decl.pk, row.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    # Seeing is not changing: a POST from them is refused.
    response = client.post(page_url(decl), {"purpose": "evidence", "file": upload(PDF_BYTES, "x.pdf")})
    assert response.status_code == 403


def test_the_agency_does_not_see_a_drafts_files(client, actors, walk, batch):
    """Files become visible to the agency and the province with the submission, not before."""
    decl = walk(batch, until="draft")
    row = Attachment.objects.filter(declaration=decl).first()
    client.force_login(actors["agency"])
    assert row.original_name not in client.get(page_url(decl)).content.decode()
    assert client.get(reverse("applications:attachment_download", args=[decl.pk, row.pk])).status_code == 404


# --- query count ----------------------------------------------------------------------------

ATTACHMENTS_PAGE_QUERIES = 14  # +3: the declaration's indicator set for the evidence picker


@pytest.mark.parametrize("files", [1, 5])
def test_attachments_page_query_count_is_fixed(client, actors, batch, files, steady_queries):
    decl = draft(actors, batch)
    for n in range(files):
        upload_attachment(actor=actors["applicant"], declaration=decl, purpose="evidence",
                          upload=ContentFile(PDF_BYTES, name=f"佐证{n}.pdf"))
    client.force_login(actors["applicant"])
    html = steady_queries(page_url(decl), ATTACHMENTS_PAGE_QUERIES)
    assert html.count("佐证") >= files and html.count('href="/declarations/') >= files
